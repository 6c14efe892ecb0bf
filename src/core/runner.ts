// Runs one interleaving: a schedule (thread names, one per step) and then a deterministic fill
// (round-robin or a seeded random choice, chooser.ts) until the execution ends. Replay is just this.
import { Machine } from './machine';
import { StepEvent } from './context';
import { State } from './state';
import { Access } from './footprint';
import { describeStep } from './trace';
import { FillPolicy, fillChooser, replay } from './chooser';
import type { Pin } from './weakMemory';

export interface RunOptions {
  /** Thread indices, one per step, taken first. */
  prefix?: readonly number[];
  fill?: FillPolicy;
  /** Collect each step's footprint and block reason (for traces); off in hot loops. */
  detail?: boolean;
  /** Under the LKMM: which writes the loads read (a witness's pins); unpinned loads read the newest. */
  pins?: Pin[];
}

export interface StepRecord {
  event: StepEvent;
  footprint: Access[];
  /** Why the thread could not move, for spin steps. */
  why: string | null;
  /** The trace line, rendered right after the step (names as they were then); '' without detail. */
  text: string;
}

export interface RunResult {
  state: State;
  setup: StepEvent[];
  steps: StepRecord[];
  /** Thread index of every step taken, the replayable schedule. */
  schedule: number[];
  /** Setup's trace lines (with `detail`), rendered as each step ran. */
  setupText: string[];
}

export function run(m: Machine, opts: RunOptions = {}): RunResult {
  const setupText: string[] = [];
  const hook = opts.detail ? (s: State, ev: StepEvent, fp: Access[]) => { setupText.push(describeStep(m.ctx, s, ev, fp)); } : undefined;
  const { state, setupEvents } = m.init(hook);
  if (m.weak) m.startWeak(state, opts.pins);
  const result = continueRun(m, state, setupEvents, opts);
  result.setupText = setupText;
  return result;
}

/** Continues an execution from `state` (mutated in place). */
export function continueRun(m: Machine, state: State, setup: StepEvent[], opts: RunOptions): RunResult {
  const steps: StepRecord[] = [];
  const schedule: number[] = [];
  const take = (t: number): void => {
    const footprint = opts.detail ? m.footprint(state, t) : [];
    const why = opts.detail ? m.blockedReason(state, t) : null;
    const event = m.step(state, t);
    const text = opts.detail ? describeStep(m.ctx, state, event, footprint, why) : '';
    steps.push({ event, footprint, why, text });
    schedule.push(t);
  };
  if (state.threads.every((th) => th.done)) m.finish(state);
  const choose = replay(opts.prefix ?? [], fillChooser(opts.fill ?? { kind: 'round-robin' }));
  // choices() written out: run is the replay of every trace, and a generator costs it ~15% of its steps.
  for (let step = 0, last = -1; !state.finished; step++) {
    const t = choose.next(m.enabled(state), last, step);
    if (t < 0) break;
    take(t);
    last = t;
  }
  return { state, setup, steps, schedule, setupText: [] };
}
