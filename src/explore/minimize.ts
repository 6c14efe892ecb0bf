// Counterexample minimisation: a Dijkstra search over (state, last thread) ordered by (preemptions,
// steps), from the search's root. The first time a violation kind is reached is its schedule with
// the fewest preemptions, then the fewest steps; ties go to the earlier-inserted path (lower thread
// indices first), so the answer is the same whoever found the kind first.
import { Machine, State, ViolationKind, cloneState, cloneStateFor, copyStateFor, ownCallStacks } from '../core';
import { TupleSet, pooledParts, returnParts } from './visitedSet';
import { TransitionCache } from './transitions';

interface QNode {
  state: State | undefined;
  /** The state's parts (visitedSet.ts): a child's are its parent's with two renumbered. */
  parts: Int32Array | undefined;
  parent: number;
  t: number;
  pre: number;
  depth: number;
  last: number;
  /** Set on the pseudo node of a violation reached by the step into it. */
  kind: ViolationKind | undefined;
  /** The (state, last thread) this node stands for (an entry of the table of bests); closed once expanded. */
  entry: number;
  /** The threads whose listing call stacks the state alone holds, a bit each (stateful.ts's Node.own). */
  own: number;
  seq: number;
}

/** A binary min-heap of node indices, ordered by (pre, depth, seq). */
class Heap {
  private readonly a: number[] = [];
  constructor(private readonly nodes: QNode[]) {}
  get size(): number { return this.a.length; }

  private less(i: number, j: number): boolean {
    const x = this.nodes[this.a[i] ?? 0];
    const y = this.nodes[this.a[j] ?? 0];
    if (!x || !y) return false;
    return x.pre !== y.pre ? x.pre < y.pre : x.depth !== y.depth ? x.depth < y.depth : x.seq < y.seq;
  }

  private swap(i: number, j: number): void {
    const t = this.a[i] ?? 0;
    this.a[i] = this.a[j] ?? 0;
    this.a[j] = t;
  }

  push(n: number): void {
    this.a.push(n);
    for (let i = this.a.length - 1; i > 0;) {
      const p = (i - 1) >> 1;
      if (!this.less(i, p)) break;
      this.swap(i, p);
      i = p;
    }
  }

  pop(): number | undefined {
    const top = this.a[0];
    const end = this.a.pop();
    if (this.a.length > 0 && end !== undefined) {
      this.a[0] = end;
      for (let i = 0; ;) {
        const l = 2 * i + 1;
        const r = l + 1;
        let m = i;
        if (l < this.a.length && this.less(l, m)) m = l;
        if (r < this.a.length && this.less(r, m)) m = r;
        if (m === i) break;
        this.swap(i, m);
        i = m;
      }
    }
    return top;
  }
}

export interface MinimalSchedule {
  /** Thread choices from the root (prepend the root's prefix for a full schedule). */
  path: number[];
  /** Preemptions counted from the root (add the prefix's own). */
  preemptions: number;
}

/** Tests clear this to compare with the minimiser that takes every step. */
export const minimizeOptions = { transitionCache: true };

/**
 * Finds, for each wanted kind, a schedule from `root` with the fewest preemptions and then the
 * fewest steps. Gives up after `maxNodes` expansions or once `outOfTime()` says so (asked every
 * 32 expansions); kinds not settled by then are absent.
 *
 * A (state, last thread) is its tuple of parts (visitedSet.ts) and the last thread: a child's
 * tuple is its parent's with the shared part and the stepping thread's renumbered. Most children
 * are states reached before at no lower cost: their copy is reused for the next child, and a step
 * the transition cache (transitions.ts) knows leads to such a state is not taken at all.
 */
export function minimize(m: Machine, root: State, rootLast: number, kinds: ReadonlySet<ViolationKind>,
  maxNodes: number, outOfTime: () => boolean = () => false): Map<ViolationKind, MinimalSchedule> {
  const out = new Map<ViolationKind, MinimalSchedule>();
  const parts = pooledParts();
  const width = root.threads.length + 1;
  const rootParts = parts.all(root, 0);
  const nodes: QNode[] = [{ state: cloneState(root), parts: rootParts, parent: -1, t: -1, pre: 0, depth: 0, last: rootLast, kind: undefined, seq: 0, entry: -1, own: -1 }];
  const heap = new Heap(nodes);
  // Per (state, last thread): the least cost it was reached with, whether it was expanded.
  const best = new TupleSet(width + 1);
  const costs: number[] = [];
  const closed: boolean[] = [];
  const key = new Int32Array(width + 1);
  const cache = cacheFor(m);
  const cpus = (m.program.cpus ?? []).map((c) => c.thread);
  const maxSteps = m.ctx.limits.maxSteps;
  // States no node holds any more, to copy the next children into.
  const spare: State[] = [];
  const recycle = (x: State): void => { if (spare.length < 16) spare.push(x); };
  heap.push(0);
  let expanded = 0;
  while (heap.size > 0 && out.size < kinds.size && expanded < maxNodes) {
    const i = heap.pop() ?? 0;
    const node = nodes[i];
    if (!node) break;
    if (node.kind) {
      if (!out.has(node.kind)) out.set(node.kind, { path: pathTo(nodes, i), preemptions: node.pre });
      continue;
    }
    const s = node.state;
    const from = node.parts;
    node.state = undefined; // only the frontier keeps states
    node.parts = undefined;
    if (!s || !from || (node.entry >= 0 && closed[node.entry])) continue;
    if (node.entry >= 0) closed[node.entry] = true;
    if (++expanded % 32 === 0 && outOfTime()) break;
    let owns = node.own;
    const en = m.enabled(s);
    const lastCanMove = node.last >= 0 && en.includes(node.last);
    for (let k = 0; k < en.length; k++) {
      const t = en[k] ?? 0;
      const pre = node.pre + (lastCanMove && t !== node.last ? 1 : 0);
      const depth = node.depth + 1;
      const cost = pre * 1e6 + depth;
      const shared = from[0] as number;
      const own = from[t + 1] as number;
      // A step the cache knows that reports nothing and reaches a state (not a final one: those are
      // never in the table) already reached at no lower cost: nothing to do, the step is not taken.
      const at = cache ? cache.find(shared, own, t) : -1;
      if (cache && at >= 0 && !cache.reports(at) && s.steps + cache.stepsTaken(at) < maxSteps) {
        for (let p = 0; p < width; p++) key[p] = from[p] as number;
        key[0] = cache.sharedAfter(at);
        key[t + 1] = cache.partAfter(at);
        key[width] = t;
        const e = best.find(key);
        if (e >= 0 && (costs[e] as number) <= cost) {
          if (k === en.length - 1) recycle(s);
          continue;
        }
      }
      // Listing call stacks of the threads that do not step are shared (state.ts, cloneStateFor);
      // the last child copies thread t's only if another state may hold them too.
      let child: State;
      let childOwn = 1 << t;
      if (k === en.length - 1) {
        child = s;
        if ((owns & childOwn) === 0) ownCallStacks(child, t);
        childOwn |= owns;
      } else {
        const x = spare.pop();
        if (x) copyStateFor(x, s, t);
        child = x ?? cloneStateFor(s, t);
        owns &= childOwn; // the child shares the other threads' with s now
      }
      const before = child.violations.length;
      const reported = child.reported.length;
      const steps = child.steps;
      m.step(child, t);
      for (let v = before; v < child.violations.length; v++) {
        const kind = child.violations[v]?.kind;
        if (kind && kinds.has(kind) && !out.has(kind)) {
          nodes.push({ state: undefined, parts: undefined, parent: i, t, pre, depth, last: t, kind, seq: nodes.length, entry: -1, own: 0 });
          heap.push(nodes.length - 1);
        }
      }
      if (child.finished) { recycle(child); continue; }
      const tuple = new Int32Array(width);
      for (let p = 0; p < width; p++) tuple[p] = from[p] as number;
      parts.update(child, 0, t, tuple);
      for (const c of cpus) if (c !== t) parts.updateThread(child, c, tuple);
      // Only from a state that has reported nothing: a report made once is not made again.
      if (cache && at < 0 && reported === 0) {
        cache.set(shared, own, t, tuple[0] as number, tuple[t + 1] as number, child.violations.length > before ? -1 : child.steps - steps);
      }
      for (let p = 0; p < width; p++) key[p] = tuple[p] as number;
      key[width] = t;
      let e = best.find(key);
      if (e >= 0 && (costs[e] as number) <= cost) { recycle(child); continue; }
      if (e >= 0) costs[e] = cost;
      else { e = best.insert(); costs[e] = cost; closed[e] = false; }
      // A literal of the node's own shape: a spread of a shared base here cost more than the step.
      nodes.push({ state: child, parts: tuple, parent: i, t, pre, depth, last: t, kind: undefined, seq: nodes.length, entry: e, own: childOwn });
      heap.push(nodes.length - 1);
    }
  }
  returnParts(parts);
  return out;
}

/**
 * The transition cache, when every step depends only on the shared memory and its own thread (as
 * in the stateful search: not with invariants, checked after every step, nor with CPUs, whose
 * threads another thread's step may give a call).
 */
function cacheFor(m: Machine): TransitionCache | undefined {
  const p = m.program;
  return minimizeOptions.transitionCache && p.invariants.length === 0 && (p.cpus ?? []).length === 0 ? new TransitionCache() : undefined;
}

function pathTo(nodes: readonly QNode[], i: number): number[] {
  const path: number[] = [];
  for (let n = nodes[i]; n && n.parent >= 0; n = nodes[n.parent]) path.push(n.t);
  return path.reverse();
}
