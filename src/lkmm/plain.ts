// Plain (unmarked) accesses in the LKMM: when a plain access is bounded by marked ones so that
// the compiler cannot move it across them, the visibility relations, the plain-coherence axiom,
// and the data races (two accesses of different threads to one location, at least one plain
// and one a write, not ordered by the model).
import type { Derived } from './axioms';
import { fencerel } from './axioms';
import { Rel } from './relation';

export interface PlainRelations {
  /** Pairs that break plain coherence (an execution with one is not allowed). */
  incoherent: Rel;
  /** Racing pairs (the execution is allowed but flagged). */
  races: Rel;
}

export function plainRelations(d: Derived): PlainRelations {
  const { b } = d;
  const preRace = b.ext.inter(Rel.cross(b.Plain, b.M).union(Rel.cross(b.M.minus(b.IW), b.Plain)));
  if (preRace.inter(b.rf.union(b.co, b.fr, b.co.seq(b.rf))).isEmpty()) return { incoherent: new Rel(b.n), races: new Rel(b.n) };
  const { Marked } = b;
  const strong = d.strongFence.union(d.rcuFence);
  const fence = d.fence.union(d.rcuFence);
  const xbstar = d.hb.union(d.pb, d.rb).star();
  const rfe = b.rf.inter(b.ext);
  const vis = Rel.chain(d.cumulFence.star(), rfe.opt().restrict(undefined, Marked),
    Rel.chain(strong.restrict(undefined, Marked), xbstar).union(xbstar.inter(b.int)));
  const R4rmb = b.R.minus(b.Noreturn);
  const notNoreturn = b.Noreturn.not();
  const rmbFence = fencerel(b, b.fences('rmb'));
  const wPre = b.addr.union(fence).opt().restrict(Marked, undefined);
  const rPre = b.addr.union(d.nonrwFence, rmbFence.restrict(R4rmb, notNoreturn)).opt().restrict(Marked, undefined);
  const wPost = Rel.chain(fence.opt().restrict(undefined, Marked), d.rmwSequence);
  const rPost = d.nonrwFence.union(rmbFence.restrict(notNoreturn, R4rmb)).opt().restrict(undefined, Marked);
  const wwVis = fence.union(Rel.chain(strong, xbstar, wPre), Rel.chain(wPost, vis, wPre));
  const wrVis = fence.union(Rel.chain(strong, xbstar, rPre), Rel.chain(wPost, vis, rPre));
  const rwXbstar = fence.union(Rel.chain(rPost, xbstar, wPre));
  const incoherent = preRace.inter(b.rf).inter(rwXbstar.inv())
    .union(preRace.inter(b.fr).inter(wrVis.inv()), preRace.inter(b.co).inter(wwVis.inv()));
  const wwNonrace = wwVis.inter(Rel.cross(Marked, b.W).union(rwXbstar)).inter(Rel.cross(b.W, Marked).union(wrVis));
  const wwRace = preRace.inter(b.co).minus(wwNonrace);
  const wrRace = preRace.inter(b.co.opt().seq(b.rf)).minus(wrVis).minus(rwXbstar.inv());
  const rwRace = preRace.inter(b.fr).minus(rwXbstar);
  return { incoherent, races: wwRace.union(wrRace, rwRace) };
}
