// `--memory sc|lkmm` for tw run and tw explore, and what a run under the LKMM needs: the variant's
// listing (a shipped name resolves to listings/NAME.c) and the witness's pins after a `|` in --schedule.
import { Program, Variant, MemoryModel, Pin } from '../core';
import { listingVariantFor } from '../model';
import { parsePins, splitWitness } from '../explore';
import { Parsed, str, UsageError } from './args';
import { escapeText } from '../lang/diagnostics';

/** The --memory flag (undefined: the file's own `memory` statement, else sc). */
export function memoryFlag(p: Parsed): MemoryModel | undefined {
  const m = str(p, 'memory');
  if (m === undefined) return undefined;
  if (m !== 'sc' && m !== 'lkmm') throw new UsageError(`--memory must be 'sc' or 'lkmm', found '${escapeText(m)}'`);
  return m;
}

/** The memory a run uses: the flag, else the file's `memory lkmm;`, else sc. */
export function memoryOf(program: Program, flag: MemoryModel | undefined): MemoryModel {
  return flag ?? program.memory ?? 'sc';
}

/** The variant as a listing (the LKMM judges a listing's accesses), or a usage error naming it. */
export function lkmmListing(v: string | Variant): Variant {
  const r = listingVariantFor(v);
  if (!r.variant) throw new UsageError(`--memory lkmm: variant '${escapeText(typeof v === 'string' ? v : v.name)}' has no listing to run`);
  return r.variant;
}

/** `SCHEDULE | PINS`: the schedule text and the pins (a usage error for a bad pin). */
export function scheduleAndPins(program: Program, text: string | undefined, memory: MemoryModel): { schedule?: string; pins: Pin[] } {
  if (text === undefined) return { pins: [] };
  const w = splitWitness(program.schedules.find((s) => s.name === text)?.text ?? text); // a named witness may carry its reads
  if (w.pins === '') return { schedule: w.schedule || undefined, pins: [] };
  if (memory !== 'lkmm') throw new UsageError(`--schedule: the reads after '|' (${escapeText(w.pins)}) need --memory lkmm`);
  const pins = parsePins(program, w.pins);
  if (typeof pins === 'string') throw new UsageError(`--schedule: ${escapeText(pins)}`);
  return { schedule: w.schedule || undefined, pins };
}
