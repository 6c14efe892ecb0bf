// Persistent sets for the stateful search (partial-order reduction beyond sleep sets): when some
// enabled thread's next step touches no shared object at all (a test of its own locals, say
// `add.check` or `run.check`), that step commutes with every step any other thread can take, now
// or later, cannot be disabled by them and enables none of them; exploring it alone from the state
// reaches every final state and every violation the full expansion would (Godefroid's persistent
// sets, with the stack proviso in stateful.ts against a cycle ignoring the other threads).
import { State } from '../core';
import { Fp } from './footprints';
import { Search } from './search';

/**
 * The threads to explore from s: a single thread whose next step is local, else all of `enabled`.
 * Depends only on the state (the lowest such thread), so a state reached again is reduced alike.
 * The footprints it computes are left in `fps` (by thread): the expansion of s steps those threads
 * next and needs them again, and a listing's footprint is not cheap.
 */
export function persistentSet(search: Search, s: State, enabled: readonly number[], fps: (Fp | undefined)[]): number[] {
  for (const t of enabled) {
    const fp = search.fps.of(s, t);
    fps[t] = fp;
    // An access to "any work" in a program without works leaves no bit: only an empty list is local.
    if ((fp.r | fp.w | fp.acq | fp.rel) === 0 && search.m.footprint(s, t).length === 0) return [t];
  }
  return enabled as number[];
}
