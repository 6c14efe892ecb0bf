// Runs one interleaving: a schedule (thread names, one per step) and then a deterministic fill
// (round-robin or a seeded random choice) until the execution ends. Replay is just this.
import { Machine } from './machine';
import { StepEvent } from './context';
import { State } from './state';
import { Access } from './footprint';
import { describeStep } from './trace';

export type FillPolicy = { kind: 'round-robin' } | { kind: 'random'; seed: number } | { kind: 'none' };

export interface RunOptions {
  /** Thread indices, one per step, taken first. */
  prefix?: readonly number[];
  fill?: FillPolicy;
  /** Collect each step's footprint and block reason (for traces); off in hot loops. */
  detail?: boolean;
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

/** mulberry32: a tiny seeded generator, so "random" runs replay exactly. */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Chooses the next thread for a fill policy; null when the policy stops here. */
export function makeChooser(m: Machine, fill: FillPolicy): (s: State, last: number) => number | null {
  if (fill.kind === 'none') return () => null;
  if (fill.kind === 'random') {
    const rnd = seededRandom(fill.seed);
    return (s) => {
      const en = m.enabled(s);
      return en.length ? (en[Math.floor(rnd() * en.length)] ?? null) : null;
    };
  }
  return (s, last) => {
    const n = s.threads.length;
    for (let i = 1; i <= n; i++) {
      const t = (last + i) % n;
      if (m.canMove(s, t)) return t;
    }
    return null;
  };
}

export function run(m: Machine, opts: RunOptions = {}): RunResult {
  const setupText: string[] = [];
  const hook = opts.detail ? (s: State, ev: StepEvent, fp: Access[]) => { setupText.push(describeStep(m.ctx, s, ev, fp)); } : undefined;
  const { state, setupEvents } = m.init(hook);
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
  for (const t of opts.prefix ?? []) {
    if (state.finished) break;
    take(t);
  }
  const choose = makeChooser(m, opts.fill ?? { kind: 'round-robin' });
  let last = schedule.length ? (schedule[schedule.length - 1] ?? -1) : -1;
  while (!state.finished) {
    const t = choose(state, last);
    if (t === null) break;
    take(t);
    last = t;
  }
  return { state, setup, steps, schedule, setupText: [] };
}
