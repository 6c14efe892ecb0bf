// Stress mode (the litmus idea): the workers run the scenario free, truly in parallel, run after
// run, and the real machine picks the interleavings; optional seeded random busy delays widen the
// race windows. Each run's outcome (core outcomeText) is counted, and checked against the
// outcomes the explorer predicts: an observed outcome it calls impossible is a bug in the model.
import { Program, Variant, ViolationKind, Ctx, outcomeText, describeViolation } from '../core';
import { availableParallelism } from 'node:os';
import { controlIdx, C_RUN, C_ARRIVED, C_GO, C_SET, C_RUN_DONE, E_RUN_DONE } from './layout';
import { WorkerMachine } from './workerMachine';
import { heapToState } from './snapshot';
import { WorkerPool, findWorkerFile, waitWhile, startPool } from './pool';
import { WorkerOptions, makeCtx, openHeap, workerData, DEFAULT_TIMEOUT_MS } from './gated';

export interface StressOptions extends WorkerOptions {
  variant?: string | Variant;
  /** Runs to do; default 1000. */
  runs?: number;
  /** Seeded random busy delays before every step; default false. */
  delays?: boolean;
  /** Seed of the delays (each run and thread derives its own); default 1. */
  seed?: number;
  /** Longest delay, in busy-loop iterations; default 400. */
  maxDelay?: number;
  /** The outcomes the explorer finds reachable (outcomeText lines); without it nothing is unexpected. */
  predicted?: Iterable<string>;
  /** Stop after this much wall time even if fewer runs were done (ms). */
  budgetMs?: number;
  /**
   * Release each run only while every worker is on a CPU, spinning (the races then really overlap);
   * default: when there are no more scenario threads than CPUs. Off, a run can start with one worker
   * still asleep, which makes the race windows much rarer.
   */
  rendezvous?: boolean;
}

export interface OutcomeEvidence {
  /** 1-based run that first showed the outcome. */
  run: number;
  /** That run's violations, as trace text. */
  violations: string[];
}

export interface StressResult {
  runs: number;
  /** outcomeText -> number of runs that ended in it. */
  outcomes: Map<string, number>;
  /** Violation kind -> number of runs that reported it. */
  violations: Map<ViolationKind, number>;
  /** Observed outcomes not in `predicted` (runs cut by the step bound are not judged). */
  unexpected: string[];
  /** The first run of each outcome, for the report. */
  evidence: Map<string, OutcomeEvidence>;
  /** Runs that ended at the step bound (a livelock) or in a deadlock. */
  stepLimited: number;
  deadlocked: number;
  elapsedMs: number;
}

interface Session { m: WorkerMachine; ctx: Ctx; pool: WorkerPool; image: Int32Array; n: number; timeoutMs: number }

async function open(program: Program, opts: StressOptions): Promise<Session> {
  const ctx = makeCtx(program, opts.variant, opts.limits);
  const file = findWorkerFile(opts.workerFile);
  const { m } = openHeap(ctx);
  const free = { delays: opts.delays ?? false, seed: opts.seed ?? 1, maxDelay: opts.maxDelay ?? 400,
    rendezvous: opts.rendezvous ?? program.threads.length <= availableParallelism() };
  const data = workerData(ctx, m, 'free', opts.testHook).map((d) => ({ ...d, free }));
  const timeoutMs = opts.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  const pool = await startPool(file, data, program.threads.map((t) => t.name), m.heap.ctl, timeoutMs);
  return { m, ctx, pool, image: m.heap.i32.slice(), n: program.threads.length, timeoutMs };
}

/** One free run: reset the heap, release the workers, wait for all of them, then the end checks. */
async function oneRun(s: Session, run: number): Promise<void> {
  const { m, pool, n } = s;
  const ctl = m.heap.ctl;
  m.heap.i32.set(s.image);
  Atomics.store(ctl, C_ARRIVED, 0);
  Atomics.store(ctl, C_GO, 0);
  Atomics.store(ctl, C_SET, 0);
  Atomics.store(ctl, C_RUN_DONE, 0);
  Atomics.store(ctl, C_RUN, run);
  Atomics.notify(ctl, C_RUN);
  const deadline = Date.now() + s.timeoutMs;
  for (let done = Atomics.load(ctl, C_RUN_DONE); done < n; done = Atomics.load(ctl, C_RUN_DONE)) {
    if (!(await waitWhile(ctl, C_RUN_DONE, done, deadline, pool))) {
      const stuck = s.ctx.program.threads.filter((_, t) => Atomics.load(ctl, controlIdx(t, E_RUN_DONE)) !== run).map((t) => t.name);
      throw new Error(`stress run ${run} did not finish within ${s.timeoutMs} ms (still running: ${stuck.join(', ')}); all workers were terminated`);
    }
  }
  // Every step ran the core's checks after it (deadlock, the step bound, the end checks when the
  // last thread finished), under the step lock: nothing is left to judge here.
  m.view.reload();
}

function count<K>(map: Map<K, number>, k: K): void { map.set(k, (map.get(k) ?? 0) + 1); }

/** Runs the scenario `runs` times on free-running workers; the workers are terminated before it settles. */
export async function stress(program: Program, opts: StressOptions = {}): Promise<StressResult> {
  const started = Date.now();
  const predicted = opts.predicted ? new Set(opts.predicted) : undefined;
  const result: StressResult = { runs: 0, outcomes: new Map(), violations: new Map(), unexpected: [], evidence: new Map(),
    stepLimited: 0, deadlocked: 0, elapsedMs: 0 };
  const s = await open(program, opts);
  try {
    const runs = opts.runs ?? 1000;
    for (let run = 1; run <= runs; run++) {
      if (opts.budgetMs !== undefined && Date.now() - started > opts.budgetMs) break;
      await oneRun(s, run);
      record(s, result, run, predicted);
    }
  } finally {
    await s.pool.terminate();
  }
  result.elapsedMs = Date.now() - started;
  return result;
}

function record(s: Session, r: StressResult, run: number, predicted: Set<string> | undefined): void {
  const state = heapToState(s.m.view);
  // The explorer's outcome line (search.ts leaf): a run that ends with a thread stuck says so, so
  // the explorer's deadlocked outcomes match the ones observed here.
  const stuck = state.threads.some((th) => !th.done);
  const text = outcomeText(s.ctx, state) + (stuck ? '; deadlock' : '');
  r.runs++;
  count(r.outcomes, text);
  const kinds = new Set(state.violations.map((v) => v.kind));
  for (const k of kinds) count(r.violations, k);
  const limited = kinds.has('step-limit');
  if (limited) r.stepLimited++;
  if (kinds.has('deadlock')) r.deadlocked++;
  if (!r.evidence.has(text)) r.evidence.set(text, { run, violations: state.violations.map((v) => describeViolation(s.ctx, v)) });
  if (predicted && !limited && !predicted.has(text) && !r.unexpected.includes(text)) r.unexpected.push(text);
}
