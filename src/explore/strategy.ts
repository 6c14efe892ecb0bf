// The one small interface every search strategy implements. The driver only ever calls advance();
// it never knows whether DFS, DPOR, a stateful search, a sampler or a replay is behind it.
import { State } from '../core';

export interface Strategy {
  /** Runs up to `budget` more atomic steps of search; returns true once the search is over. */
  advance(budget: number): boolean;
}

/** Where a strategy starts. */
export interface StrategyInit {
  /** The root state (owned by the strategy from now on). */
  root: State;
  /** Thread choices forced from the root (a subtree of a split search); the rest is explored. */
  fixed: readonly number[];
  /** Preemption bound, if any. */
  bound?: number;
  /** The thread that took the last step before the root (-1 at the start). */
  last: number;
  /** Preemptions already spent before the root. */
  preempted: number;
}

/** A context switch away from `last` while it could still move costs one preemption. */
export function isPreemption(enabled: readonly number[], last: number, t: number): boolean {
  return last >= 0 && t !== last && enabled.includes(last);
}
