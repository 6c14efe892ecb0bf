// Load buffering in the LKMM explorer. A load may take its value from a write that is made later in
// the schedule (a promise), so the executions whose program order and read-from form a cycle (LB)
// are generated too. A load may promise what another thread will write whatever it reads from now
// on (a look-ahead run of that thread alone); at the end each promised read is bound to a later
// write of its value that is on a cycle with it, in every way the LKMM allows.
import { Machine, State, WeakGraph, cloneGraph, cloneState, laterWrites } from '../core';
import { porfAfter } from './lkmmBindable';
import { lkmmAllows } from '../lkmm';

/** Steps a look-ahead runs at most (a thread's remaining steps are far fewer in the examples). */
const LOOK_AHEAD_STEPS = 200;

/**
 * The writes thread `u` will make from state `s` whatever it reads from now on, as `loc|value`: u
 * runs alone on `ahead` (a second machine whose memory takes the newest write, unchecked), and a
 * store or RMW write (not a lock's) that has no address, data or control dependency on a read of
 * that run (an RMW's write: but its own read) counts: another thread's read may take it before it
 * is made. `labels`: the step label of the first such write of each `loc|value` (the debugger
 * names it).
 */
export function futureWrites(ahead: Machine, s: State, g: WeakGraph, u: number): { writes: Set<string>; labels: Map<string, string> } {
  const out = new Set<string>();
  const labels = new Map<string, string>();
  const weak = ahead.weak;
  if (!weak) return { writes: out, labels };
  const s2 = cloneState(s);
  const g2 = cloneGraph(g);
  weak.start(g2);
  const from = g2.events.length;
  for (let i = 0; i < LOOK_AHEAD_STEPS && !s2.finished && ahead.canMove(s2, u); i++) ahead.step(s2, u);
  const before = (ids: readonly number[]): boolean => ids.every((x) => x < from);
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
  return { writes: out, labels };
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

  of(s: State, g: WeakGraph, u: number): Set<string> {
    return futureWrites(this.ahead, s, g, u).writes;
  }
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
