// Splitting a search into independent tasks (subtrees of the top of the tree, or batches of
// sampled runs) and running one task. The split depends only on the scenario and the options,
// never on the worker count, so any number of workers or shards adds up to the same result.
import { Machine, State, cloneState } from '../core';
import { Search, SearchStats, Candidate } from './search';
import { Strategy, StrategyInit, preemptionsAfter } from './strategy';
import { DfsStrategy } from './dfs';
import { DporStrategy } from './dpor';
import { StatefulStrategy } from './stateful';
import { RandomStrategy, PctStrategy } from './sampling';
import { StrategyName } from './types';
import { SleepEntry, dependent } from './footprints';
import { CoverageData } from './coverage';

/** Everything a task needs besides the machine: plain data, so it can go to a worker as is. */
export interface SearchSetup {
  strategy: StrategyName;
  /** Thread choices from the initial state to the search root. */
  prefix: number[];
  bound?: number;
  seed: number;
  /** random/pct: how many runs in all. */
  runs: number;
  /** pct: estimated steps per execution. */
  pctLength: number;
  /** Stop a task after this many executions (undefined: no limit). */
  maxExecutions?: number;
  /** Collect coverage (labels, .tw lines, racing orders). */
  coverage?: boolean;
  /** Stop a task after this many states (undefined: no limit). */
  maxStates?: number;
  /** Stateful: explore alike threads once up to permutation. */
  symmetry?: boolean;
  /** Stateful: hash compaction (fingerprints, not states). */
  hashCompact?: boolean;
}

/**
 * A subtree of the split (the whole tree when its path is empty), a stateful shard's subtrees
 * searched as one (one visited set, so a state two of them reach is explored once), or runs.
 */
export type Task = { kind: 'subtree'; path: number[] } | { kind: 'subtrees'; paths: number[][] } | { kind: 'runs'; runs: number[] };

/** What a task hands back (JSON-safe). */
export interface TaskResult {
  stats: SearchStats;
  found: Candidate[];
  outcomes: string[];
  stopped: boolean;
  coverage?: CoverageData;
}

/** Subtrees to aim for when splitting, and how deep the split may go. */
const SPLIT_TARGET = 64;
const SPLIT_MAX_DEPTH = 24;
const RUN_BATCH = 50;

/** The root state of a setup: the initial state with the prefix replayed (spins included). */
export function rootOf(m: Machine, prefix: readonly number[]): State {
  const { state } = m.init();
  for (const t of prefix) if (!state.finished) m.step(state, t);
  return state;
}

/** Preemptions and last thread of the prefix (it may contain the debugger's spin steps). */
export function prefixInfo(m: Machine, prefix: readonly number[]): { last: number; preempted: number } {
  if (prefix.length === 0) return { last: -1, preempted: 0 }; // no copy of the start state for nothing (every explore from the start)
  const { state } = m.init();
  let last = -1;
  let preempted = 0;
  for (const t of prefix) {
    if (state.finished) break;
    if (last >= 0 && t !== last && m.canMove(state, last)) preempted++;
    m.step(state, t);
    last = t;
  }
  return { last, preempted };
}

function makeStrategy(setup: SearchSetup, search: Search, init: StrategyInit, runs: readonly number[]): Strategy {
  switch (setup.strategy) {
    case 'dfs': return new DfsStrategy(search, init);
    case 'dpor': return new DporStrategy(search, init);
    case 'stateful': return new StatefulStrategy(search, init);
    case 'random': return new RandomStrategy(search, init, runs, setup.seed);
    case 'pct': return new PctStrategy(search, init, runs, setup.seed, setup.bound ?? 3, setup.pctLength);
  }
}

/** One task in progress: resumable, so the caller can run it in slices. */
export class TaskRun {
  readonly search: Search;
  private readonly strategy: Strategy;
  private readonly fixed: number;
  private over = false;

  constructor(m: Machine, private readonly setup: SearchSetup, root: State, task: Task) {
    this.search = new Search(m, setup.prefix, setup.coverage);
    const info = prefixInfo(m, setup.prefix);
    const fixed = task.kind === 'subtree' ? task.path : [];
    // A subtree's root and its forced steps were already counted by the split.
    this.fixed = fixed.length > 0 ? fixed.length + 1 : 0;
    const init: StrategyInit = { root: cloneState(root), fixed, bound: setup.bound, last: info.last, preempted: info.preempted };
    if (task.kind === 'subtrees') init.allowed = task.paths;
    if (setup.symmetry) init.symmetry = true;
    if (setup.hashCompact) init.hashCompact = true;
    this.strategy = makeStrategy(setup, this.search, init, task.kind === 'runs' ? task.runs : []);
  }

  /** Runs until the task is over ('done'), shouldStop() says so ('stopped') or a cap is hit. */
  run(shouldStop: () => boolean): 'done' | 'stopped' | 'max-executions' | 'max-states' {
    const { maxExecutions, maxStates } = this.setup;
    while (!this.over) {
      this.over = this.strategy.advance(2000);
      if (this.over) { this.strategy.finished?.(); break; }
      if (maxExecutions !== undefined && this.search.stats.executions >= maxExecutions) return 'max-executions';
      if (maxStates !== undefined && this.search.stats.states >= maxStates) return 'max-states';
      if (shouldStop()) return 'stopped';
    }
    return 'done';
  }

  result(stopped: boolean): TaskResult {
    const steps = this.fixed > 0 ? this.fixed - 1 : 0;
    const stats = { ...this.search.stats, states: this.search.stats.states - this.fixed, steps: this.search.stats.steps - steps };
    const r: TaskResult = { stats, found: [...this.search.found.values()], outcomes: this.search.outcomes, stopped };
    if (this.search.coverage) r.coverage = this.search.coverage.data();
    return r;
  }
}

/** Runs one task to its end (or until shouldStop says so, checked every few thousand steps). */
export function runTask(m: Machine, setup: SearchSetup, root: State, task: Task, shouldStop: () => boolean): TaskResult {
  const r = new TaskRun(m, setup, root, task);
  return r.result(r.run(shouldStop) !== 'done');
}

interface Front { state: State; path: number[]; sleep: SleepEntry[]; last: number; preempted: number }

/**
 * The top of the tree, expanded breadth-first until there are enough subtrees; executions that
 * end above the cut are recorded in `search`. DPOR's and the stateful search's splits use sleep
 * sets as those searches would (a later sibling leaves asleep what an earlier one's subtree
 * covers, wherever that subtree runs); DFS expands every enabled thread.
 */
export function splitTasks(m: Machine, setup: SearchSetup, root: State, search: Search): Task[] {
  if (setup.strategy === 'random' || setup.strategy === 'pct') {
    const tasks: Task[] = [];
    for (let i = 0; i < setup.runs; i += RUN_BATCH) {
      tasks.push({ kind: 'runs', runs: Array.from({ length: Math.min(RUN_BATCH, setup.runs - i) }, (_, k) => i + k) });
    }
    return tasks;
  }
  const info = prefixInfo(m, setup.prefix);
  search.prepareRoot(root);
  search.stats.states++;
  if (root.finished) { search.leaf(root); return []; }
  let level: Front[] = [{ state: root, path: [], sleep: [], last: info.last, preempted: info.preempted }];
  for (let depth = 0; depth < SPLIT_MAX_DEPTH && level.length > 0 && level.length < SPLIT_TARGET; depth++) {
    const next: Front[] = [];
    for (const node of level) expandFront(m, setup, search, node, next);
    level = next;
  }
  return level.map((f) => ({ kind: 'subtree', path: f.path }));
}

function expandFront(m: Machine, setup: SearchSetup, search: Search, node: Front, out: Front[]): void {
  // The stateful search's shards walk the top of the tree with the same sleep sets (see
  // StatefulStrategy.passOver), so their subtrees are these.
  const useSleep = setup.strategy === 'dpor' || setup.strategy === 'stateful';
  const en = m.enabled(node.state);
  const asleep = new Set(node.sleep.map((e) => e.t));
  const explored: SleepEntry[] = [];
  const at = { last: node.last, preempted: node.preempted, lastCanMove: node.last >= 0 && en.includes(node.last) };
  const choices = useSleep ? en.filter((t) => !asleep.has(t)) : en;
  if (choices.length === 0) search.stats.pruned++;
  for (const t of choices) {
    const preempted = preemptionsAfter(at, t, setup.bound, search.stats);
    if (preempted === null) continue;
    const fp = useSleep ? search.fps.of(node.state, t) : { r: 0, w: 0, acq: 0, rel: 0 };
    const sleep = useSleep ? [...node.sleep, ...explored].filter((e) => !dependent(e.fp, fp)) : [];
    explored.push({ t, fp });
    const child = cloneState(node.state);
    const path = [...node.path, t];
    search.step(child, t, path, path.length);
    search.stats.states++;
    if (child.finished) search.leaf(child);
    else out.push({ state: child, path, sleep, last: t, preempted });
  }
}
