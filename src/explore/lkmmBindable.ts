// Dropping a load-buffering path early: a promised read (a read of a write not made yet) that can
// no longer be bound to any write is a path whose every completion the end would refuse. Each test
// here only says "impossible" when no later write could make it possible (never drops an execution).
import { WeakGraph, cloneGraph, laterWrites } from '../core';
import { lkmmAllows } from '../lkmm';
import type { LkmmEvent } from '../lkmm';

/**
 * False when a promised read can no longer be bound: its own thread has finished without a write
 * after it (nothing can then be porf-after it in another thread), or no write it could be bound to
 * keeps its location coherent: neither one made since (on a cycle with it) nor one another live
 * thread may still make (a later read of its thread already took an older write, say).
 */
export function bindable(g: WeakGraph, done: readonly boolean[]): boolean {
  for (const r of g.pending) {
    const e = g.events[r];
    if (!e) continue;
    const t = e.thread;
    if (done[t] && !g.events.some((x) => x.thread === t && x.po > e.po && x.kind === 'W')) return false;
    // With one promised read the cycle is known now; with more, another's binding may close it.
    const after = g.pending.length === 1 ? porfAfter(g, r) : undefined;
    const made = laterWrites(g, r).filter((w) => !after || after.has(w));
    if (made.some((w) => coherentRead(g, e, w))) continue;
    if (!done.some((d, u) => !d && u !== t && coherentLater(g, e, u))) return false;
  }
  return true;
}

/**
 * Whether the promised read `r` already has a write it can be bound to: made since, on a cycle with
 * it (porf-after it), that the LKMM lets it read in the graph so far. Its load-buffering cycle is then closed,
 * and the explorer may open another (a second read of a later write in the same execution).
 */
export function closed(g: WeakGraph, r: number): boolean {
  const e = g.events[r];
  if (!e) return false;
  const after = porfAfter(g, r);
  return laterWrites(g, r).some((w) => {
    if (!after.has(w) || !coherentRead(g, e, w)) return false;
    const h = cloneGraph(g);
    h.rf[r] = w;
    return lkmmAllows(h);
  });
}

/** Whether `r` reading the existing write `w` keeps its location coherent. */
function coherentRead(g: WeakGraph, r: LkmmEvent, w: number): boolean {
  const co = g.co[r.loc ?? ''];
  if (r.loc === undefined || !co) return true;
  return acyclic(edges(g, g.events.filter((x) => x.loc === r.loc), r.id, w, -1, co));
}

/**
 * Whether a write of `r`'s location that thread `u` makes next (after all its events so far) can be
 * put somewhere in coherence so that `r` reads it and the location stays coherent: program order
 * of the location, read-from, coherence and from-read without a cycle (sequential consistency per
 * location, the LKMM's first axiom). The write stands for any `u` may make later: the events `u`
 * makes before it only add edges, so a cycle here is a cycle there.
 */
function coherentLater(g: WeakGraph, r: LkmmEvent, u: number): boolean {
  const loc = r.loc;
  const co = g.co[loc ?? ''];
  if (loc === undefined || !co) return true;
  const at = g.events.filter((x) => x.loc === loc);
  const psi = g.events.length; // the write not made yet
  for (let p = 1; p <= co.length; p++) {
    const order = [...co.slice(0, p), psi, ...co.slice(p)];
    if (acyclic(edges(g, at, r.id, psi, u, order))) return true;
  }
  return false;
}

/** The coherence edges of one location when `r` reads `psi` (a write not made yet of thread `u`, last in its program order; u -1: an existing write). */
function edges(g: WeakGraph, at: readonly LkmmEvent[], r: number, psi: number, u: number, order: readonly number[]): Map<number, number[]> {
  const out = new Map<number, number[]>();
  const add = (a: number, b: number): void => { const l = out.get(a); if (l) l.push(b); else out.set(a, [b]); };
  // Program order of the location, per thread (consecutive events suffice), psi last in u.
  const last = new Map<number, number>();
  for (const x of [...at].sort((a, b) => a.thread - b.thread || a.po - b.po)) {
    const prev = last.get(x.thread);
    if (prev !== undefined && x.thread >= 0) add(prev, x.id);
    last.set(x.thread, x.id);
  }
  const lastOfU = u < 0 ? undefined : last.get(u);
  if (lastOfU !== undefined) add(lastOfU, psi);
  for (let i = 0; i + 1 < order.length; i++) add(order[i] as number, order[i + 1] as number);
  const pos = new Map(order.map((w, i) => [w, i]));
  const read = (x: number, w: number): void => {
    add(w, x);
    const next = order[(pos.get(w) ?? order.length) + 1];
    if (next !== undefined) add(x, next); // from-read: the write after the one it read
  };
  for (const x of at) {
    if (x.kind !== 'R') continue;
    const w = x.id === r ? psi : g.rf[x.id];
    if (w !== undefined) read(x.id, w);
  }
  return out;
}

function acyclic(next: Map<number, number[]>): boolean {
  const state = new Map<number, 1 | 2>();
  const visit = (a: number): boolean => {
    state.set(a, 1);
    for (const b of next.get(a) ?? []) {
      const s = state.get(b);
      if (s === 1 || (s === undefined && !visit(b))) return false;
    }
    state.set(a, 2);
    return true;
  };
  for (const a of next.keys()) if (!state.has(a) && !visit(a)) return false;
  return true;
}

/** The events after `r` in program order and read-from, transitively (porf). */
export function porfAfter(g: WeakGraph, r: number): Set<number> {
  const readersOf = new Map<number, number[]>();
  for (const [rd, w] of Object.entries(g.rf)) {
    const list = readersOf.get(w) ?? [];
    list.push(Number(rd));
    readersOf.set(w, list);
  }
  const seen = new Set<number>();
  const todo = [r];
  while (todo.length > 0) {
    const x = g.events[todo.pop() as number];
    if (!x) continue;
    for (const y of g.events) {
      if (y.thread === x.thread && y.po > x.po && !seen.has(y.id)) { seen.add(y.id); todo.push(y.id); }
    }
    for (const y of readersOf.get(x.id) ?? []) if (!seen.has(y)) { seen.add(y); todo.push(y); }
  }
  return seen;
}
