// RCU and SRCU in the LKMM: matching read-side critical sections (rcu_read_lock/unlock by
// nesting, srcu_read_lock/unlock by the value the lock returned), and rcu-order, the sequences
// of grace periods and critical sections that order like a strong fence when the grace periods
// are at least as many as the critical sections.
import type { Base } from './base';
import type { ExecutionGraph } from './graph';
import { Rel } from './relation';

/** rcu_read_lock -> its matching rcu_read_unlock, per thread, nested like brackets. */
export function rcuSections(g: ExecutionGraph, n: number): Rel {
  const r = new Rel(n);
  const byThread = new Map<number, number[]>();
  for (const e of [...g.events].sort((a, c) => a.thread - c.thread || a.po - c.po)) {
    if (e.kind !== 'F' || (e.tag !== 'rcu-lock' && e.tag !== 'rcu-unlock')) continue;
    const stack = byThread.get(e.thread) ?? [];
    byThread.set(e.thread, stack);
    if (e.tag === 'rcu-lock') stack.push(e.id);
    else { const open = stack.pop(); if (open !== undefined) r.add(open, e.id); }
  }
  return r;
}

/**
 * srcu_read_lock -> the srcu_read_unlock given its value: a data dependency, possibly carried
 * through stores and the reads that read them (srcu_down_read/srcu_up_read may cross threads),
 * on the same srcu struct.
 */
export function srcuSections(b: Base): Rel {
  const carry = Rel.chain(b.data.restrict(undefined, b.SrcuUnlock.not()), b.rf).star();
  return Rel.chain(Rel.id(b.n, b.SrcuLock), carry, b.data.restrict(undefined, b.SrcuUnlock)).inter(b.loc);
}

/** rcu-order: the least fixed point over grace periods (gp) and critical sections (rscsi), joined by rcu-link. */
export function rcuOrder(g: ExecutionGraph, b: Base, linkOf: () => Rel): Rel {
  const syncRcu = b.fences('sync-rcu');
  if (syncRcu.isEmpty() && b.SyncSrcu.isEmpty()) return new Rel(b.n);
  const link = linkOf();
  const gp = Rel.id(b.n, syncRcu);
  const sgp = Rel.id(b.n, b.SyncSrcu);
  const rscsi = rcuSections(g, b.n).inv();
  const srscsi = srcuSections(b).inv();
  const around = (x: Rel, mid: Rel | undefined, y: Rel, sameLoc: boolean): Rel => {
    const r = mid ? Rel.chain(x, link, mid, link, y) : Rel.chain(x, link, y);
    return sameLoc ? r.inter(b.loc) : r;
  };
  const step = (order: Rel | undefined): Rel => gp.union(
    sgp,
    around(gp, order, rscsi, false), around(sgp, order, srscsi, true),
    around(rscsi, order, gp, false), around(srscsi, order, sgp, true),
    ...(order ? [Rel.chain(order, link, order)] : []),
  );
  let order = step(undefined);
  for (;;) {
    const next = step(order).union(order);
    if (next.equals(order)) return order;
    order = next;
  }
}
