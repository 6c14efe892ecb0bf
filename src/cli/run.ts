// `tw run FILE`: one interleaving (a schedule, a named schedule, round-robin or seeded random),
// printed as a trace, the final state and the violations. Exit 0 clean, 1 violation.
import { Machine, run, describeFinal, describeViolation, formatSchedule, chainText, FillPolicy, Program, StepEvent, State } from '../core';
import { Parsed, str, int, bool, maxSteps, UsageError } from './args';
import { runOnWorkers } from '../workers/runOnWorkers';
import { Io, loadScenario, checkVariant, scheduleThreads, checkWorkerThreads } from './load';
import { escapeText } from '../lang/diagnostics';
import { jsonText } from './jsonText';

export const RUN_USAGE = 'tw run FILE [--variant V] [--schedule TEXT|NAME] [--seed N] [--max-steps N] [--engine core|workers] [--json]';
export const RUN_FLAGS = { variant: 'string', schedule: 'string', seed: 'int', json: 'bool', 'max-steps': 'int', engine: 'string' } as const;

/** What `tw run` does: one file, one interleaving, one output form. */
export interface RunOptions {
  file: string;
  /** Default: the file's own `variant`. */
  variant?: string;
  /** Schedule text or the name of a `schedule` in the file; the rest of the run is filled in. */
  schedule?: string;
  /** Fill the rest with a seeded random scheduler instead of round-robin. */
  seed?: number;
  maxSteps: number;
  engine: 'core' | 'workers';
  json: boolean;
}

/** Maps `tw run`'s flags onto RunOptions (undefined: print the usage). */
export function runOptions(p: Parsed): RunOptions | undefined {
  const file = p.positional[0];
  if (file === undefined || p.positional.length > 1) return undefined;
  const engine = str(p, 'engine') ?? 'core';
  if (engine !== 'core' && engine !== 'workers') throw new UsageError(`--engine must be 'core' or 'workers', found '${escapeText(engine)}'`);
  return {
    file, variant: str(p, 'variant'), schedule: str(p, 'schedule'), seed: int(p, 'seed'),
    maxSteps: maxSteps(p) ?? 10000, engine, json: bool(p, 'json'),
  };
}

export async function cmdRun(o: RunOptions | undefined, io: Io): Promise<number> {
  if (!o) { io.err(`usage: ${RUN_USAGE}`); return 2; }
  const file = escapeText(o.file);
  const program = loadScenario(o.file, io);
  if (!program) return 2;
  const variant = checkVariant(o.variant ?? program.variant);
  const prefix = o.schedule !== undefined ? scheduleThreads(program, o.schedule, o.maxSteps) : [];
  const fill: FillPolicy = o.seed !== undefined ? { kind: 'random', seed: o.seed } : { kind: 'round-robin' };
  const limits = { maxSteps: o.maxSteps };
  const machine = new Machine(program, variant, limits);
  // The same interleaving on real worker threads over a shared heap gives the same trace.
  if (o.engine === 'workers') checkWorkerThreads(program, '--engine workers');
  const result = o.engine === 'workers'
    ? await runOnWorkers(program, variant, { prefix, fill, detail: true, limits })
    : run(machine, { prefix, fill, detail: true });
  const names = result.schedule.map((t) => program.threads[t]?.name ?? '?');
  const state = result.state;
  if (o.json) {
    io.out(jsonText(runJson(machine, program, variant, result.setup, result.steps.map((s) => ({ event: s.event, text: s.text })), state, names)));
  } else {
    io.out(`scenario ${file}, variant ${variant}, schedule: ${formatSchedule(names) || '(none)'}`);
    if (result.setupText.length) {
      io.out('setup:');
      for (const line of result.setupText) io.out(line);
    }
    io.out('trace:');
    for (const s of result.steps) io.out(s.text);
    io.out('final state:');
    for (const line of describeFinal(machine.ctx, state)) io.out(`  ${line}`);
    io.out(state.violations.length ? 'violations:' : 'no violation');
    for (const v of state.violations) io.out(`  ${describeViolation(machine.ctx, v)}`);
  }
  return state.violations.length ? 1 : 0;
}

interface TraceLine { event: StepEvent; text: string }

function runJson(m: Machine, program: Program, variant: string, setup: StepEvent[], steps: TraceLine[], s: State, names: string[]): unknown {
  const thread = (t: number): string => program.threads[t]?.name ?? 'setup';
  const step = (x: TraceLine) => ({ step: x.event.step, thread: thread(x.event.thread), label: x.event.label, value: x.event.value, ok: x.event.ok, ret: x.event.ret, text: x.text.trim() });
  return {
    file: program.file,
    variant,
    schedule: formatSchedule(names),
    setup: setup.map((e) => ({ step: e.step, label: e.label, value: e.value, ok: e.ok, ret: e.ret })),
    trace: steps.map(step),
    final: {
      tasks: program.tasks.map((t, i) => ({ name: t.name, task_works: chainText(m.ctx, s, s.tasks[i]?.taskWorks ?? 0), pi_lock: s.tasks[i]?.lockHolder ?? -1, exiting: s.tasks[i]?.exiting ?? false })),
      works: program.works.map((w, i) => ({ name: w.name, ...s.works[i] })),
    },
    violations: s.violations.map((v) => ({ kind: v.kind, step: v.step, thread: v.thread >= 0 ? thread(v.thread) : null, label: v.label, message: v.message })),
  };
}
