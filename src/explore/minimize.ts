// Counterexample minimisation: a Dijkstra search over (state, last thread) ordered by (preemptions,
// steps), from the search's root. The first time a violation kind is reached is its schedule with
// the fewest preemptions, then the fewest steps; ties go to the earlier-inserted path (lower thread
// indices first), so the answer is the same whoever found the kind first.
import { Machine, State, ViolationKind, cloneState } from '../core';
import { StateEncoder, StateTable } from './stateKey';

interface QNode {
  state: State | undefined;
  parent: number;
  t: number;
  pre: number;
  depth: number;
  last: number;
  /** Set on the pseudo node of a violation reached by the step into it. */
  kind?: ViolationKind;
  /** The (state, last thread) this node stands for; closed once expanded. */
  entry: Best | undefined;
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

interface Best { cost: number; closed: boolean }

export interface MinimalSchedule {
  /** Thread choices from the root (prepend the root's prefix for a full schedule). */
  path: number[];
  /** Preemptions counted from the root (add the prefix's own). */
  preemptions: number;
}

/**
 * Finds, for each wanted kind, a schedule from `root` with the fewest preemptions and then the
 * fewest steps. Gives up after `maxNodes` expansions or once `outOfTime()` says so (asked every
 * 32 expansions); kinds not settled by then are absent.
 */
export function minimize(m: Machine, root: State, rootLast: number, kinds: ReadonlySet<ViolationKind>,
  maxNodes: number, outOfTime: () => boolean = () => false): Map<ViolationKind, MinimalSchedule> {
  const out = new Map<ViolationKind, MinimalSchedule>();
  const nodes: QNode[] = [{ state: cloneState(root), parent: -1, t: -1, pre: 0, depth: 0, last: rootLast, seq: 0, entry: undefined }];
  const heap = new Heap(nodes);
  const enc = new StateEncoder();
  const best = new StateTable<Best>(enc);
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
    node.state = undefined; // only the frontier keeps states
    if (!s || node.entry?.closed) continue;
    if (node.entry) node.entry.closed = true;
    if (++expanded % 32 === 0 && outOfTime()) break;
    const en = m.enabled(s);
    const lastCanMove = node.last >= 0 && en.includes(node.last);
    for (let k = 0; k < en.length; k++) {
      const t = en[k] ?? 0;
      const child = k === en.length - 1 ? s : cloneState(s);
      const before = child.violations.length;
      m.step(child, t);
      const pre = node.pre + (lastCanMove && t !== node.last ? 1 : 0);
      const base = { parent: i, t, pre, depth: node.depth + 1, last: t };
      for (let v = before; v < child.violations.length; v++) {
        const kind = child.violations[v]?.kind;
        if (kind && kinds.has(kind) && !out.has(kind)) {
          nodes.push({ ...base, state: undefined, kind, seq: nodes.length, entry: undefined });
          heap.push(nodes.length - 1);
        }
      }
      if (child.finished) continue;
      enc.encode(child, t + 1);
      const h = enc.hash();
      const cost = pre * 1e6 + base.depth;
      let entry = best.get(h);
      if (entry && entry.cost <= cost) continue;
      if (entry) entry.cost = cost;
      else { entry = { cost, closed: false }; best.set(h, entry); }
      nodes.push({ ...base, state: child, seq: nodes.length, entry });
      heap.push(nodes.length - 1);
    }
  }
  return out;
}

function pathTo(nodes: readonly QNode[], i: number): number[] {
  const path: number[] = [];
  for (let n = nodes[i]; n && n.parent >= 0; n = nodes[n.parent]) path.push(n.t);
  return path.reverse();
}
