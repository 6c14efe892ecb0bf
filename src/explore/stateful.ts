// Stateful depth-first search: a visited set keyed on the canonical state (stateKey.ts), with sleep
// sets stored per state (Godefroid's "sleep sets with state caching": a state reached again with a
// smaller sleep set explores just the transitions that slept the first time). Counterexamples stay
// full schedules: the search path from the root is always a real execution prefix.
import { State, cloneState, cloneStateFor, copyStateFor, ownCallStacks } from '../core';
import { Search, maskOf } from './search';
import { Strategy, StrategyInit, preemptionsAfter } from './strategy';
import { SleepEntry, dependent, sleepMaskOf } from './footprints';
import { StateParts, pooledParts, returnParts } from './visitedSet';
import { LocalStore, VisitedStore } from './visitedStore';
import { SharedStore } from './sharedVisited';
import { Renaming, Symmetry, renameMask, symmetryOf } from './symmetry';
import { persistentSet } from './ample';
import { TransitionCache } from './transitions';
import { FootprintCache } from './footprintCache';
import type { Fp } from './footprints';

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
  /** Per thread, its next step's footprint here once computed (each is needed up to three times). */
  entries: (SleepEntry | undefined)[];
  /**
   * The threads whose listing call stacks this node's state alone holds (a bit per thread): its
   * last child steps such a thread in the state itself without copying them first (ownCallStacks).
   */
  own: number;
}

/** The paths a shard may take at the top of the tree (StrategyInit.allowed), by thread number. */
interface PathTree { id: number; kids: Map<number, PathTree> }

/** Thread t is still inside an API call (its top frame is an op frame). */
function inOp(s: State, t: number): boolean {
  const fs = s.threads[t]?.frames;
  return fs !== undefined && fs.length > 0 && fs[fs.length - 1]?.kind === 'op';
}

/**
 * The sleep set of a node's child by a step of footprint fp: what slept or was explored there
 * (the first `explored` siblings: those before this step) and commutes with it.
 */
function childSleep(node: Node, fp: SleepEntry['fp'], explored = node.explored.length): SleepEntry[] {
  const sleep: SleepEntry[] = [];
  for (const e of node.sleep) if (!dependent(e.fp, fp)) sleep.push(e);
  for (let i = 0; i < explored; i++) {
    const e = node.explored[i] as SleepEntry;
    if (!dependent(e.fp, fp)) sleep.push(e);
  }
  return sleep;
}

/** The threads of childSleep(node, fp) as a mask, without building the set (most children are known states). */
function childSleepMask(node: Node, fp: SleepEntry['fp']): number {
  let m = 0;
  for (const e of node.sleep) if (!dependent(e.fp, fp)) m |= 1 << e.t;
  for (const e of node.explored) if (!dependent(e.fp, fp)) m |= 1 << e.t;
  return m;
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
  /** Tests clear this to compare with the search that takes every step. */
  static transitionCache = true;
  /** Tests set this to explore a state again whenever it is reached with fewer steps (see moreRoom). */
  static roomAlways = false;
  private readonly parts: StateParts;
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
    this.allowedDepth = init.allowed?.[0]?.length ?? 0;
    if (init.allowed) {
      let ids = 0;
      const tree: PathTree = { id: ++ids, kids: new Map() };
      for (const path of init.allowed) {
        let node = tree;
        for (const t of path) {
          let next = node.kids.get(t);
          if (!next) node.kids.set(t, next = { id: ++ids, kids: new Map() });
          node = next;
        }
      }
      this.allowed = tree;
    }
    this.rootCopy = cloneState(root);
    // Parts kept for the next task, or shared with other workers' stores, stay; the others come
    // from the pool and go back to it when the search is over.
    this.pooled = !init.kept && !init.shared;
    this.parts = init.kept ? (init.kept.parts ??= new StateParts()) : this.pooled ? pooledParts() : new StateParts();
    this.width = root.threads.length + 1;
    this.store = init.shared ? new SharedStore(init.shared.table, init.shared.worker, this.parts)
      : new LocalStore(root.threads.length + 1, init.hashCompact === true, init.bound !== undefined);
    // The stats take their last field now, not at the first new state (noteMisses): a worker starts
    // a new search for each branch, and optimised code that saw the stats' final shape would be
    // thrown away at the start of every branch. (The result reads an absent figure as 0 anyway.)
    if (this.store.compact) search.stats.missProbability ??= 0;
    this.symmetry = init.symmetry && init.bound === undefined ? symmetryOf(search.m.program, search.m.variant.listing) : undefined;
    this.fpCache = this.symmetry ? undefined : new FootprintCache();
    this.noteCut(); // a step limit reported before the root (a debugger's prefix) counts too
    if (root.finished) { search.leaf(root); return; }
    const parts = this.keyOf(root, undefined, -1, this.tag(init.last, 0));
    const ren = this.ren;
    const seen = this.store.add(parts, false);
    const sleep = init.sleep ?? [];
    const sleepMask = sleepMaskOf(sleep);
    const { todo, unexplored, reduced } = this.expansion(root, parts, 0, sleepMask);
    // A branch handed over by another worker starts from a state that worker is still exploring.
    const owned = this.store.added;
    if (owned) {
      this.store.record(seen, ren ? renameMask(ren.thread, unexplored) : unexplored, root.steps, init.preempted);
      if (reduced) this.store.setReduced(seen, true);
    }
    // The root's call stacks are the caller's too: owned by nobody here.
    this.push(root, parts, ren, seen, todo, sleep, sleepMask, init.last, init.preempted, owned, reduced, 0, true);
  }

  private pooled: boolean;

  finished(): void {
    if (this.pooled) returnParts(this.parts);
    this.pooled = false;
  }

  /** The shard's paths (StrategyInit.allowed) as a tree of thread numbers, and their length. */
  private readonly allowed: PathTree | undefined;
  private readonly allowedDepth: number;

  /** The node of the allowed paths' tree the current path reaches at `depth` (undefined: none). */
  private allowedNode(depth: number): PathTree | undefined {
    let node = this.allowed;
    for (let d = 0; d < depth && node; d++) node = node.kids.get(this.path[d] as number);
    return node;
  }

  /** The threads the node at `depth` on the current path may take within the allowed paths, as a mask. */
  private allowedAt(depth: number): number {
    const node = this.allowedNode(depth);
    let mask = 0;
    if (node) for (const t of node.kids.keys()) mask |= 1 << t;
    return mask;
  }

  /** Under a symmetry, the group element the last keyOf found (undefined without one). */
  private ren: Renaming | undefined;

  /**
   * The visited-set key of s (reached from parent by thread t): incremental, or canonical under a
   * symmetry (then this.ren is the element that gave it).
   */
  private keyOf(s: State, parent: Int32Array | undefined, t: number, tag: number, depth = 0, readOnly = false): Int32Array {
    if (this.symmetry) {
      const c = this.parts.canonical(s, tag, this.symmetry, StatefulStrategy.wholeGroup);
      this.ren = c.element;
      return c.tuple;
    }
    this.ren = undefined;
    return parent ? this.childParts(parent, s, t, tag, depth, readOnly) : this.parts.all(s, tag);
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
    // Filled in order, never with a hole: a holey array is another map, and optimised code that
    // saw the packed one would be thrown away.
    const { tuples } = this;
    while (tuples.length <= depth) tuples.push(new Int32Array(this.width));
    return tuples[depth] as Int32Array;
  }

  private noteMisses(): void {
    if (this.store.compact) this.search.stats.missProbability = this.store.missProbability();
  }

  /**
   * With a preemption bound, who ran last is part of the state too. Above the end of a shard's
   * paths, so is the node of their tree: there, which threads a state may take depends on the path
   * to it, and one state reached by two paths must not be taken for one (the subtrees are free).
   */
  private tag(last: number, depth: number): number {
    const bound = this.init.bound === undefined ? 0 : last + 1;
    return depth < this.allowedDepth ? bound | (((this.allowedNode(depth)?.id ?? 0) + 1) << 6) : bound;
  }

  /** The steps from a node at this depth keep the tag as it is (see tag). */
  private tagKept(depth: number): boolean {
    return this.init.bound === undefined && depth >= this.allowedDepth;
  }

  /** The child's tuple: the parent's, with the shared part and thread t's renumbered. */
  private childParts(parent: Int32Array, child: State, t: number, tag: number, depth: number, readOnly: boolean): Int32Array {
    const out = this.tupleAt(depth);
    for (let i = 0; i < out.length; i++) out[i] = parent[i] as number;
    // A step that writes no shared object (its footprint says so) leaves the shared part as it was.
    if (readOnly) this.parts.updateThread(child, t, out);
    else this.parts.update(child, tag, t, out);
    // A step may queue an irq_work on a CPU: that pushes a call onto the CPU's own thread.
    const cpus = this.cpuThreads;
    for (let i = 0; i < cpus.length; i++) if (cpus[i] !== t) this.parts.updateThread(child, cpus[i] as number, out);
    if (StatefulStrategy.verifyParts) {
      const full = this.parts.all(child, tag);
      if (full.some((x, i) => x !== out[i])) throw new Error(`stateful: a step of thread ${t} (${this.search.m.nextLabel(child, t)} next) changed another part than its own${readOnly ? " or a shared part its footprint does not write" : ""}: ${Array.from(out)} vs ${Array.from(full)}`);
    }
    return out;
  }

  /** Bytes the visited sets hold (reported as the search's memory per state). */
  get bytes(): number {
    return this.parts.bytes + this.store.bytes + (this.cacheValue?.bytes ?? 0) + (this.fpCache?.bytes ?? 0);
  }

  /** The enabled threads of s not in `excluded` (only the forced one at a forced depth). */
  private choices(s: State, depth: number, excluded: number, parts?: Int32Array): number[] {
    const forced = this.init.fixed[depth];
    const out: number[] = [];
    if (s.finished) return out;
    const { m } = this.search;
    for (let t = 0; t < s.threads.length; t++) {
      if ((excluded & (1 << t)) !== 0 || (forced !== undefined && t !== forced)) continue;
      if (parts ? this.canMove(s, parts, t) : m.canMove(s, t)) out.push(t);
    }
    return out;
  }

  /**
   * What a state first reached with sleep mask `sleepMask` explores: a persistent set minus the
   * sleeping threads; and what it leaves unexplored for a later visit with a smaller sleep set to
   * wake (the sleeping threads of the persistent set). Flags the entry REDUCED by the caller.
   */
  private expansion(s: State, parts: Int32Array, depth: number, sleepMask: number): { todo: number[]; unexplored: number; reduced: boolean } {
    const all = this.choices(s, depth, 0, parts);
    const entries: (SleepEntry | undefined)[] = this.expanded = [];
    const set = this.reduce && this.init.fixed[depth] === undefined && depth >= this.allowedDepth && all.length > 1
      ? persistentSet(this.search, s, all, entries, (t) => this.footprint(s, parts, t)) : all;
    const todo = set.filter((t) => (sleepMask & (1 << t)) === 0);
    return { todo, unexplored: sleepMask & maskOf(set), reduced: set.length < all.length };
  }

  /**
   * Node objects, one per depth, reused: a node is only ever pushed onto the top of the stack, so
   * the one at a depth is free again once popped.
   */
  private readonly nodes: Node[] = [];
  /** The footprints the last expansion() computed (for the node push() makes of the same state). */
  private expanded: (SleepEntry | undefined)[] = [];

  private push(state: State, parts: Int32Array, ren: Renaming | undefined, seen: number, todo: number[], sleep: SleepEntry[],
    sleepMask: number, last: number, preempted: number, owned: boolean, reduced: boolean, own: number, fresh = false): void {
    const lastCanMove = last >= 0 && this.canMove(state, parts, last);
    this.store.enter(seen);
    const depth = this.stack.length;
    let node = this.nodes[depth];
    // The footprints expansion() just computed for this state are kept (fresh).
    const entries = fresh ? this.expanded : [];
    if (!node) {
      node = { state, parts, ren, seen, todo, i: 0, sleep, sleepMask, explored: [], last, lastCanMove, preempted, owned, reduced, entries, own };
      this.nodes[depth] = node;
    } else {
      node.state = state; node.parts = parts; node.ren = ren; node.seen = seen; node.todo = todo; node.i = 0;
      node.sleep = sleep; node.sleepMask = sleepMask; node.explored = []; node.last = last;
      node.lastCanMove = lastCanMove; node.preempted = preempted; node.owned = owned; node.reduced = reduced;
      node.entries = entries; node.own = own;
    }
    this.stack.push(node);
  }

  /** Thread t's next step from node's state as a sleep-set entry, computed once per node. */
  private entryOf(node: Node, t: number): SleepEntry {
    let e = node.entries[t];
    if (!e) {
      while (node.entries.length < t) node.entries.push(undefined);
      e = node.entries[t] = { t, fp: this.footprint(node.state, node.parts, t) };
    }
    return e;
  }

  /**
   * Footprints by parts (footprintCache.ts), when the parts are the state's own encoding: not
   * under a symmetry (a tuple there stands for a whole orbit, threads renumbered).
   */
  private readonly fpCache: FootprintCache | undefined;

  /** Whether thread t can move in s, whose tuple is `parts`. */
  private canMove(s: State, parts: Int32Array, t: number): boolean {
    const cache = this.fpCache;
    if (!cache) return this.search.m.canMove(s, t);
    const shared = parts[0] as number;
    const own = parts[t + 1] as number;
    const known = cache.moves(shared, own, t);
    if (known >= 0) return known === 1;
    const can = this.search.m.canMove(s, t);
    cache.setMoves(shared, own, t, can);
    return can;
  }

  /** Thread t's next step's footprint from s, whose tuple is `parts`. */
  private footprint(s: State, parts: Int32Array, t: number): Fp {
    const cache = this.fpCache;
    if (!cache) return this.search.fps.of(s, t);
    const shared = parts[0] as number;
    const own = parts[t + 1] as number;
    let fp = cache.get(shared, own, t);
    if (!fp) cache.set(shared, own, t, fp = this.search.fps.of(s, t));
    return fp;
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

  /** The `own` of the state the last materialize() made (see Node.own). */
  private childOwn = 0;

  /**
   * States to step a child in: a copy of the parent made in reused objects. Most children are
   * states seen before, and their copy is reused for the next child; only a new state keeps it.
   */
  private readonly spare: State[] = [];

  private expand(top: Node, depth: number, t: number): void {
    if (depth < this.allowedDepth && (this.allowedAt(depth) & (1 << t)) === 0) { this.passOver(top, t); return; }
    const { search } = this;
    const preempted = preemptionsAfter(top, t, this.init.bound, search.stats);
    if (preempted === null) return;
    const entry = this.entryOf(top, t);
    const { fp } = entry;
    const sleepMask = childSleepMask(top, fp);
    top.explored.push(entry);
    this.path[depth] = t;
    const { cache } = this;
    // The parts the step starts from (the child's tuple is built in another buffer).
    const shared = top.parts[0] as number;
    const own = top.parts[t + 1] as number;
    const cached = cache && this.tagKept(depth) ? cache.find(shared, own, t) : -1;
    if (cached >= 0 && !StatefulStrategy.verifyParts && this.viaCache(top, depth, t, fp, sleepMask, preempted, cached)) return;
    const steps = top.state.steps;
    const reported = top.state.reported.length;
    const violations = top.state.violations.length;
    const child = this.materialize(top, depth, t);
    const violated = child.violations.length > violations;
    if (child.finished) {
      const parts = this.keyOf(child, top.parts, t, 0, depth + 1);
      if (cached >= 0 && StatefulStrategy.verifyParts) this.verifyCached(cached, top.parts, t, child, parts, depth, steps);
      this.final(child, parts);
      this.recycle(child);
      return;
    }
    // Without a bound the tag is constant, so a step writing nothing shared keeps part 0 — unless it
    // ended its API call (a return may update the task's flags or a ghost behind the footprint).
    const readOnly = this.tagKept(depth) && (fp.w | fp.acq | fp.rel) === 0 && inOp(child, t);
    const parts = this.keyOf(child, top.parts, t, this.tag(t, depth + 1), depth + 1, readOnly);
    if (cache && this.tagKept(depth)) {
      if (cached >= 0 && StatefulStrategy.verifyParts) this.verifyCached(cached, top.parts, t, child, parts, depth, steps);
      // Only from a state that has reported nothing: a report made once is not made again (report()),
      // so a step from such a state could hide that it reports.
      else if (reported === 0) cache.set(shared, own, t, parts[0] as number, parts[t + 1] as number, violated ? -1 : child.steps - steps);
    }
    if (!this.visit(top, depth, t, fp, child, parts, this.ren, sleepMask, preempted)) this.recycle(child);
  }

  /**
   * Above the end of a shard's paths, a step another shard takes (or the split itself, when the
   * execution ended there): not taken here, but explored as far as the sleep sets go, as the
   * unsharded search would have explored it before the later siblings. So a later sibling's subtree
   * leaves asleep what this step's subtree covers, in this shard and in the others alike, and the
   * shards' subtrees overlap only where the sequential search's would. A step the preemption bound
   * cuts is not explored there either (expand() returns before it too).
   */
  private passOver(top: Node, t: number): void {
    const bound = this.init.bound;
    if (bound !== undefined && top.preempted + (top.lastCanMove && t !== top.last ? 1 : 0) > bound) return;
    top.explored.push(this.entryOf(top, t));
  }

  /**
   * The step of thread t from top, taken for real in a copy of top's state (the last child takes
   * the node's own state over: the node needs it no more).
   */
  private materialize(top: Node, depth: number, t: number): State {
    let child: State;
    // The listing call stacks of the threads that do not step are shared between the states of the
    // search (a step changes only its own thread's): only thread t's are copied, before it steps,
    // unless the state taken over holds them alone (a thread that ran alone since it copied them).
    const bit = 1 << t;
    if (top.i >= top.todo.length) {
      child = top.state;
      if ((top.own & bit) === 0) ownCallStacks(child, t);
      this.childOwn = top.own | bit;
    } else {
      const spare = this.spare.pop();
      if (spare) copyStateFor(spare, top.state, t);
      child = spare ?? cloneStateFor(top.state, t);
      this.childOwn = bit;
      top.own &= bit; // the child shares the others' with top's state now
    }
    this.search.step(child, t, this.path, depth + 1);
    this.noteCut();
    return child;
  }

  /**
   * A step the transition cache knows, to a state seen before: a revisit that wakes no thread is
   * pruned without taking the step; one that wakes some takes it (the node needs its state). Not
   * answered here (false): a step that reports, one that may reach the step limit, one to a state
   * not in the visited set (a new state, or one the step would have ended: the other threads decide
   * that, and the search then takes the step for real), and the rarer cases of visit().
   */
  private viaCache(top: Node, depth: number, t: number, fp: SleepEntry['fp'], sleepMask: number, preempted: number, at: number): boolean {
    const cache = this.cache as TransitionCache;
    if (cache.reports(at)) return false;
    const steps = top.state.steps + cache.stepsTaken(at);
    if (steps >= this.search.m.ctx.limits.maxSteps) return false;
    const parts = this.tupleAt(depth + 1);
    const from = top.parts;
    for (let i = 0; i < parts.length; i++) parts[i] = from[i] as number;
    parts[0] = cache.sharedAfter(at);
    parts[t + 1] = cache.partAfter(at);
    const { store, search } = this;
    // A state in the visited set is not final: its parts are those of a state that went on.
    const seen = store.find(parts);
    if (seen < 0 || store.onStack(seen) || store.busyElsewhere(seen) || this.moreRoom(steps, seen)) return false;
    const woken = store.wake(seen, sleepMask);
    if (woken === 0) { search.stats.steps++; search.stats.pruned++; return true; }
    const child = this.materialize(top, depth, t);
    const todo = this.choices(child, depth + 1, ~woken, parts);
    if (todo.length === 0) { search.stats.pruned++; this.recycle(child); return true; }
    this.push(child, parts, undefined, seen, bitsOf(maskOf(todo)), childSleep(top, fp, top.explored.length - 1), sleepMask, t, preempted, true, store.reduced(seen), this.childOwn);
    return true;
  }

  /** Tests: what the cache says of a step must be what the step did (or, if it ended the execution, lead to no known state). */
  private verifyCached(at: number, from: Int32Array, t: number, child: State, parts: Int32Array, depth: number, steps: number): void {
    const cache = this.cache as TransitionCache;
    if (cache.reports(at)) return;
    const fail = (why: string): never => { throw new Error(`stateful: the transition cache is wrong for a step of thread ${t} at depth ${depth}: ${why}`); };
    if (child.finished) {
      const expect = Int32Array.from(from);
      expect[0] = cache.sharedAfter(at);
      expect[t + 1] = cache.partAfter(at);
      if (this.store.find(expect) >= 0) fail('it ended the execution, yet the cache leads to a known state');
      return;
    }
    if (parts[0] !== cache.sharedAfter(at) || parts[t + 1] !== cache.partAfter(at)) fail(`parts ${parts[0]}/${parts[t + 1]}, cached ${cache.sharedAfter(at)}/${cache.partAfter(at)}`);
    if (child.steps - steps !== cache.stepsTaken(at)) fail(`${child.steps - steps} steps taken, cached ${cache.stepsTaken(at)}`);
  }

  /**
   * Transitions between parts (transitions.ts), when every step depends only on the shared memory
   * and its own thread: not with a symmetry (canonical tuples), a preemption bound (the tag),
   * coverage (recorded per step taken), invariants (checked after every step), or CPUs (another
   * thread's step may queue an irq_work on a CPU's thread).
   */
  private cacheMade = false;
  private cacheValue: TransitionCache | undefined;
  private get cache(): TransitionCache | undefined {
    if (this.cacheMade) return this.cacheValue;
    this.cacheMade = true;
    const { search } = this;
    const p = search.m.program;
    const on = StatefulStrategy.transitionCache && !this.symmetry && this.init.bound === undefined && !search.coverage &&
      p.invariants.length === 0 && this.cpuThreads.length === 0;
    const kept = this.init.kept;
    return (this.cacheValue = !on ? undefined : kept ? (kept.cache ??= new TransitionCache()) : new TransitionCache());
  }

  /**
   * A known state reached with fewer steps spent than before has more room under the step limit:
   * explored again, if the limit has cut anything yet. Until it has, every state explored so far
   * was explored to its ends, and more room below it finds nothing new. (Once a cut happens, a
   * state explored before it was not cut either: the cut is elsewhere.) Workers sharing the visited
   * set share the flag: a worker notes its cut before it leaves the state above it, and a state
   * another worker has not left is explored again here anyway (busyElsewhere).
   */
  private moreRoom(steps: number, seen: number): boolean {
    if (steps >= this.store.depth(seen)) return false;
    return StatefulStrategy.roomAlways || this.store.limitCut();
  }

  /** Tells the store once the step limit has cut something (a report of kind step-limit). */
  private noteCut(): void {
    if (!this.cutNoted && this.search.found.has('step-limit')) { this.cutNoted = true; this.store.noteLimitCut(); }
  }
  private cutNoted = false;

  /** A state no node holds any more: kept to be copied into for a later child. */
  private recycle(s: State): void {
    if (this.spare.length < 16) this.spare.push(s);
  }

  /** The child reached from top by thread t: pushed (true) or pruned or reported (false: its state may be reused). */
  private visit(top: Node, depth: number, t: number, fp: SleepEntry['fp'], child: State, parts: Int32Array,
    ren: Renaming | undefined, sleepMask: number, preempted: number): boolean {
    const { search, store } = this;
    const seen = store.add(parts, false);
    if (!store.added) {
      if (store.onStack(seen)) {
        this.fullyExpand(top, depth);
        this.livelock(child, this.stack.findIndex((x) => x.seen === seen), depth + 1, ren);
        return false;
      }
      if (store.busyElsewhere(seen)) {
        // Another worker has not finished it: explore it again here (see sharedVisited.ts).
        const { todo, reduced } = this.expansion(child, parts, depth + 1, sleepMask);
        this.push(child, parts, ren, seen, todo, childSleep(top, fp, top.explored.length - 1), sleepMask, t, preempted, false, reduced, this.childOwn, true);
        return true;
      }
    }
    // Sleep masks are stored in the representative's thread numbering.
    const stored = ren ? renameMask(ren.thread, sleepMask) : sleepMask;
    // Preemptions count as room only under a bound (without one, re-exploring for them was waste).
    const bounded = this.init.bound !== undefined;
    if (store.added || this.moreRoom(child.steps, seen) || (bounded && preempted < store.preempted(seen))) {
      // New, or reached with more room (fewer steps or preemptions spent) than before: explore all.
      if (store.added) { search.stats.states++; this.noteMisses(); }
      const { todo, unexplored, reduced } = this.expansion(child, parts, depth + 1, sleepMask);
      store.record(seen, ren ? renameMask(ren.thread, unexplored) : unexplored, child.steps, preempted);
      if (reduced) store.setReduced(seen, true);
      this.push(child, parts, ren, seen, todo, childSleep(top, fp, top.explored.length - 1), sleepMask, t, preempted, true, reduced, this.childOwn, true);
      return true;
    }
    const wokenStored = store.wake(seen, stored);
    const woken = ren ? renameMask(ren.threadAt, wokenStored) : wokenStored;
    const todo = woken === 0 ? [] : this.choices(child, depth + 1, ~woken, parts);
    if (todo.length === 0) { search.stats.pruned++; return false; }
    this.push(child, parts, ren, seen, bitsOf(maskOf(todo)), childSleep(top, fp, top.explored.length - 1), sleepMask, t, preempted, true, store.reduced(seen), this.childOwn);
    return true;
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
      const entry = this.entryOf(node, t);
      out.push({ path, t, sleep: childSleep(node, entry.fp), last: node.last, preempted: node.preempted });
      node.explored.push(entry);
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
      top.own = -1; // a copy of its own, every thread's
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
    this.noteCut();
  }
}
