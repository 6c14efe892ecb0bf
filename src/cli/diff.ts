// `tw diff FILE --schedule A --with B [--variant V] [--at N]`: two interleavings side by side, the
// first step where they part and the state difference after step N (default: the end).
// Exit 0 when they are the same interleaving, 1 when they differ (as diff(1)), 2 bad input.
import { Machine } from '../core';
import { Parsed, str, int, UsageError } from './args';
import { Io, loadScenario, scheduleThreads } from './load';
import { scenarioVariant, variantTitle } from './loadListing';
import { diffSchedules, diffText } from '../report';
import { escapeText } from '../lang/diagnostics';

export const DIFF_USAGE = 'tw diff FILE --schedule TEXT|NAME --with TEXT|NAME [--variant V] [--at N]';
export const DIFF_FLAGS = { schedule: 'string', with: 'string', variant: 'string', at: 'int' } as const;

export interface DiffOptions {
  file: string;
  a: string;
  b: string;
  variant?: string;
  /** Compare the states after this step (1-based); default: after the last step of the longer run. */
  at?: number;
}

export function diffOptions(p: Parsed): DiffOptions | undefined {
  const file = p.positional[0];
  const a = str(p, 'schedule');
  const b = str(p, 'with');
  if (file === undefined || p.positional.length > 1 || a === undefined || b === undefined) return undefined;
  return { file, a, b, variant: str(p, 'variant'), at: int(p, 'at') };
}

export function cmdDiff(o: DiffOptions | undefined, io: Io): number {
  if (!o) { io.err(`usage: ${DIFF_USAGE}`); return 2; }
  const program = loadScenario(o.file, io);
  if (!program) return 2;
  const variant = scenarioVariant(program, o.variant, io);
  const m = new Machine(program, variant);
  const limit = m.ctx.limits.maxSteps;
  const d = diffSchedules(m, scheduleThreads(program, o.a, limit), scheduleThreads(program, o.b, limit));
  const longest = Math.max(d.a.schedule.length, d.b.schedule.length);
  if (o.at !== undefined && (o.at < 1 || o.at > longest)) throw new UsageError(`--at must be a step from 1 to ${longest}, found ${o.at}`);
  io.out(`tw diff ${escapeText(o.file)}, variant ${variantTitle(variant)}`);
  for (const line of diffText(m, d, o.at)) io.out(line);
  return d.common === d.a.schedule.length && d.common === d.b.schedule.length ? 0 : 1;
}
