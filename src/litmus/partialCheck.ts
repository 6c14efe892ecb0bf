// A necessary condition the enumerator checks on a partial execution: the read-from and coherence
// choices of some locations, none yet of the others. Happens-before (hb) and propagates-before
// (pb) only grow as rf and co edges are added (every relation they are built from is a union,
// sequence, closure or restriction of rf, co, fr = rf^-1;co and the program's static relations),
// so a cycle in either already here is a cycle in every completion: the whole subtree of
// candidates is forbidden and is not built. The rcu axiom is not used (its rcu-order is not
// monotone in this way), nor the others (checked per location by locationChoices, or on whole
// executions only).
import { baseOf } from '../lkmm/base';
import { derive } from '../lkmm/axioms';
import type { ExecutionGraph } from '../lkmm';

export function partlyForbidden(g: ExecutionGraph): boolean {
  const d = derive(g, baseOf(g));
  return !d.hb.acyclic() || !d.pb.acyclic();
}
