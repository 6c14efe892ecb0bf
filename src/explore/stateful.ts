// Stateful depth-first search: a visited set keyed on the canonical state (stateKey.ts), with sleep
// sets stored per state (Godefroid's "sleep sets with state caching": a state reached again with a
// smaller sleep set explores just the transitions that slept the first time). Counterexamples stay
// full schedules: the search path from the root is always a real execution prefix.
import { State, cloneState } from '../core';
import { Search, maskOf } from './search';
import { Strategy, StrategyInit, preemptionsAfter } from './strategy';
import { SleepEntry, dependent, sleepMaskOf } from './footprints';
import { EntryColumn, StateParts, TupleSet } from './visitedSet';
import { Renaming, Symmetry, renameMask, symmetryOf } from './symmetry';

interface Node {
  state: State;
  /** The state's parts as numbers (visitedSet.ts): a child's tuple is derived from its parent's. */
  parts: Int32Array;
  /** Under a symmetry: the group element that maps this state to its stored representative. */
  ren: Renaming | undefined;
  /** The state's entry in the visited set. */
  seen: number;
  todo: number[];
  i: number;
  sleep: SleepEntry[];
  explored: SleepEntry[];
  last: number;
  lastCanMove: boolean;
  preempted: number;
}

function bitsOf(mask: number): number[] {
  const out: number[] = [];
  for (let t = 0; mask !== 0; t++, mask >>>= 1) if (mask & 1) out.push(t);
  return out;
}

export class StatefulStrategy implements Strategy {
  private readonly stack: Node[] = [];
  private readonly path: number[] = [];
  /**
   * Tests set this to check every incremental tuple against a full encoding (a step must change
   * only the shared memory and its own thread, or the visited set would confuse states).
   */
  static verifyParts = false;
  /** Tests set this to canonicalise over the whole group rather than the candidates. */
  static wholeGroup = false;
  private readonly parts = new StateParts();
  private readonly visited: TupleSet;
  private readonly finals: TupleSet;
  /** Per visited entry: the sleep mask it was explored with, the steps and preemptions spent to reach it, whether it is on the stack. */
  private readonly sleepOf = new EntryColumn();
  private readonly depthOf = new EntryColumn();
  private readonly preemptedOf = new EntryColumn();
  private readonly onStack = new EntryColumn();
  /** Alike threads explored once up to permutation (not with a preemption bound: who ran last would need renaming too). */
  readonly symmetry: Symmetry | undefined;

  constructor(private readonly search: Search, private readonly init: StrategyInit) {
    const root = init.root;
    if (root.threads.length > 30) throw new Error('stateful: more than 30 threads');
    search.prepareRoot(root);
    search.stats.states++;
    this.visited = new TupleSet(root.threads.length + 1, init.hashCompact === true);
    this.finals = new TupleSet(root.threads.length + 1, init.hashCompact === true);
    // A listing's locals are untyped (no telling which hold works): no symmetry with a listing variant.
    const listing = search.m.variant.listing !== undefined;
    this.symmetry = init.symmetry && init.bound === undefined && !listing ? symmetryOf(search.m.program) : undefined;
    if (root.finished) { search.leaf(root); return; }
    const { parts, ren } = this.keyOf(root, undefined, -1, this.tag(init.last));
    this.visited.find(parts);
    const seen = this.visited.insert();
    this.record(seen, 0, root.steps, init.preempted);
    this.push(root, parts, ren, seen, this.choices(root, 0, 0), [], init.last, init.preempted);
  }

  /** The visited-set key of s (reached from parent by thread t): incremental, or canonical under a symmetry. */
  private keyOf(s: State, parent: Int32Array | undefined, t: number, tag: number): { parts: Int32Array; ren: Renaming | undefined } {
    if (this.symmetry) {
      const c = this.parts.canonical(s, tag, this.symmetry, StatefulStrategy.wholeGroup);
      return { parts: c.tuple, ren: c.element };
    }
    return { parts: parent ? this.childParts(parent, s, t, tag) : this.parts.all(s, tag), ren: undefined };
  }

  private noteMisses(): void {
    if (this.visited.compact) this.search.stats.missProbability = Math.min(1, this.visited.missProbability() + this.finals.missProbability());
  }

  /** With a preemption bound, who ran last is part of the state too. */
  private tag(last: number): number {
    return this.init.bound === undefined ? 0 : last + 1;
  }

  /** The child's tuple: the parent's, with the shared part and thread t's renumbered. */
  private childParts(parent: Int32Array, child: State, t: number, tag: number): Int32Array {
    const out = parent.slice();
    this.parts.update(child, tag, t, out);
    if (StatefulStrategy.verifyParts) {
      const full = this.parts.all(child, tag);
      if (full.some((x, i) => x !== out[i])) throw new Error(`stateful: a step of thread ${t} changed another thread's part`);
    }
    return out;
  }

  private record(e: number, sleep: number, depth: number, preempted: number): void {
    this.sleepOf.set(e, sleep);
    this.depthOf.set(e, depth);
    this.preemptedOf.set(e, preempted);
    this.onStack.set(e, 0);
  }

  /** Bytes the visited sets hold (reported as the search's memory per state). */
  get bytes(): number {
    const cols = [this.sleepOf, this.depthOf, this.preemptedOf, this.onStack].reduce((n, c) => n + c.data.byteLength, 0);
    return this.parts.bytes + this.visited.bytes + this.finals.bytes + cols;
  }

  private choices(s: State, depth: number, excluded: number): number[] {
    const forced = this.init.fixed[depth];
    const en = this.search.m.enabled(s).filter((t) => (excluded & (1 << t)) === 0);
    return forced === undefined ? en : en.filter((t) => t === forced);
  }

  private push(state: State, parts: Int32Array, ren: Renaming | undefined, seen: number, todo: number[], sleep: SleepEntry[], last: number, preempted: number): void {
    const lastCanMove = last >= 0 && this.search.m.canMove(state, last);
    this.onStack.set(seen, 1);
    this.stack.push({ state, parts, ren, seen, todo, i: 0, sleep, explored: [], last, lastCanMove, preempted });
  }

  advance(budget: number): boolean {
    for (let n = 0; n < budget; n++) {
      const depth = this.stack.length - 1;
      const top = this.stack[depth];
      if (!top) return true;
      const t = top.todo[top.i++];
      if (t === undefined) {
        this.onStack.set(top.seen, 0);
        this.stack.pop();
        continue;
      }
      this.expand(top, depth, t);
    }
    return this.stack.length === 0;
  }

  private expand(top: Node, depth: number, t: number): void {
    const { search } = this;
    const preempted = preemptionsAfter(top, t, this.init.bound, search.stats);
    if (preempted === null) return;
    const fp = search.fps.of(top.state, t);
    const sleep: SleepEntry[] = [];
    for (const e of top.sleep) if (!dependent(e.fp, fp)) sleep.push(e);
    for (const e of top.explored) if (!dependent(e.fp, fp)) sleep.push(e);
    top.explored.push({ t, fp });
    const child = top.i >= top.todo.length ? top.state : cloneState(top.state);
    this.path[depth] = t;
    search.step(child, t, this.path, depth + 1);
    if (child.finished) return this.final(child, this.keyOf(child, top.parts, t, 0).parts);
    const { parts, ren } = this.keyOf(child, top.parts, t, this.tag(t));
    let seen = this.visited.find(parts);
    if (seen >= 0 && this.onStack.get(seen)) return this.livelock(child, this.stack.findIndex((x) => x.seen === seen), depth + 1, ren);
    const sleepMask = sleepMaskOf(sleep);
    // Sleep masks are stored in the representative's thread numbering.
    const stored = ren ? renameMask(ren.thread, sleepMask) : sleepMask;
    if (seen < 0 || child.steps < this.depthOf.get(seen) || preempted < this.preemptedOf.get(seen)) {
      // New, or reached with more room (fewer steps or preemptions spent) than before: explore all.
      if (seen < 0) { search.stats.states++; seen = this.visited.insert(); this.noteMisses(); }
      this.record(seen, stored, child.steps, preempted);
      this.push(child, parts, ren, seen, this.choices(child, depth + 1, sleepMask), sleep, t, preempted);
      return;
    }
    const wokenStored = this.sleepOf.get(seen) & ~stored;
    this.sleepOf.set(seen, this.sleepOf.get(seen) & stored);
    const woken = ren ? renameMask(ren.threadAt, wokenStored) : wokenStored;
    const todo = woken === 0 ? [] : this.choices(child, depth + 1, ~woken);
    if (todo.length === 0) { search.stats.pruned++; return; }
    this.push(child, parts, ren, seen, bitsOf(maskOf(todo)), sleep, t, preempted);
  }

  private final(s: State, parts: Int32Array): void {
    if (this.finals.find(parts) >= 0) { this.search.stats.pruned++; return; }
    this.finals.insert();
    this.noteMisses();
    this.search.stats.states++;
    this.search.leaf(s);
  }

  /**
   * The state repeats along the current path: the cycle can be taken forever. Report it as the
   * step bound would, with the cycle repeated up to the bound so the schedule replays to it.
   */
  private livelock(s: State, start: number, len: number, ren: Renaming | undefined): void {
    let cycle = this.path.slice(start, len);
    const path = this.path.slice(0, len);
    const limit = this.search.m.ctx.limits.maxSteps;
    // Under a symmetry the state may repeat permuted: thread u at the cycle's start plays thread
    // sigma(u) now, so each lap is the previous one with its threads renamed.
    const from = this.stack[start]?.ren;
    const sigma = ren && from ? Int32Array.from(from.thread, (p) => ren.threadAt[p] as number) : undefined;
    for (let steps = s.steps; steps < limit && cycle.length > 0; steps += cycle.length) {
      if (sigma) cycle = cycle.map((u) => sigma[u] as number);
      path.push(...cycle);
    }
    this.search.stats.pruned++;
    this.search.offer('step-limit', `the state repeats every ${cycle.length} steps: a livelock`, path, path.length);
  }
}
