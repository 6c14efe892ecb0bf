// The explorer's options and results: one explicit options object in, plain JSON data out, so the
// CLI, the debugger, worker threads and shard files all speak the same shapes.
import type { ViolationKind, Variant, MemoryModel } from '../core';
import type { CoverageData } from './coverage';

export type StrategyName = 'dpor' | 'stateful' | 'dfs' | 'random' | 'pct';
export const STRATEGY_NAMES: readonly StrategyName[] = ['stateful', 'dpor', 'dfs', 'random', 'pct'];

export interface ExploreOptions {
  /** Variant to run under (a name, or a variant that runs a listing); default: the program's own `variant`. */
  variant?: string | Variant;
  /** Default 'stateful' (the fastest exhaustive check on this model). */
  strategy?: StrategyName;
  /** CHESS preemption bound (dfs, stateful; best effort with dpor); for pct, the bug depth (default 3). */
  bound?: number;
  /** Stop after this many executions (random/pct: how many to run, default 1000). */
  maxExecutions?: number;
  /** Stop once the search has visited this many states (stateful: distinct states kept in memory). */
  maxStates?: number;
  /** Stop after this many milliseconds (results then say complete: false). */
  timeoutMs?: number;
  /**
   * Worker threads for explore(); default one per core for dfs/dpor/random/pct, 1 for stateful
   * (more: one visited set of fingerprints shared by the workers, reported as hash compaction).
   */
  workers?: number;
  /** Explore only a deterministic share of the tree; combine the shares with mergeResults. */
  shard?: { index: number; count: number };
  /** Seed for random and pct (default 1). */
  seed?: number;
  /** Atomic steps per execution before `step-limit` (default 300; from a state: 300 more). */
  maxSteps?: number;
  /** Attach a step-by-step trace to every violation (default false). */
  traces?: boolean;
  /** Collect coverage: labels and .tw lines reached, racing steps taken in each order (default false). */
  coverage?: boolean;
  /**
   * Stateful without a bound: explore alike threads (same code on works only they name) once up to
   * permutation (docs/explore-symmetry.md). Verdicts stay; outcomes and counts are up to permutation.
   */
  symmetry?: boolean;
  /**
   * Stateful: keep a 64-bit fingerprint of each state instead of the state (hash compaction, like
   * Spin's -DHC): less memory, and a small probability of missing a state, reported with the result.
   */
  hashCompact?: boolean;
  /** 'lkmm': every execution the Linux kernel memory model allows (docs/memory-model-scenarios.md); default 'sc'. */
  memory?: MemoryModel;
  /**
   * Under 'lkmm': how many reads of later writes may be open at once (pending, their load-buffering
   * cycle not closed yet by a write made since); 1 by default. An execution whose cycles must be
   * open together needs as many (docs/memory-model-scenarios.md, limits).
   */
  openCycles?: number;
}

export interface ExploreViolation {
  kind: ViolationKind;
  /** The core's message for the first report of this kind on the schedule below. */
  message: string;
  /** Replayable from the very start (thread names, `a*3 b`); the rest of the run is round-robin. */
  schedule: string;
  /** The same schedule as thread indices (one per step). */
  path: number[];
  /** Atomic steps in the schedule (up to and including the violating step). */
  steps: number;
  /** Context switches away from a thread that could still move. */
  preemptions: number;
  /** True when the schedule is proven minimal (fewest preemptions, then fewest steps). */
  minimal: boolean;
  /** The race: two dependent steps of different threads whose order decides the failure. */
  explanation: string;
  /** The final state of the replay (schedule, then round-robin), as an outcome line. */
  outcome: string;
  trace?: string[];
}

export interface ExploreResult {
  strategy: StrategyName;
  variant: string;
  /** Complete executions explored (stateful: distinct final states reached). */
  executions: number;
  /** stateful: distinct states; dfs/dpor/random/pct: states visited (tree nodes). */
  states: number;
  /** Branches cut: sleep-set blocked executions, revisited states, bound cuts. */
  pruned: number;
  /** Atomic steps the search executed. */
  steps: number;
  timeMs: number;
  /** In canonical order: by kind, then schedule. One per kind. */
  violations: ExploreViolation[];
  /** Canonical text of each distinct final state (step-limited executions excluded), sorted. */
  outcomes: string[];
  /** Every interleaving was covered (no bound cut, no limit hit, not a sampling strategy). */
  complete: boolean;
  /** Why the search stopped early, if it did ('step-limit': DPOR met a livelock, see SearchStats). */
  stopped?: StopReason | 'bound' | 'step-limit';
  /** Atomic steps per execution before `step-limit` (a replay of a step-limit needs the same bound). */
  maxSteps?: number;
  /** The shard this result covers, if any. */
  shard?: { index: number; count: number };
  /** With the coverage option: what the search reached (docs/coverage.md). */
  coverage?: CoverageData;
  /** With the symmetry option, when it applied: the classes of alike threads, by name. */
  symmetry?: string[][];
  /** With hash compaction: the probability that a state was missed (complete then means "up to that"). */
  missProbability?: number;
  /** Set when the search ran under the LKMM (executions are then distinct consistent graphs). */
  memory?: 'lkmm';
  /**
   * Under the LKMM: the outcomes sequential consistency does not reach (only weak memory allows
   * them); absent when the SC search for the comparison did not finish.
   */
  weakOnly?: string[];
}

/** A budget ran out, or the caller cancelled (Ctrl-C, the debugger's stop button). */
export type StopReason = 'max-executions' | 'max-states' | 'timeout' | 'cancelled';

/** Progress: called at least every ~50 ms while the search runs (totals so far, all workers). */
export type ProgressFn = (p: { executions: number; states: number; steps: number }) => void;

/** How a caller watches and stops a running exploration (the CLI, the debugger). */
export interface ExploreControl {
  onProgress?: ProgressFn;
  /** Polled every slice (a few ms); once true the search stops and returns what it found so far. */
  isCancelled?: () => boolean;
  /** Aborted with isCancelled: lets a pool waiting on its workers stop at once, not at its next poll. */
  cancelled?: AbortSignal;
}
