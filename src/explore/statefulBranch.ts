// A worker's share of the parallel stateful search (parallelStateful.ts): runs one branch — the
// whole search from the root, or a branch another worker handed over — against the shared visited
// set, in slices so that the worker's event loop can answer a request to hand over part of its own
// work (then `donate` gives the branches from the shallowest node that has any left).
import { Machine, State, cloneState } from '../core';
import { Candidate, Search, SearchStats } from './search';
import { Donation, StatefulStrategy } from './stateful';
import { StatefulKept, StrategyInit } from './strategy';
import { SearchSetup, TaskResult, prefixInfo, rootOf } from './tasks';
import type { SharedTableBuffers } from './sharedVisited';

export interface BranchContext {
  m: Machine;
  setup: SearchSetup;
  /** The setup's root state (the start of the whole search). */
  root: State;
  table: SharedTableBuffers;
  worker: number;
  /** Polled between slices: stop now and report what was found. */
  shouldStop: () => boolean;
  onProgress: (stats: SearchStats, search: Search) => void;
}

/** Atomic steps between two looks at the clock. */
const STEPS = 500;
/** A slice's length: how long a request for work may wait. */
const SLICE_MS = 10;

/** The search of a branch (undefined: the whole search from the root), against the shared visited set. */
export function branchSearch(m: Machine, setup: SearchSetup, root: State, table: SharedTableBuffers, worker: number,
  branch: Donation | undefined, kept?: StatefulKept): { st: StatefulStrategy; search: Search } {
  const start = branch ? rootOf(m, branch.path) : cloneState(root);
  const search = new Search(m, branch ? branch.path : setup.prefix, setup.coverage);
  const info = branch ?? prefixInfo(m, setup.prefix);
  const init: StrategyInit = {
    root: start, fixed: branch ? [branch.t] : [], last: info.last, preempted: info.preempted,
    sleep: branch?.sleep, shared: { table, worker },
  };
  if (setup.symmetry) init.symmetry = true;
  if (kept) init.kept = kept;
  return { st: new StatefulStrategy(search, init), search };
}

/** What a branch hands back. */
export function branchResult(search: Search, stopped: boolean): TaskResult {
  const r: TaskResult = { stats: { ...search.stats }, found: [...search.found.values()], outcomes: search.outcomes, stopped };
  if (search.coverage) r.coverage = search.coverage.data();
  return r;
}

/**
 * One worker's branches, run one after the other: a worker thread has one, and so has the main
 * thread when it takes a share of the search itself (localWorker.ts).
 */
export class BranchRunner {
  private current: StatefulStrategy | undefined;
  /**
   * This worker's tables of parts and known steps, for the search of one shared table: a branch
   * starting cold would take again, for real, the steps the worker's earlier branches knew.
   */
  private kept: { table: SharedTableBuffers; kept: StatefulKept } | undefined;

  /** Branches for an idle worker, from the branch running now (none when idle). */
  donate(): Donation[] {
    return this.current ? this.current.donate() : [];
  }

  /** Runs a branch (undefined: the whole search) to its end, or until told to stop. */
  async run(ctx: BranchContext, branch: Donation | undefined): Promise<TaskResult> {
    if (this.kept?.table !== ctx.table) this.kept = { table: ctx.table, kept: {} };
    const { st, search } = branchSearch(ctx.m, ctx.setup, ctx.root, ctx.table, ctx.worker, branch, this.kept.kept);
    this.current = st;
    let stopped = false;
    try {
      for (let sliceEnd = Date.now() + SLICE_MS; !st.advance(STEPS);) {
        if (Date.now() < sliceEnd) continue;
        if (ctx.shouldStop()) { stopped = true; break; }
        ctx.onProgress(search.stats, search);
        await new Promise<void>((resolve) => setImmediate(resolve));
        sliceEnd = Date.now() + SLICE_MS;
      }
    } finally {
      this.current = undefined;
      st.store.flush();
    }
    return branchResult(search, stopped);
  }
}

/** What a worker posts to its pool (exploreWorker.ts); here, so that the main thread's share (localWorker.ts) posts the same. */
export type WorkerReply =
  | { type: 'done'; id: number; result: TaskResult }
  /** `found` (every violation so far) only when it grew: a cancelled pool that cannot wait keeps it. */
  | { type: 'progress'; id: number; stats: SearchStats; found?: Candidate[] }
  | { type: 'error'; id: number; message: string }
  /** The answer to 'donate': branches of the running one, or none. */
  | { type: 'donated'; branches: Donation[] };

/** Progress replies at most this often. */
const PROGRESS_MS = 100;

/** Where a branch runs and whom it answers: a worker thread's port, or the pool itself in the main thread. */
export interface BranchHost {
  runner: BranchRunner;
  m: Machine;
  setup: SearchSetup;
  root: State;
  table: SharedTableBuffers;
  worker: number;
  /** The pool's shared stop flag (Int32Array over it: non-zero stops every branch). */
  stop: Int32Array;
  /** Date.now() after which a branch stops by itself (Infinity: none). */
  deadline: number;
  post: (reply: WorkerReply) => void;
  /** This host was ended (the main thread's share: a worker thread is terminated instead). */
  ended?: () => boolean;
}

/** Runs a branch of a parallel stateful search and posts its result (progress while it runs). */
export function startBranch(host: BranchHost, id: number, branch: Donation | undefined): void {
  let last = 0;
  let reported = 0;
  const { post } = host;
  const ctx: BranchContext = {
    m: host.m, setup: host.setup, root: host.root, table: host.table, worker: host.worker,
    shouldStop: () => Atomics.load(host.stop, 0) !== 0 || Date.now() > host.deadline || host.ended?.() === true,
    onProgress: (stats, search) => {
      const grew = search.found.size > reported;
      if (!grew && Date.now() - last < PROGRESS_MS) return;
      last = Date.now();
      reported = search.found.size;
      post({ type: 'progress', id, stats: { ...stats }, found: grew ? [...search.found.values()] : undefined });
    },
  };
  host.runner.run(ctx, branch).then(
    (result) => post({ type: 'done', id, result }),
    (e: unknown) => post({ type: 'error', id, message: e instanceof Error ? e.message : String(e) }));
}
