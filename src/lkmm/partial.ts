// A necessary condition an enumerator may check on a partial execution: the read-from and coherence
// choices of some locations, none yet of the others. Happens-before (hb) and propagates-before
// (pb) only grow as rf and co edges are added (every relation they are built from is a union,
// sequence, closure or restriction of rf, co, fr = rf^-1;co and the program's static relations),
// so a cycle in either already here is a cycle in every completion: the whole subtree of
// candidates is forbidden and is not built. The rcu axiom is not used (its rcu-order is not
// monotone in this way), nor the others (coherence and atomicity relate one location's events
// only, and are for the enumerator to check per location; plain-coherence on whole executions).
import { baseOf } from './base';
import { derive } from './axioms';
import type { ExecutionGraph } from './graph';

export function partlyForbidden(g: ExecutionGraph): boolean {
  const d = derive(g, baseOf(g));
  return !d.hb.acyclic() || !d.pb.acyclic();
}
