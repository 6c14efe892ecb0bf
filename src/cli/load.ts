// Reading and compiling scenario files for the commands: diagnostics printed as
// `file:line:col: error TWnnn: message`, a missing file as a one-line error.
import { readFileSync } from 'node:fs';
import { Program, findVariant, VARIANT_NAMES, resolveSchedule } from '../core';
import { compileSource, formatDiagnostic } from '../lang';
import { UsageError } from './args';
import { didYouMean as suggest } from '../lang/diagnostics';

export interface Io {
  out: (line: string) => void;
  err: (line: string) => void;
}

/** FILE's text, or undefined after a one-line error when it cannot be read. */
export function readSource(file: string, io: Io): string | undefined {
  try {
    return readFileSync(file, 'utf8');
  } catch (e) {
    io.err(`tw: cannot read ${file}: ${fsErrorText(e)}`);
    return undefined;
  }
}

/** Compiles FILE; prints every diagnostic to err; returns undefined on errors. */
export function loadScenario(file: string, io: Io): Program | undefined {
  const text = readSource(file, io);
  if (text === undefined) return undefined;
  const { program, diagnostics } = compileSource(file, text);
  for (const d of diagnostics) io.err(formatDiagnostic(file, d));
  return program;
}

/** A file-system error in a few words ('no such file', 'is a directory', or the errno code). */
export function fsErrorText(e: unknown): string {
  const code = (e as NodeJS.ErrnoException).code ?? 'error';
  return code === 'ENOENT' ? 'no such file' : code === 'EISDIR' ? 'is a directory' : code;
}

/** Validates a variant name (exit 2 with a suggestion when it is unknown). */
export function checkVariant(name: string): string {
  if (findVariant(name)) return name;
  throw new UsageError(`unknown variant '${name}'${suggest(name, VARIANT_NAMES)} (variants: ${VARIANT_NAMES.join(', ')})`);
}

/** A schedule given on the command line: a named schedule of the file, or schedule text. */
export function scheduleThreads(program: Program, given: string): number[] {
  const r = resolveSchedule(program, given);
  if (r.kind === 'malformed') throw new UsageError(`--schedule: ${r.error.message}`);
  if (r.kind === 'unknown-thread') {
    const names = program.threads.map((t) => t.name);
    const hint = r.named ? '' : program.schedules.length ? ` (named schedules: ${program.schedules.map((s) => s.name).join(', ')})` : '';
    throw new UsageError(`--schedule: no thread named '${r.name}'${suggest(r.name, names)}; threads: ${names.join(', ')}${hint}`);
  }
  return r.threads;
}
