// Persistent sets for the stateful search (partial-order reduction beyond sleep sets): when some
// enabled thread's next step touches no shared object at all (a test of its own locals, say
// `add.check` or `run.check`), that step commutes with every step any other thread can take, now
// or later, cannot be disabled by them and enables none of them; exploring it alone from the state
// reaches every final state and every violation the full expansion would (Godefroid's persistent
// sets, with the stack proviso in stateful.ts against a cycle ignoring the other threads).
import { State } from '../core';
import { Search } from './search';
import type { Fp, SleepEntry } from './footprints';

/**
 * The threads to explore from s: a single thread whose next step is local, else all of `enabled`.
 * Depends only on the state (the lowest such thread), so a state reached again is reduced alike.
 */
export function persistentSet(search: Search, s: State, enabled: readonly number[], entries?: (SleepEntry | undefined)[],
  fpOf: (t: number) => Fp = (t) => search.fps.of(s, t)): number[] {
  for (const t of enabled) {
    // The footprints are kept in `entries` (by thread) when given: the search needs them again.
    let fp: Fp;
    if (entries) {
      while (entries.length < t) entries.push(undefined);
      fp = (entries[t] ??= { t, fp: fpOf(t) }).fp;
    } else {
      // Every access the core reports sets a bit of the footprint: only an empty list can be local.
      if (search.m.footprint(s, t).length > 0) continue;
      fp = search.fps.of(s, t);
    }
    if ((fp.r | fp.w | fp.acq | fp.rel) === 0) return [t];
  }
  return enabled as number[];
}
