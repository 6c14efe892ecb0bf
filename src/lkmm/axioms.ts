// The LKMM's derived relations, computed in the order the kernel's tools/memory-model defines
// them (our own implementation): fences, preserved program order, cumulativity, propagation,
// happens-before (hb), propagates-before (pb), and RCU's rcu-fence and rb.
import type { Base } from './base';
import { EventSet, Rel } from './relation';
import { rcuOrder } from './rcu';
import type { ExecutionGraph } from './graph';

export interface Derived {
  b: Base;
  poLoc: Rel;
  /** The orderings a fence gives: strong (smp_mb, full RMWs, grace periods), any fence. */
  strongFence: Rel; nonrwFence: Rel; fence: Rel;
  rmb: Rel; wmb: Rel; poRel: Rel; acqPo: Rel; poUnlockLockPo: Rel;
  ppo: Rel; cumulFence: Rel; prop: Rel; rmwSequence: Rel;
  hb: Rel; pb: Rel;
  /** rcu-fence and rb (empty without RCU/SRCU events). */
  rcuFence: Rel; rb: Rel;
}

/** po ; [S] ; po: everything before a fence of class S to everything after it. */
export function fencerel(b: Base, s: EventSet): Rel { return b.po.restrict(undefined, s).seq(b.po); }

/** The fence relations of linux-kernel.cat's "Basic relations" part. */
function fences(b: Base): Pick<Derived, 'rmb' | 'wmb' | 'poRel' | 'acqPo' | 'poUnlockLockPo' | 'strongFence' | 'nonrwFence' | 'fence'> {
  const { M, W, po, rf } = b;
  const acqPo = po.restrict(b.Acquire, M);
  const poRel = po.restrict(M, b.Release);
  const poUnlockLockPo = Rel.chain(po.restrict(undefined, b.UL), po.union(rf).restrict(undefined, b.LKR), po);
  const R4rmb = b.R.minus(b.Noreturn);
  const rmb = fencerel(b, b.fences('rmb')).restrict(R4rmb, R4rmb);
  const wmb = fencerel(b, b.fences('wmb')).restrict(W, W);
  const poOpt = po.opt();
  const mb = fencerel(b, b.fences('mb')).restrict(M, M).union(
    po.restrict(M, b.Mb.inter(b.R)),
    po.restrict(b.Mb.inter(W), M),
    Rel.chain(fencerel(b, b.fences('before-atomic')).restrict(M, b.RMW), poOpt).restrict(undefined, M),
    Rel.chain(poOpt.restrict(M, b.RMW), fencerel(b, b.fences('after-atomic'))).restrict(undefined, M),
    Rel.chain(poOpt.restrict(M, b.LKW), fencerel(b, b.fences('after-spinlock'))).restrict(undefined, M),
    Rel.chain(poUnlockLockPo.restrict(M, b.fences('after-unlock-lock')), po).restrict(undefined, M),
    Rel.chain(poOpt.restrict(M, b.SrcuUnlock), fencerel(b, b.fences('after-srcu-read-unlock'))).restrict(undefined, M),
  );
  const gp = Rel.chain(po.restrict(undefined, b.fences('sync-rcu').union(b.SyncSrcu)), poOpt);
  const strongFence = mb.union(gp);
  const nonrwFence = strongFence.union(poRel, acqPo);
  return { rmb, wmb, poRel, acqPo, poUnlockLockPo, strongFence, nonrwFence, fence: nonrwFence.union(wmb, rmb) };
}

/** Preserved program order: the orderings within one CPU that the hardware must respect. */
function preservedOrder(b: Base, f: ReturnType<typeof fences>): Rel {
  const dep = b.addr.union(b.data);
  const rfi = b.rf.inter(b.int);
  const rwdep = dep.union(b.ctrl).restrict(undefined, b.W);
  const overwrite = b.co.union(b.fr);
  const toW = rwdep.union(overwrite.inter(b.int), Rel.chain(b.addr.restrict(undefined, b.Plain), f.wmb));
  const toR = b.addr.restrict(undefined, b.R).union(Rel.chain(dep.restrict(undefined, b.Marked), rfi));
  return toR.union(toW, f.fence.inter(b.int), f.poUnlockLockPo.inter(b.int));
}

/** Everything checkLkmm needs, computed once per execution graph. */
export function derive(g: ExecutionGraph, b: Base): Derived {
  const f = fences(b);
  const { Marked } = b;
  const rfe = b.rf.inter(b.ext);
  const rmwSequence = b.rf.seq(b.rmw).star();
  const aCumul = (r: Rel): Rel => rfe.restrict(undefined, Marked).opt().seq(r);
  const cumulFence = Rel.chain(aCumul(f.strongFence.union(f.poRel)).union(f.wmb, f.poUnlockLockPo).restrict(Marked, Marked), rmwSequence);
  const overwriteExt = b.co.union(b.fr).inter(b.ext);
  const prop = Rel.chain(Rel.id(b.n, Marked), overwriteExt.opt(), cumulFence.star(), Rel.id(b.n, Marked), rfe.opt()).restrict(undefined, Marked);
  const ppo = preservedOrder(b, f);
  const hb = ppo.union(rfe, prop.minus(b.id).inter(b.int)).restrict(Marked, Marked);
  const hbStar = hb.star();
  const pb = Rel.chain(prop, f.strongFence, hbStar).restrict(undefined, Marked);
  const order = rcuOrder(g, b, () => Rel.chain(b.po.opt(), hbStar, pb.star(), prop, b.po));
  const rcuFence = order.isEmpty() ? new Rel(b.n) : Rel.chain(b.po, order, b.po.opt());
  const rb = rcuFence.isEmpty() ? new Rel(b.n) : Rel.chain(prop, rcuFence, hbStar, pb.star()).restrict(undefined, Marked);
  return { b, poLoc: b.po.inter(b.loc), ...f, ppo, cumulFence, prop, rmwSequence, hb, pb, rcuFence, rb };
}
