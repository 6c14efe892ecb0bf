// One execution as the drawings see it: every step of a schedule with its thread, label, the C or
// .tw statement it stands for, how deep in calls it is, the API call it starts, and the violations
// it reported. The run itself is core's `run`; the steps are then replayed to read each frame.
import { Machine, FillPolicy, State, StepEvent, Violation, Frame, run, chainText, describeViolation } from '../core';
import { ListingLines, codeOfLabel } from './labelCode';

export interface ScheduleStep {
  /** 0-based index in the schedule (the trace's step number minus one). */
  index: number;
  thread: number;
  event: StepEvent;
  /** Calls deep: 0 for the thread's own statements, 1 inside an API call, 2 in a callback... */
  depth: number;
  /** The .tw statement of the API call this step starts (`let w = task_work_cancel_func(T, fa);`). */
  call?: string;
  /** The C (from the listing) or the .tw statement this step executes; for a spin, why it waits. */
  code: string;
  violations: Violation[];
  /** The `tw run` trace line of the step (for tooltips). */
  trace: string;
}

export interface ScheduleRun {
  threads: string[];
  steps: ScheduleStep[];
  /** Every violation, the end-of-execution ones (step 0) included, and each as `tw run` words it. */
  violations: Violation[];
  violationText: string[];
  /** `T.task_works = B -> A -> NULL` for each task after setup. */
  initially: string[];
  /** Thread index of every step: the path findRace replays. */
  schedule: number[];
}

/** Runs prefix then fill (as `tw run` does) and describes each step. */
export function scheduleRun(m: Machine, listing: ListingLines, prefix: readonly number[], fill: FillPolicy): ScheduleRun {
  const result = run(m, { prefix, fill, detail: true });
  const { state } = m.init();
  const initially = m.program.tasks.map((t, i) => `${t.name}.task_works = ${chainText(m.ctx, state, state.tasks[i]?.taskWorks ?? 0)}`);
  const started: (Frame | undefined)[] = [];
  const steps = result.schedule.map((t, index) => {
    const before = describeNext(m, listing, state, t, started);
    const event = m.step(state, t);
    const violations = event.firstViolation >= 0 ? state.violations.slice(event.firstViolation) : [];
    return { index, thread: t, event, ...before, violations, trace: result.steps[index]?.text.trim() ?? '' };
  });
  return { threads: m.program.threads.map((t) => t.name), steps, violations: result.state.violations, violationText: result.state.violations.map((v) => describeViolation(m.ctx, v)), initially, schedule: result.schedule };
}

type Described = Pick<ScheduleStep, 'depth' | 'call' | 'code'>;

/** Thread t's next step, read from its frames before it runs; `started` remembers each thread's current call. */
function describeNext(m: Machine, listing: ListingLines, s: State, t: number, started: (Frame | undefined)[]): Described {
  const frames = s.threads[t]?.frames ?? [];
  const top = frames[frames.length - 1];
  const label = m.nextLabel(s, t);
  const depth = Math.max(0, frames.length - 1);
  if (!top || !label) return { depth, code: '/* finished */' };
  const why = m.blockedReason(s, t);
  if (why) return { depth, code: `/* ${why} */` };
  if (top.kind === 'code') return { depth, code: instrText(m, top) };
  const caller = frames[frames.length - 2];
  const call = started[t] !== top && caller ? instrText(m, caller) : undefined;
  started[t] = top;
  return { depth, call, code: codeOfLabel(listing, label) ?? label };
}

function instrText(m: Machine, f: Frame): string {
  return m.program.blocks[f.block]?.instrs[f.pc]?.origin.text.trim() ?? '?';
}
