// Load buffering in the LKMM explorer. A load may take its value from a write that is made later in
// the schedule (a promise), so the executions whose program order and read-from form a cycle (LB)
// are generated too. A load may promise what another thread will write whatever it reads from now
// on (a look-ahead run of that thread alone); at the end each promised read is bound to a later
// write of its value that is on a cycle with it, in every way the LKMM allows.
import { Machine, State, WeakGraph, cloneGraph, cloneState, laterWrites } from '../core';
import type { RmwResult, RmwSeen } from '../core';
import { porfAfter } from './lkmmBindable';
import { lkmmAllows } from '../lkmm';

/** An RMW a look-ahead ran whose write depends on nothing of that run but its own read. */
export interface FutureRmw { loc: string; then: (old: number) => RmwResult }

/** What a thread will write whatever it reads (futureWrites). */
export interface Future { writes: Set<string>; labels: Map<string, string>; rmws: FutureRmw[] }

/**
 * The writes thread `u` will make from state `s` whatever it reads from now on, as `loc|value`: u
 * runs alone on `ahead` (a second machine whose memory takes the newest write, unchecked), and a
 * store or RMW write (not a lock's) that has no address, data or control dependency on a read of
 * that run (an RMW's write: but its own read) counts: another thread's read may take it before it
 * is made. `labels`: the step label of the first such write of each `loc|value` (the debugger
 * names it). `rmws`: the RMWs whose write depends on nothing of the run but their own read, failed
 * ones included (what they write when they read another value: the caller's, FutureWrites.values).
 *
 * The run goes on to the end of the thread or to the step bound of the run (the steps the state
 * has left), and past a lock another thread holds: in the executions where u goes on, the holder
 * has released it (lock order is the schedule's), so what u writes after it is a write u may
 * make. It stops at a `.tw` wait (`wait_until`, an allocation that waits for a free): which thread
 * ends the wait, and when, is the model's state, not memory.
 */
export function futureWrites(ahead: Machine, s: State, g: WeakGraph, u: number): Future {
  const out = new Set<string>();
  const labels = new Map<string, string>();
  const rmws: FutureRmw[] = [];
  const weak = ahead.weak;
  if (!weak) return { writes: out, labels, rmws };
  const s2 = cloneState(s);
  const g2 = cloneGraph(g);
  weak.start(g2);
  const from = g2.events.length;
  const seen: RmwSeen[] = [];
  weak.rmwSeen = seen;
  try {
    for (;;) {
      while (!s2.finished && ahead.canMove(s2, u)) ahead.step(s2, u);
      if (s2.finished || s2.threads[u]?.done || !releaseOthers(s2, u)) break;
    }
  } finally {
    weak.rmwSeen = undefined;
  }
  const before = (ids: readonly number[]): boolean => ids.every((x) => x < from);
  for (const r of seen) if (before(r.addr) && before(r.data) && before(r.ctrl)) rmws.push({ loc: r.loc, then: r.then });
  for (let i = from; i < g2.events.length; i++) {
    const e = g2.events[i];
    if (!e || e.kind !== 'W' || e.thread !== u || e.lock || typeof e.value !== 'number') continue;
    // An RMW's write depends on its own read (cmpxchg writes only what it compared, an atomic OR
    // writes the old value with bits set): its value here is the one it writes when that read takes
    // the newest write, and the binding at the end keeps only the executions where it does.
    const own = e.rmwOp && g2.events[e.id - 1]?.rmwWrite === e.id ? e.id - 1 : -1;
    if (!before(e.addr) || !before(e.data.filter((x) => x !== own)) || !before(e.ctrl)) continue;
    const key = `${e.loc ?? ''}|${e.value}`;
    out.add(key);
    if (!labels.has(key)) labels.set(key, e.text ?? '?');
  }
  return { writes: out, labels, rmws };
}

/** Frees the locks threads other than `u` hold (a look-ahead's copy of the state); true when one was held. */
function releaseOthers(s: State, u: number): boolean {
  let any = false;
  for (const task of s.tasks) {
    if (task.lockHolder >= 0 && task.lockHolder !== u) { task.lockHolder = -1; any = true; }
  }
  return any;
}

/**
 * The look-aheads of one search. Not remembered by the thread's state: what a thread does next
 * also depends on what is outside it (an RMW's write on the memory its read finds, a `.tw` branch
 * or `wait_until` on the model's state, which no dependency records): a look-ahead reused from
 * another node could offer promises the thread would not make there (more states: the binding
 * refuses them) and miss some it would.
 */
export class FutureWrites {
  constructor(private readonly ahead: Machine) {}

  of(s: State, g: WeakGraph, u: number): Future {
    return futureWrites(this.ahead, s, g, u);
  }
}

/**
 * The values a read of `loc` may promise from these threads' futures: their writes there, and what
 * their RMWs of `loc` write when they read any value the location may hold: one written there (in
 * `g` or in a future) or written by such an RMW (to a fixed point; the atomic operations' values
 * are few: a cmpxchg or xchg writes one value, an OR or AND keeps within the bits seen). An RMW's
 * write is not promised only for the value the newest write gives it: it may read an older or a
 * later write. Values no execution writes are refused at the binding (more states, no execution).
 */
export function promisable(loc: string, g: WeakGraph, futures: readonly Future[]): Set<number> {
  const out = new Set<number>();
  const rmws: FutureRmw[] = [];
  for (const f of futures) {
    for (const k of f.writes) if (k.startsWith(`${loc}|`)) out.add(Number(k.slice(loc.length + 1)));
    for (const r of f.rmws) if (r.loc === loc) rmws.push(r);
  }
  if (rmws.length === 0) return out;
  const olds = new Set<number>(out);
  for (const w of g.co[loc] ?? []) { const v = g.events[w]?.value; if (typeof v === 'number') olds.add(v); }
  for (let grew = true, round = 0; grew && round < 8; round++) {
    grew = false;
    for (const r of rmws) {
      for (const v of [...olds]) {
        const res = r.then(v);
        if (!res.write) continue;
        out.add(res.value);
        if (!olds.has(res.value)) { olds.add(res.value); grew = true; }
      }
    }
  }
  return out;
}

/**
 * Every way to bind a complete execution's promised reads to later writes that the LKMM allows.
 * Only writes porf-after their read are taken (each read and its write on a cycle: load
 * buffering), judged on the whole bound graph (one read's cycle may pass through another's
 * binding); a later write not porf-after it is read in the schedules where that write comes first.
 */
export function bindings(g: WeakGraph): WeakGraph[] {
  const out: WeakGraph[] = [];
  const reads = g.pending;
  const options = reads.map((r) => laterWrites(g, r));
  const h = cloneGraph(g);
  h.pending = [];
  const bind = (k: number): void => {
    if (k === reads.length) {
      if (reads.every((r) => porfAfter(h, r).has(h.rf[r] as number))) out.push(cloneGraph(h));
      return;
    }
    const r = reads[k] as number;
    for (const w of options[k] ?? []) {
      h.rf[r] = w;
      if (lkmmAllows(h)) bind(k + 1); // a partial binding that is refused stays refused (the axioms are monotone)
    }
    delete h.rf[r];
  };
  bind(0);
  return out;
}
