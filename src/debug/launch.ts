// Loading a launch: read and compile the scenario, resolve the variant and the schedule. Either a
// complete Loaded value or the reasons it cannot start (never a half-started session).
import { Program, VARIANT_NAMES, resolveSchedule } from '../core';
import { compileSource, formatDiagnostic } from '../lang';
import { didYouMean } from '../lang/diagnostics';
import { TwLaunchArgs } from './launchArgs';

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
  variant: string;
  /** Thread indices to replay before the first stop, and how to name it in the stop message. */
  schedule?: { threads: number[]; label: string };
  warnings: LocatedMessage[];
}

export type LoadOutcome = { ok: Loaded } | { error: string; details: LocatedMessage[] };

function launchSchedule(program: Program, text: string, maxSteps: number): { threads: number[]; label: string } | { error: string } {
  const r = resolveSchedule(program, text, maxSteps);
  if (r.kind === 'malformed') return { error: `launch attribute 'schedule': ${r.error.message}` };
  if (r.kind === 'unknown-thread') {
    const names = program.threads.map((t) => t.name);
    const schedules = program.schedules.map((s) => s.name);
    const hint = didYouMean(r.name, [...names, ...schedules]);
    const known = schedules.length ? `; schedules in the file: ${schedules.join(', ')}` : '';
    return { error: `launch attribute 'schedule': no thread or schedule named '${r.name}'${hint} (threads: ${names.join(', ')}${known})` };
  }
  return { threads: r.threads, label: r.named ? `schedule '${r.named}'` : 'the launch schedule' };
}

export function loadLaunch(host: DebugHost, args: TwLaunchArgs): LoadOutcome {
  let text: string;
  try {
    text = host.readFile(args.program);
  } catch (e) {
    const why = e instanceof Error ? e.message : String(e);
    return { error: `cannot read program '${args.program}': ${why}`, details: [] };
  }
  const { program, diagnostics } = compileSource(args.program, text);
  const located = diagnostics.map((d) => ({ text: formatDiagnostic(args.program, d), line: d.range.line, column: d.range.column }));
  if (!program) {
    const count = diagnostics.filter((d) => d.severity === 'error').length;
    const first = located[0]?.text ?? `${args.program}: does not compile`;
    return { error: `${first}${count > 1 ? ` (and ${count - 1} more error(s): see the Debug Console)` : ''}`, details: located };
  }
  const variant = args.variant ?? program.variant;
  if (!VARIANT_NAMES.includes(variant)) {
    return { error: `unknown variant '${variant}'${didYouMean(variant, VARIANT_NAMES)}`, details: located };
  }
  const loaded: Loaded = { program, variant, warnings: located };
  if (args.schedule !== undefined) {
    const s = launchSchedule(program, args.schedule, args.maxSteps);
    if ('error' in s) return { error: s.error, details: located };
    loaded.schedule = s;
  }
  return { ok: loaded };
}
