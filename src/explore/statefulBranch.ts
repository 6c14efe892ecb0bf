// A worker's share of the parallel stateful search (parallelStateful.ts): runs one branch — the
// whole search from the root, or a branch another worker handed over — against the shared visited
// set, in slices so that the worker's event loop can answer a request to hand over part of its own
// work (then `donate` gives the branches from the shallowest node that has any left).
import { Machine, State, cloneState } from '../core';
import { Search, SearchStats } from './search';
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

let current: StatefulStrategy | undefined;
/** This worker's tables of parts and transition cache, for the search of this shared table. */
let kept: { table: SharedTableBuffers; kept: StatefulKept } | undefined;

/** Branches for an idle worker, from the branch running now (none when idle). */
export function donate(): Donation[] {
  return current ? current.donate() : [];
}

/** The search of a branch (undefined: the whole search from the root), against the shared visited set. */
export function branchSearch(m: Machine, setup: SearchSetup, root: State, table: SharedTableBuffers, worker: number,
  branch: Donation | undefined): { st: StatefulStrategy; search: Search } {
  const start = branch ? rootOf(m, branch.path) : cloneState(root);
  const search = new Search(m, branch ? branch.path : setup.prefix, setup.coverage);
  const info = branch ?? prefixInfo(m, setup.prefix);
  const init: StrategyInit = {
    root: start, fixed: branch ? [branch.t] : [], last: info.last, preempted: info.preempted,
    sleep: branch?.sleep, shared: { table, worker },
  };
  if (setup.symmetry) init.symmetry = true;
  // The branches a worker runs one after the other share its tables of parts and known steps: a
  // branch starting cold would take again, for real, the steps the worker's earlier ones knew.
  if (kept?.table !== table) kept = { table, kept: {} };
  init.kept = kept.kept;
  return { st: new StatefulStrategy(search, init), search };
}

/** What a branch hands back. */
export function branchResult(search: Search, stopped: boolean): TaskResult {
  const r: TaskResult = { stats: { ...search.stats }, found: [...search.found.values()], outcomes: search.outcomes, stopped };
  if (search.coverage) r.coverage = search.coverage.data();
  return r;
}

/** Runs a branch (undefined: the whole search) to its end, or until told to stop. */
export async function runBranch(ctx: BranchContext, branch: Donation | undefined): Promise<TaskResult> {
  const { st, search } = branchSearch(ctx.m, ctx.setup, ctx.root, ctx.table, ctx.worker, branch);
  current = st;
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
    current = undefined;
    st.store.flush();
  }
  return branchResult(search, stopped);
}
