// Reading and compiling scenario files for the commands: diagnostics printed as
// `file:line:col: error TWnnn: message`, a missing file as a one-line error.
import { readFileSync } from 'node:fs';
import { Program, findVariant, VARIANT_NAMES, resolveSchedule } from '../core';
import { compileBytes, formatDiagnostic, Diagnostic } from '../lang';
import { UsageError } from './args';
import { HISTORY_VARIANTS } from '../model';
import { MAX_WORKER_THREADS } from '../workers';
import { didYouMean as suggest, escapeText } from '../lang/diagnostics';

export interface Io {
  out: (line: string) => void;
  err: (line: string) => void;
  /**
   * File arguments whose bytes are not UTF-8 (the process sees them with U+FFFD in place of the
   * bad bytes): the name as given to the command -> the real bytes to open it by.
   */
  rawPaths?: ReadonlyMap<string, Buffer>;
}

/** The bytes of a file named on the command line (by its real name when it is not UTF-8). */
export function readInput(file: string, io: Io): Buffer {
  return readFileSync(io.rawPaths?.get(file) ?? file);
}

export interface Compiled {
  /** The name as shown in messages (unsafe characters escaped). */
  file: string;
  program?: Program;
  diagnostics: Diagnostic[];
  /** Why the file could not be read, if it could not. */
  error?: string;
}

/** Reads and compiles FILE; never throws for a user's mistake. */
export function compileFile(file: string, io: Io): Compiled {
  const shown = escapeText(file);
  let bytes: Buffer;
  try {
    bytes = readInput(file, io);
  } catch (e) {
    return { file: shown, diagnostics: [], error: fsErrorText(e) };
  }
  return { file: shown, ...compileBytes(file, bytes, { releases: HISTORY_VARIANTS }) };
}

/** Compiles FILE; prints every diagnostic to err; returns undefined on errors. */
export function loadScenario(file: string, io: Io): Program | undefined {
  const r = compileFile(file, io);
  if (r.error) io.err(`tw: cannot read ${r.file}: ${r.error}`);
  for (const d of r.diagnostics) io.err(formatDiagnostic(r.file, d));
  return r.program;
}

/** A file-system error in a few words ('no such file', 'is a directory', or the errno code). */
export function fsErrorText(e: unknown): string {
  const code = (e as NodeJS.ErrnoException).code ?? 'error';
  return code === 'ENOENT' ? 'no such file' : code === 'EISDIR' ? 'is a directory' : code;
}

/** The worker backend runs one worker thread per scenario thread, up to a cap: exit 2 past it. */
export function checkWorkerThreads(program: Program, what: string): void {
  const n = program.threads.length;
  if (n > MAX_WORKER_THREADS) {
    throw new UsageError(`${what} runs one worker thread per scenario thread, at most ${MAX_WORKER_THREADS}; this scenario has ${n} threads${what.startsWith('--engine') ? ' (the core engine has no such limit: leave --engine out)' : ''}`);
  }
}

/** Validates a variant name (exit 2 with a suggestion when it is unknown). */
export function checkVariant(name: string, more: readonly string[] = []): string {
  if (findVariant(name)) return name;
  const all = [...VARIANT_NAMES, ...more];
  const also = more.length ? `; kernel releases: ${more.join(', ')}; or a listing file, ./my_task_work.c` : '';
  throw new UsageError(`unknown variant '${escapeText(name)}'${suggest(name, all)} (variants: ${VARIANT_NAMES.join(', ')}${also})`);
}

/** A schedule given on the command line: a named schedule of the file, or schedule text. */
export function scheduleThreads(program: Program, given: string, maxSteps: number): number[] {
  const r = resolveSchedule(program, given, maxSteps);
  if (r.kind === 'malformed') throw new UsageError(`--schedule: ${r.error.message}`);
  if (r.kind === 'unknown-thread') {
    const names = program.threads.map((t) => t.name);
    const hint = r.named ? '' : program.schedules.length ? ` (named schedules: ${program.schedules.map((s) => s.name).join(', ')})` : '';
    throw new UsageError(`--schedule: no thread named '${escapeText(r.name)}'${suggest(r.name, names)}; threads: ${names.join(', ')}${hint}`);
  }
  return r.threads;
}
