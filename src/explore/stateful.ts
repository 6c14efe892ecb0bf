// Stateful depth-first search: a visited set keyed on the canonical state (stateKey.ts), with sleep
// sets stored per state (Godefroid's "sleep sets with state caching": a state reached again with a
// smaller sleep set explores just the transitions that slept the first time). Counterexamples stay
// full schedules: the search path from the root is always a real execution prefix.
import { State, cloneState } from '../core';
import { Search, maskOf } from './search';
import { Strategy, StrategyInit, preemptionsAfter } from './strategy';
import { Fp, SleepEntry, dependent, sleepMaskOf } from './footprints';
import { StateParts } from './visitedSet';
import { LocalStore, VisitedStore } from './visitedStore';
import { SharedStore } from './sharedVisited';
import { Renaming, Symmetry, renameMask, symmetryOf } from './symmetry';
import { persistentSet } from './ample';

/** A branch handed to another worker (parallelStateful.ts): thread t from the state `path` leads to. */
export interface Donation { path: number[]; t: number; sleep: SleepEntry[]; last: number; preempted: number }

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
  /** The sleep set as a mask (this state's thread numbering). */
  sleepMask: number;
  explored: SleepEntry[];
  /** Footprints of the state's next steps by thread, where the persistent set computed them (the state is not stepped in place before its last child). */
  fps: (Fp | undefined)[] | undefined;
  last: number;
  lastCanMove: boolean;
  preempted: number;
  /**
   * This visit owns the entry's columns (false: a state another worker is still exploring, explored
   * again here so that a cycle through it is seen on this worker's own stack).
   */
  owned: boolean;
  /** Explored with a persistent set smaller than all enabled threads (the stack proviso's concern). */
  reduced: boolean;
}

/** Thread t is still inside an API call (its top frame is an op frame). */
function inOp(s: State, t: number): boolean {
  const fs = s.threads[t]?.frames;
  return fs !== undefined && fs.length > 0 && fs[fs.length - 1]?.kind === 'op';
}

/** The sleep set of a node's child by a step of footprint fp: what slept or was explored there and commutes with it. */
function childSleep(node: Node, fp: SleepEntry['fp']): SleepEntry[] {
  const sleep: SleepEntry[] = [];
  for (const e of node.sleep) if (!dependent(e.fp, fp)) sleep.push(e);
  for (const e of node.explored) if (!dependent(e.fp, fp)) sleep.push(e);
  return sleep;
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
  /** Tests clear this to compare with the search without persistent sets (ample.ts). */
  static persistentSets = true;
  private readonly parts = new StateParts();
  /** Per visited state: the sleep mask it was explored with, the steps and preemptions spent to reach it, whether it is on the stack. */
  readonly store: VisitedStore;
  /** Words of a state's tuple: the shared part and one per thread. */
  private readonly width: number;
  /** Persistent sets apply (not with a preemption bound: the reduced orders may need more preemptions). */
  private readonly reduce: boolean;
  /** The root as it was, to rebuild a node's state that its last child took over (fullyExpand). */
  private readonly rootCopy: State;
  /** Alike threads explored once up to permutation (not with a preemption bound: who ran last would need renaming too). */
  readonly symmetry: Symmetry | undefined;

  constructor(private readonly search: Search, private readonly init: StrategyInit) {
    const root = init.root;
    if (root.threads.length > 30) throw new Error('stateful: more than 30 threads');
    search.prepareRoot(root);
    search.stats.states++;
    this.reduce = StatefulStrategy.persistentSets && init.bound === undefined;
    this.rootCopy = cloneState(root);
    this.width = root.threads.length + 1;
    this.store = init.shared ? new SharedStore(init.shared.table, init.shared.worker, this.parts)
      : new LocalStore(root.threads.length + 1, init.hashCompact === true);
    // A listing's locals are untyped (no telling which hold works): no symmetry with a listing variant.
    const listing = search.m.variant.listing !== undefined;
    this.symmetry = init.symmetry && init.bound === undefined && !listing ? symmetryOf(search.m.program) : undefined;
    if (root.finished) { search.leaf(root); return; }
    const { parts, ren } = this.keyOf(root, undefined, -1, this.tag(init.last));
    const seen = this.store.add(parts, false);
    const sleep = init.sleep ?? [];
    const sleepMask = sleepMaskOf(sleep);
    const { todo, unexplored, reduced, fps } = this.expansion(root, 0, sleepMask);
    // A branch handed over by another worker starts from a state that worker is still exploring.
    const owned = this.store.added;
    if (owned) {
      this.store.record(seen, ren ? renameMask(ren.thread, unexplored) : unexplored, root.steps, init.preempted);
      if (reduced) this.store.setReduced(seen, true);
    }
    this.push(root, parts, ren, seen, todo, sleep, sleepMask, init.last, init.preempted, owned, reduced, fps);
  }

  /** The visited-set key of s (reached from parent by thread t): incremental, or canonical under a symmetry. */
  private keyOf(s: State, parent: Int32Array | undefined, t: number, tag: number, depth = 0, readOnly = false): { parts: Int32Array; ren: Renaming | undefined } {
    if (this.symmetry) {
      const c = this.parts.canonical(s, tag, this.symmetry, StatefulStrategy.wholeGroup);
      return { parts: c.tuple, ren: c.element };
    }
    return { parts: parent ? this.childParts(parent, s, t, tag, depth, readOnly) : this.parts.all(s, tag), ren: undefined };
  }

  /**
   * One tuple buffer per depth, reused: the node at depth d keeps its tuple in tupleAt(d), and a
   * child's tuple is built in the next one (no allocation per state reached).
   */
  private readonly tuples: Int32Array[] = [];
  /** The threads that run the CPUs' irq_works (another thread's step may give them a call). */
  private cpuThreadsCache: readonly number[] | undefined;
  private get cpuThreads(): readonly number[] { return (this.cpuThreadsCache ??= (this.search.m.program.cpus ?? []).map((c) => c.thread)); }
  private tupleAt(depth: number): Int32Array {
    let b = this.tuples[depth];
    if (!b) b = this.tuples[depth] = new Int32Array(this.width);
    return b;
  }

  private noteMisses(): void {
    if (this.store.compact) this.search.stats.missProbability = this.store.missProbability();
  }

  /** With a preemption bound, who ran last is part of the state too. */
  private tag(last: number): number {
    return this.init.bound === undefined ? 0 : last + 1;
  }

  /** The child's tuple: the parent's, with the shared part and thread t's renumbered. */
  private childParts(parent: Int32Array, child: State, t: number, tag: number, depth: number, readOnly: boolean): Int32Array {
    const out = this.tupleAt(depth);
    out.set(parent);
    // A step that writes no shared object (its footprint says so) leaves the shared part as it was.
    if (readOnly) this.parts.updateThread(child, t, out);
    else this.parts.update(child, tag, t, out);
    // A step may queue an irq_work on a CPU: that pushes a call onto the CPU's own thread.
    for (const c of this.cpuThreads) if (c !== t) this.parts.updateThread(child, c, out);
    if (StatefulStrategy.verifyParts) {
      const full = this.parts.all(child, tag);
      if (full.some((x, i) => x !== out[i])) throw new Error(`stateful: a step of thread ${t} (${this.search.m.nextLabel(child, t)} next) changed another part than its own${readOnly ? " or a shared part its footprint does not write" : ""}: ${Array.from(out)} vs ${Array.from(full)}`);
    }
    return out;
  }

  /** Bytes the visited sets hold (reported as the search's memory per state). */
  get bytes(): number {
    return this.parts.bytes + this.store.bytes;
  }

  private choices(s: State, depth: number, excluded: number): number[] {
    const forced = this.init.fixed[depth];
    const en = this.search.m.enabled(s).filter((t) => (excluded & (1 << t)) === 0);
    return forced === undefined ? en : en.filter((t) => t === forced);
  }

  /**
   * What a state first reached with sleep mask `sleepMask` explores: a persistent set minus the
   * sleeping threads; and what it leaves unexplored for a later visit with a smaller sleep set to
   * wake (the sleeping threads of the persistent set). Flags the entry REDUCED by the caller.
   */
  private expansion(s: State, depth: number, sleepMask: number): { todo: number[]; unexplored: number; reduced: boolean; fps: (Fp | undefined)[] | undefined } {
    const all = this.choices(s, depth, 0);
    const fps: (Fp | undefined)[] | undefined = this.reduce && this.init.fixed[depth] === undefined && all.length > 1 ? [] : undefined;
    const set = fps ? persistentSet(this.search, s, all, fps) : all;
    const todo = set.filter((t) => (sleepMask & (1 << t)) === 0);
    return { todo, unexplored: sleepMask & maskOf(set), reduced: set.length < all.length, fps };
  }

  private push(state: State, parts: Int32Array, ren: Renaming | undefined, seen: number, todo: number[], sleep: SleepEntry[],
    sleepMask: number, last: number, preempted: number, owned: boolean, reduced: boolean, fps?: (Fp | undefined)[]): void {
    const lastCanMove = last >= 0 && this.search.m.canMove(state, last);
    this.store.enter(seen);
    this.stack.push({ state, parts, ren, seen, todo, i: 0, sleep, sleepMask, explored: [], fps, last, lastCanMove, preempted, owned, reduced });
  }

  advance(budget: number): boolean {
    for (let n = 0; n < budget; n++) {
      const depth = this.stack.length - 1;
      const top = this.stack[depth];
      if (!top) { this.store.flush(); return true; }
      const t = top.todo[top.i++];
      if (t === undefined) {
        this.store.leave(top.seen);
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
    const fp = top.fps?.[t] ?? search.fps.of(top.state, t);
    const sleep = childSleep(top, fp);
    top.explored.push({ t, fp });
    const child = top.i >= top.todo.length ? top.state : cloneState(top.state);
    this.path[depth] = t;
    search.step(child, t, this.path, depth + 1);
    if (child.finished) return this.final(child, this.keyOf(child, top.parts, t, 0, depth + 1).parts);
    // Without a bound the tag is constant, so a step writing nothing shared keeps part 0 — unless it
    // ended its API call (a return may update the task's flags or a ghost behind the footprint).
    const readOnly = this.init.bound === undefined && (fp.w | fp.acq | fp.rel) === 0 && inOp(child, t);
    const { parts, ren } = this.keyOf(child, top.parts, t, this.tag(t), depth + 1, readOnly);
    const { store } = this;
    const seen = store.add(parts, false);
    const sleepMask = sleepMaskOf(sleep);
    if (!store.added) {
      if (store.onStack(seen)) {
        this.fullyExpand(top, depth);
        return this.livelock(child, this.stack.findIndex((x) => x.seen === seen), depth + 1, ren);
      }
      if (store.busyElsewhere(seen)) {
        // Another worker has not finished it: explore it again here (see sharedVisited.ts).
        const { todo, reduced, fps } = this.expansion(child, depth + 1, sleepMask);
        return this.push(child, parts, ren, seen, todo, sleep, sleepMask, t, preempted, false, reduced, fps);
      }
    }
    // Sleep masks are stored in the representative's thread numbering.
    const stored = ren ? renameMask(ren.thread, sleepMask) : sleepMask;
    // Preemptions count as room only under a bound (without one, re-exploring for them was waste).
    const bounded = this.init.bound !== undefined;
    if (store.added || child.steps < store.depth(seen) || (bounded && preempted < store.preempted(seen))) {
      // New, or reached with more room (fewer steps or preemptions spent) than before: explore all.
      if (store.added) { search.stats.states++; this.noteMisses(); }
      const { todo, unexplored, reduced, fps } = this.expansion(child, depth + 1, sleepMask);
      store.record(seen, ren ? renameMask(ren.thread, unexplored) : unexplored, child.steps, preempted);
      if (reduced) store.setReduced(seen, true);
      this.push(child, parts, ren, seen, todo, sleep, sleepMask, t, preempted, true, reduced, fps);
      return;
    }
    const wokenStored = store.wake(seen, stored);
    const woken = ren ? renameMask(ren.threadAt, wokenStored) : wokenStored;
    const todo = woken === 0 ? [] : this.choices(child, depth + 1, ~woken);
    if (todo.length === 0) { search.stats.pruned++; return; }
    this.push(child, parts, ren, seen, bitsOf(maskOf(todo)), sleep, sleepMask, t, preempted, true, store.reduced(seen));
  }

  /**
   * Branches for an idle worker (parallelStateful.ts): the threads still to explore at the
   * shallowest node that has any (all of them, or all but one at the top of the stack), each with
   * the sleep set it would have had here. They count as explored here (the sleep sets of later
   * siblings may rely on them), and that node and the ones above it are marked donated: not finished
   * until the whole search is, since part of their subtrees runs elsewhere.
   */
  donate(): Donation[] {
    const d = this.stack.findIndex((n) => n.i < n.todo.length);
    const node = this.stack[d];
    if (!node) return [];
    const keep = d === this.stack.length - 1 ? 1 : 0;
    if (node.todo.length - node.i <= keep) return [];
    const path = this.search.prefix.concat(this.path.slice(0, d));
    const out: Donation[] = [];
    for (const t of node.todo.splice(node.i + keep)) {
      const fp = this.search.fps.of(node.state, t);
      out.push({ path, t, sleep: childSleep(node, fp), last: node.last, preempted: node.preempted });
      node.explored.push({ t, fp });
    }
    for (let k = 0; k <= d; k++) this.store.markDonated((this.stack[k] as Node).seen);
    return out;
  }

  /**
   * The stack proviso: a step from a node leads back onto the stack, so a persistent set there
   * could ignore the other threads forever along the cycle. A node of a reduced entry then
   * explores every enabled thread that is not asleep, and its entry no longer counts as reduced
   * (what a later visit may wake is then all of its sleep set, a safe over-approximation).
   */
  private fullyExpand(top: Node, depth: number): void {
    if (!top.reduced) return;
    // The last child took over the node's state: rebuild it from the root (rare: cycles only).
    if (top.i >= top.todo.length) {
      top.state = cloneState(this.rootCopy);
      for (let d = 0; d < depth; d++) this.search.m.step(top.state, this.path[d] as number);
    }
    const rest = this.choices(top.state, depth, top.sleepMask | maskOf(top.todo));
    top.reduced = false;
    if (top.owned) {
      this.store.setReduced(top.seen, false);
      this.store.setSleep(top.seen, top.ren ? renameMask(top.ren.thread, top.sleepMask) : top.sleepMask);
    }
    top.todo = top.todo.concat(rest);
  }

  private final(s: State, parts: Int32Array): void {
    this.store.add(parts, true);
    if (!this.store.added) { this.search.stats.pruned++; return; }
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
