// Loading a launch: read and compile the scenario, resolve the variant and the schedule. Either a
// complete Loaded value or the reasons it cannot start (never a half-started session).
import { Program, Variant, VARIANT_NAMES, resolveSchedule } from '../core';
import { historyVariant, HISTORY_VARIANTS, variantOfListing, formatModelDiagnostic, isListingPath } from '../model';
import { compileSource, formatDiagnostic } from '../lang';
import { didYouMean } from '../lang/diagnostics';
import { TwLaunchArgs } from './launchArgs';
import { parsePins, splitWitness } from '../explore';
import type { Pin } from '../core';

/** File access the session needs; the Node entry points provide it (the session imports no fs). */
export interface DebugHost {
  /** The file's text; throws an Error whose message says why it cannot be read. */
  readFile(path: string): string;
  /** Absolute folder holding listings/<variant>.c; undefined serves listings by sourceReference. */
  listingsDir?: string;
  join(dir: string, name: string): string;
}

/** A diagnostic as an output line the Debug Console makes clickable. */
export interface LocatedMessage { text: string; line?: number; column?: number }

export interface Loaded {
  program: Program;
  /** A shipped variant's name, or a variant that runs a listing (a kernel release, the user's file). */
  variant: string | Variant;
  /** Thread indices to replay before the first stop, and how to name it in the stop message. */
  schedule?: { threads: number[]; label: string };
  /** Under `memory lkmm`: the schedule's read-from pins (`SCHEDULE | owner@run.next<-init`), as `tw run` takes them. */
  pins: Pin[];
  warnings: LocatedMessage[];
}

export type LoadOutcome = { ok: Loaded } | { error: string; details: LocatedMessage[] };

function launchSchedule(program: Program, text: string, maxSteps: number, name?: string): { threads: number[]; label: string } | { error: string } {
  const r = resolveSchedule(program, text, maxSteps);
  if (r.kind === 'malformed') return { error: `launch attribute 'schedule': ${r.error.message}` };
  if (r.kind === 'unknown-thread') {
    const names = program.threads.map((t) => t.name);
    const schedules = program.schedules.map((s) => s.name);
    const hint = didYouMean(r.name, [...names, ...schedules]);
    const known = schedules.length ? `; schedules in the file: ${schedules.join(', ')}` : '';
    return { error: `launch attribute 'schedule': no thread or schedule named '${r.name}'${hint} (threads: ${names.join(', ')}${known})` };
  }
  const named = name ?? r.named;
  return { threads: r.threads, label: named ? `schedule '${named}'` : 'the launch schedule' };
}

/** The reads after a schedule's '|' (a witness from `tw explore --memory lkmm`), or why they are refused. */
function launchPins(program: Program, text: string, memory: string): Pin[] | string {
  if (text === '') return [];
  if (memory !== 'lkmm') return `launch attribute 'schedule': the reads after '|' need "memory": "lkmm"`;
  const pins = parsePins(program, text);
  return typeof pins === 'string' ? `launch attribute 'schedule': ${pins}` : pins;
}

export function loadLaunch(host: DebugHost, args: TwLaunchArgs): LoadOutcome {
  let text: string;
  try {
    text = host.readFile(args.program);
  } catch (e) {
    const why = e instanceof Error ? e.message : String(e);
    return { error: `cannot read program '${args.program}': ${why}`, details: [] };
  }
  const { program, diagnostics } = compileSource(args.program, text, { releases: HISTORY_VARIANTS });
  const located = diagnostics.map((d) => ({ text: formatDiagnostic(args.program, d), line: d.range.line, column: d.range.column }));
  if (!program) {
    const count = diagnostics.filter((d) => d.severity === 'error').length;
    const first = located[0]?.text ?? `${args.program}: does not compile`;
    return { error: `${first}${count > 1 ? ` (and ${count - 1} more error(s): see the Debug Console)` : ''}`, details: located };
  }
  // launch.json's `variant` overrides the file's own `variant` statement (whose errors point at it).
  const at = program.variantAt && args.variant === undefined ? `${args.program}:${program.variantAt.line}:${program.variantAt.column}: error TW230: variant statement` : "launch attribute 'variant'";
  const variant = resolveVariant(host, args.program, args.variant ?? program.variant, at);
  if ('error' in variant) return { error: variant.error, details: [...located, ...variant.details] };
  const loaded: Loaded = { program, variant: variant.ok, pins: [], warnings: located };
  if (args.schedule !== undefined) {
    // A named witness may carry its reads after '|' (the Test Explorer's Debug and the CodeLens pass the name).
    const decl = program.schedules.find((d) => d.name === args.schedule?.trim());
    const w = splitWitness(decl ? decl.text : args.schedule);
    const s = launchSchedule(program, w.schedule, args.maxSteps, decl?.name);
    if ('error' in s) return { error: s.error, details: located };
    loaded.schedule = s;
    const pins = launchPins(program, w.pins, args.memory ?? program.memory ?? 'sc');
    if (typeof pins === 'string') return { error: pins, details: located };
    loaded.pins = pins;
  }
  return { ok: loaded };
}

/** An absolute path (POSIX or Windows), without Node's path module. */
export function isAbsolutePath(p: string): boolean { return p.startsWith('/') || /^[A-Za-z]:[\\/]/.test(p); }

/** The folder part of a path ('' for a bare name), without Node's path module (the session is portable). */
function dirOf(path: string): string {
  const i = Math.max(path.lastIndexOf('/'), path.lastIndexOf('\\'));
  return i < 0 ? '' : path.slice(0, i);
}

/**
 * The launch's variant: a shipped name, a kernel release (v3.7), or a listing file — absolute, or
 * relative to the program's folder — compiled here; its errors come back as file:line:col lines.
 */
function resolveVariant(host: DebugHost, program: string, spec: string, where: string): { ok: string | Variant } | { error: string; details: LocatedMessage[] } {
  if (VARIANT_NAMES.includes(spec)) return { ok: spec };
  const release = historyVariant(spec);
  if (release?.variant) return { ok: release.variant };
  if (release) return { error: `${where}: ${release.diagnostics.map((d) => d.message).join('; ')}`, details: [] };
  if (!isListingPath(spec)) {
    const all = [...VARIANT_NAMES, ...HISTORY_VARIANTS];
    return { error: `${where}: unknown variant '${spec}'${didYouMean(spec, all)} (a shipped variant, a release v3.7 ... v6.19, or a listing file ending in .c)`, details: [] };
  }
  const file = isAbsolutePath(spec) || !dirOf(program) ? spec : host.join(dirOf(program), spec);
  let text: string;
  try {
    text = host.readFile(file);
  } catch (e) {
    return { error: `${where}: cannot read the listing '${file}': ${e instanceof Error ? e.message : String(e)}`, details: [] };
  }
  const r = variantOfListing(file, file, text);
  const details = r.diagnostics.map((d) => ({ text: formatModelDiagnostic(file, d), line: d.range.line, column: d.range.column }));
  if (!r.variant) return { error: `${details[0]?.text ?? `${file}: the listing does not compile`}${details.length > 1 ? ` (and ${details.length - 1} more: see the Debug Console)` : ''}`, details };
  return { ok: r.variant };
}
