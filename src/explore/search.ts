// What every strategy shares: the machine, the counters, the outcome set and, per violation kind,
// the best schedule found so far. Strategies only choose threads; stepping, recording and
// accounting all go through here, so the numbers mean the same thing whatever strategy ran.
import { Machine, State, ViolationKind, outcomeText } from '../core';
import { Footprints } from './footprints';
import { LIFE_CODE } from './stateKey';
import { Coverage, CoverageData } from './coverage';

/** A violating schedule as found by a search: full path from the initial state, before minimisation. */
export interface Candidate {
  kind: ViolationKind;
  message: string;
  path: number[];
}

export interface SearchStats {
  executions: number;
  states: number;
  pruned: number;
  steps: number;
  /** A preemption bound cut a branch: the search is complete only up to the bound. */
  boundCut: boolean;
  /**
   * DPOR only: an execution was cut by the step limit while another thread could still move. The
   * races of those pending steps are never examined, so their reversals may be missed (a livelock).
   */
  stepLimitCut?: boolean;
  /** Stateful with hash compaction: the probability that a state was missed (a fingerprint clash). */
  missProbability?: number;
}

/** Shorter first, then lexicographically smaller: a total order, so merged results are canonical. */
export function betterPath(a: readonly number[], b: readonly number[]): boolean {
  if (a.length !== b.length) return a.length < b.length;
  for (let i = 0; i < a.length; i++) {
    const x = a[i] ?? 0;
    const y = b[i] ?? 0;
    if (x !== y) return x < y;
  }
  return false;
}

/**
 * Everything outcomeText reads (lists via the cells, work ghosts, returns, who is stuck) as numbers
 * in a reused buffer, hashed; equal hashes are confirmed by comparing the numbers.
 */
class OutcomeKeys {
  private buf = new Float64Array(64);
  private readonly buckets = new Map<number, Float64Array[]>();

  /** True the first time this final state's outcome is seen. */
  add(s: State): boolean {
    const n = this.fill(s);
    let h = 0x811c9dc5;
    for (let i = 0; i < n; i++) h = Math.imul(h ^ (this.buf[i] ?? 0), 16777619);
    const list = this.buckets.get(h);
    if (list) {
      for (const k of list) if (this.same(k, n)) return false;
    }
    const copy = this.buf.slice(0, n);
    if (list) list.push(copy);
    else this.buckets.set(h, [copy]);
    return true;
  }

  private same(k: Float64Array, n: number): boolean {
    if (k.length !== n) return false;
    for (let i = 0; i < n; i++) if (k[i] !== this.buf[i]) return false;
    return true;
  }

  private fill(s: State): number {
    const need = s.tasks.length + s.cells.length * 3 + s.works.length * 4 + s.threads.length * 2;
    if (this.buf.length < need) this.buf = new Float64Array(need * 2);
    const b = this.buf;
    let i = 0;
    for (const t of s.tasks) b[i++] = t.taskWorks;
    for (const c of s.cells) { b[i++] = c.work; b[i++] = c.last; b[i++] = c.next; }
    for (const g of s.works) { b[i++] = LIFE_CODE[g.life]; b[i++] = g.adds; b[i++] = g.runs; b[i++] = g.cancels; }
    for (const th of s.threads) { b[i++] = th.lastReturn ?? -0.5; b[i++] = th.done ? 1 : 0; }
    return i;
  }
}

export function endedByBound(s: State): boolean {
  return s.violations.some((v) => v.kind === 'step-limit');
}

export class Search {
  readonly stats: SearchStats = { executions: 0, states: 0, pruned: 0, steps: 0, boundCut: false };
  readonly found = new Map<ViolationKind, Candidate>();
  private readonly outcomeSet = new Set<string>();
  private readonly outcomeKeys = new OutcomeKeys();
  private fpsCache: Footprints | undefined;

  /**
   * @param m the machine (its limits carry maxSteps)
   * @param prefix thread indices of the steps taken from the initial state to the search's root
   */
  /** What the search covered, when asked for (tw explore --coverage); off, it costs one test a step. */
  readonly coverage: Coverage | undefined;

  constructor(readonly m: Machine, readonly prefix: readonly number[], coverage = false) {
    this.coverage = coverage ? new Coverage() : undefined;
  }

  get fps(): Footprints {
    if (!this.fpsCache) this.fpsCache = new Footprints(this.m);
    return this.fpsCache;
  }

  get outcomes(): string[] {
    return [...this.outcomeSet].sort();
  }

  /**
   * Thread t takes one step in s (mutated). `path` holds the search's choices from the root up to
   * and including t; violations the step reported are offered as candidates with prefix + path.
   */
  step(s: State, t: number, path: readonly number[], pathLen: number): void {
    const before = s.violations.length;
    if (this.coverage) this.coverage.record(this.m, this.fps, s, t, pathLen);
    this.m.step(s, t);
    this.stats.steps++;
    for (let i = before; i < s.violations.length; i++) {
      const v = s.violations[i];
      if (v) this.offer(v.kind, v.message, path, pathLen);
    }
  }

  offer(kind: ViolationKind, message: string, path: readonly number[], pathLen: number): void {
    const cur = this.found.get(kind);
    const full = this.prefix.length + pathLen;
    if (cur && cur.path.length < full) return;
    const cand = this.prefix.concat(path.slice(0, pathLen));
    if (!cur || betterPath(cand, cur.path)) this.found.set(kind, { kind, message, path: cand });
  }

  /**
   * Violations already in the root (setup's, a limit hit while the threads settled, a deadlock or
   * `final {}` at the start, or the debugger's prefix) are on every schedule from it: offer them
   * first, as `run` reports them, so no strategy can miss them.
   */
  prepareRoot(s: State): void {
    for (const v of s.violations) this.offer(v.kind, v.message, [], 0);
  }

  /** An execution ended in s: count it and keep its outcome (not for step-limited ones: no final state). */
  leaf(s: State): void {
    this.stats.executions++;
    if (endedByBound(s)) return;
    // The text is built once per distinct final state: most leaves repeat an earlier outcome.
    if (!this.outcomeKeys.add(s)) return;
    const stuck = s.threads.some((th) => !th.done);
    this.outcomeSet.add(outcomeText(this.m.ctx, s) + (stuck ? '; deadlock' : ''));
  }

  /** Folds another search's findings in (same machine, e.g. the frontier and the subtrees). */
  absorb(o: { stats: SearchStats; found: Iterable<Candidate>; outcomes: Iterable<string>; coverage?: CoverageData }): void {
    if (o.coverage) this.coverage?.absorb(o.coverage);
    this.stats.executions += o.stats.executions;
    this.stats.states += o.stats.states;
    this.stats.pruned += o.stats.pruned;
    this.stats.steps += o.stats.steps;
    this.stats.boundCut ||= o.stats.boundCut;
    if (o.stats.stepLimitCut) this.stats.stepLimitCut = true;
    // Independent tables: the chance that any of them missed a state is at most the sum.
    if (o.stats.missProbability !== undefined) this.stats.missProbability = Math.min(1, (this.stats.missProbability ?? 0) + o.stats.missProbability);
    for (const c of o.found) {
      const cur = this.found.get(c.kind);
      if (!cur || betterPath(c.path, cur.path)) this.found.set(c.kind, c);
    }
    for (const x of o.outcomes) this.outcomeSet.add(x);
  }
}

/** A list of threads as a bit mask (bit t for thread t; the explorer allows at most 30 threads). */
export function maskOf(ts: readonly number[]): number {
  let m = 0;
  for (const t of ts) m |= 1 << t;
  return m;
}
