// How Continue picks the next thread: core's round-robin after the last thread that stepped (the
// order the CLI's fill uses) or its seeded random choice, among the threads the user has not parked.
import { Chooser, Machine, State, roundRobin, uniformRandom } from '../core';
import type { SchedulerKind } from './launchArgs';

export class Scheduler {
  /** One chooser for the whole session: a random scheduler's sequence goes on across Continues. */
  private readonly chooser: Chooser;

  constructor(readonly kind: SchedulerKind, seed: number) {
    this.chooser = kind === 'random' ? uniformRandom(seed) : roundRobin();
  }

  /** The thread to step next, or null when no unparked thread can move. */
  choose(m: Machine, s: State, last: number, parked: ReadonlySet<number>): number | null {
    const ready: number[] = [];
    for (let t = 0; t < s.threads.length; t++) if (!parked.has(t) && m.canMove(s, t)) ready.push(t);
    const t = this.chooser.next(ready, last, s.steps);
    return t < 0 ? null : t;
  }
}
