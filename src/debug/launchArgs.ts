// The `tw` launch configuration: its attributes (the schema package.json declares), defaults, and
// validation that names the bad attribute. Pure: reading the program file is the session's job.
import { HISTORY_VARIANTS } from '../model';
import { VARIANT_NAMES } from '../core';
import { didYouMean } from '../lang/diagnostics';

export type SchedulerKind = 'round-robin' | 'random';

/** A validated launch configuration. */
export interface TwLaunchArgs {
  /** Path of the .tw scenario. */
  program: string;
  /** Stop before the first step (default true). */
  stopOnEntry: boolean;
  /** Variant to run; undefined = the file's `variant` (or mainline). */
  variant?: string;
  /** 'lkmm': the Linux kernel memory model; undefined = the file's `memory` statement (or sc). */
  memory?: 'sc' | 'lkmm';
  /** A schedule text or the name of a `schedule` in the file, replayed before the first stop. */
  schedule?: string;
  /** How Continue picks the next thread. */
  scheduler: SchedulerKind;
  /** Seed of the random scheduler. */
  seed: number;
  /** Stepping engine: 'workers' (default: the scenario's threads on real worker threads) or 'core'. */
  engine: string;
  /** Atomic steps before a step-limit violation. */
  maxSteps: number;
  /** Print one trace line per step to the Debug Console. */
  trace: boolean;
  /** Run without debugging: run to the end, print the trace summary, terminate. */
  noDebug: boolean;
}

interface AttributeSpec {
  type: 'string' | 'boolean' | 'integer';
  description: string;
  default?: string | boolean | number;
  enum?: readonly string[];
  /** Suggested values (the editor offers them; others are allowed). */
  examples?: readonly string[];
  minimum?: number;
  maximum?: number;
}

/** The debugger records every step for time travel: past a million, memory is the limit. */
const MAX_STEPS_CEILING = 1_000_000;

/** The launch attributes, shaped like package.json `configurationAttributes.launch.properties`. */
export const LAUNCH_ATTRIBUTES: Readonly<Record<string, AttributeSpec>> = {
  program: { type: 'string', description: 'The .tw scenario to debug.', default: '${file}' },
  stopOnEntry: { type: 'boolean', description: 'Stop before the first atomic step.', default: true },
  variant: { type: 'string', description: 'Variant of the algorithm: a shipped variant, a kernel release (v3.7 ... v6.19) or a listing file (.c, relative to the program\'s folder); default: the file\'s `variant`, else mainline.', examples: [...VARIANT_NAMES, ...HISTORY_VARIANTS] },
  schedule: { type: 'string', description: 'A schedule text ("canceller*5 owner*3") or the name of a `schedule` in the file: replayed, then the session stops. Under memory lkmm, the reads of an explorer witness may follow a | ("canceller*9 owner*9 | owner@run.next<-init").' },
  scheduler: { type: 'string', description: 'How Continue picks the next thread.', enum: ['round-robin', 'random'], default: 'round-robin' },
  seed: { type: 'integer', description: 'Seed of the random scheduler.', default: 1, minimum: 0 },
  engine: { type: 'string', description: 'Stepping engine: the core model, or real worker threads.', enum: ['core', 'workers'], default: 'workers' },
  maxSteps: { type: 'integer', description: 'Atomic steps before the run is stopped as a likely livelock (step-limit).', default: 10000, minimum: 1, maximum: MAX_STEPS_CEILING },
  trace: { type: 'boolean', description: 'Print one trace line per atomic step to the Debug Console.', default: false },
  memory: { type: 'string', description: 'Memory model: sequential consistency, or the Linux kernel memory model (runs the variant\'s listing; a load reads the newest write unless picked (Reads scope, thread-row command), data races are reported at the end); default: the file\'s `memory` statement, else sc.', enum: ['sc', 'lkmm'] },
};

/** What VS Code and other clients add to every configuration; never an error. */
const CLIENT_KEYS = new Set(['type', 'request', 'name', 'noDebug', 'preLaunchTask', 'postDebugTask', 'internalConsoleOptions',
  'debugServer', 'presentation', 'cwd', 'env', 'console', 'serverReadyAction', 'suppressMultipleSessionWarning']);

export interface LaunchValidation {
  args?: TwLaunchArgs;
  /** `launch attribute 'variant': ...`: each names the attribute. */
  errors: string[];
  /** Unknown attributes that do not look like a misspelling: reported, not fatal. */
  warnings: string[];
}

type Raw = Record<string, unknown>;

function str(raw: Raw, key: string, errors: string[]): string | undefined {
  const v = raw[key];
  if (v === undefined || v === null) return undefined;
  if (typeof v !== 'string') { errors.push(`launch attribute '${key}' must be a string, got ${JSON.stringify(v)}`); return undefined; }
  return v;
}

function bool(raw: Raw, key: string, dflt: boolean, errors: string[]): boolean {
  const v = raw[key];
  if (v === undefined || v === null) return dflt;
  if (typeof v !== 'boolean') { errors.push(`launch attribute '${key}' must be true or false, got ${JSON.stringify(v)}`); return dflt; }
  return v;
}

function int(raw: Raw, key: string, dflt: number, min: number, errors: string[], max = Number.MAX_SAFE_INTEGER): number {
  const v = raw[key];
  if (v === undefined || v === null) return dflt;
  if (typeof v !== 'number' || !Number.isInteger(v) || v < min || v > max) {
    const range = max === Number.MAX_SAFE_INTEGER ? `>= ${min}` : `from ${min} to ${max}`;
    errors.push(`launch attribute '${key}' must be an integer ${range}, got ${JSON.stringify(v)}`);
    return dflt;
  }
  return v;
}

function oneOf(raw: Raw, key: string, allowed: readonly string[], errors: string[]): string | undefined {
  const v = str(raw, key, errors);
  if (v === undefined || allowed.includes(v)) return v;
  errors.push(`launch attribute '${key}': unknown value '${v}'${didYouMean(v, allowed)}; expected one of ${allowed.join(', ')}`);
  return undefined;
}

function checkUnknown(raw: Raw, errors: string[], warnings: string[]): void {
  const known = Object.keys(LAUNCH_ATTRIBUTES);
  for (const key of Object.keys(raw)) {
    if (key in LAUNCH_ATTRIBUTES || CLIENT_KEYS.has(key) || key.startsWith('__')) continue;
    const hint = didYouMean(key, known);
    if (hint) errors.push(`unknown launch attribute '${key}'${hint}`);
    else warnings.push(`ignoring unknown launch attribute '${key}' (known: ${known.join(', ')})`);
  }
}

/** Validates a launch request's arguments; `engines` are the engine names available in this build. */
export function validateLaunchArgs(input: unknown, engines: readonly string[]): LaunchValidation {
  const errors: string[] = [];
  const warnings: string[] = [];
  if (input === undefined || input === null) input = {}; // a client may drop an empty arguments object
  if (typeof input !== 'object' || Array.isArray(input)) {
    return { errors: ['the launch configuration must be an object'], warnings };
  }
  const raw = input as Raw;
  checkUnknown(raw, errors, warnings);
  const program = str(raw, 'program', errors);
  if (program === undefined || program.trim() === '') {
    if (!errors.some((e) => e.includes("'program'"))) errors.push("launch attribute 'program' is required: the .tw file to debug");
  }
  const variant = str(raw, 'variant', errors); // checked when the launch loads: a name, a release or a file
  const scheduler = (oneOf(raw, 'scheduler', ['round-robin', 'random'], errors) ?? 'round-robin') as SchedulerKind;
  const engine = oneOf(raw, 'engine', [...new Set(['core', 'workers', ...engines])], errors) ?? 'workers';
  if (!engines.includes(engine) && !errors.some((e) => e.includes("'engine'"))) {
    errors.push(`launch attribute 'engine': '${engine}' is not available in this build (available: ${engines.join(', ')})`);
  }
  const schedule = str(raw, 'schedule', errors);
  const args: TwLaunchArgs = {
    program: program ?? '',
    stopOnEntry: bool(raw, 'stopOnEntry', true, errors),
    scheduler,
    seed: int(raw, 'seed', 1, 0, errors),
    engine,
    maxSteps: int(raw, 'maxSteps', 10000, 1, errors, MAX_STEPS_CEILING),
    trace: bool(raw, 'trace', false, errors),
    noDebug: bool(raw, 'noDebug', false, errors),
  };
  if (variant !== undefined) args.variant = variant;
  const memory = oneOf(raw, 'memory', ['sc', 'lkmm'], errors);
  if (memory === 'sc' || memory === 'lkmm') args.memory = memory;
  if (schedule !== undefined && schedule.trim() !== '') args.schedule = schedule;
  return errors.length ? { errors, warnings } : { args, errors, warnings };
}
