// The one small interface every search strategy implements. The driver only ever calls advance();
// it never knows whether DFS, DPOR, a stateful search, a sampler or a replay is behind it.
import { State } from '../core';
import type { SleepEntry } from './footprints';
import type { SharedTableBuffers } from './sharedVisited';
import type { StateParts } from './visitedSet';
import type { TransitionCache } from './transitions';

export interface Strategy {
  /** Runs up to `budget` more atomic steps of search; returns true once the search is over. */
  advance(budget: number): boolean;
  /** The search is over and nothing will ask it again: its scratch may go to the next search. */
  finished?(): void;
}

/** Where a strategy starts. */
/** What a stateful search leaves for the next one in the same thread (StrategyInit.kept). */
export interface StatefulKept { parts?: StateParts; cache?: TransitionCache }

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
  /**
   * Stateful only: the paths from the root this search may take (a shard's subtrees of the split,
   * all of one length); below them it is free. One search, so its subtrees share one visited set.
   * A step off the paths counts as explored without being taken (another shard takes it), so the
   * sleep sets along the paths are the unsharded search's.
   */
  allowed?: readonly (readonly number[])[];
  /** Stateful only: explore alike threads once up to permutation (symmetry.ts). */
  symmetry?: boolean;
  /** Stateful only: keep 64-bit fingerprints of states, not the states (hash compaction). */
  hashCompact?: boolean;
  /** Stateful only: the sleep set at the root (a branch handed over by another worker). */
  sleep?: SleepEntry[];
  /** Stateful only: the visited set shared with other workers, and this worker's number (parallelStateful.ts). */
  shared?: { table: SharedTableBuffers; worker: number };
  /**
   * Stateful only: the tables of parts and the transition cache of an earlier search of the same
   * scenario and options in this thread (a worker's previous branch), reused: its part numbers and
   * known steps stay valid (filled in by the search when empty).
   */
  kept?: StatefulKept;
}

/**
 * Preemptions after taking t from a node whose last thread could (lastCanMove) still move; null
 * when that exceeds the bound (the branch is cut and counted as pruned).
 */
export function preemptionsAfter(node: { preempted: number; last: number; lastCanMove: boolean }, t: number,
  bound: number | undefined, stats: { boundCut: boolean; pruned: number }): number | null {
  const preempted = node.preempted + (node.lastCanMove && t !== node.last ? 1 : 0);
  if (bound !== undefined && preempted > bound) {
    stats.boundCut = true;
    stats.pruned++;
    return null;
  }
  return preempted;
}
