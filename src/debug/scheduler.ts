// How Continue picks the next thread: round-robin after the last thread that stepped (the order
// the CLI's fill uses), or a seeded random choice; threads the user parked are skipped.
import { Machine, State, seededRandom } from '../core';
import type { SchedulerKind } from './launchArgs';

export class Scheduler {
  private readonly rnd: () => number;

  constructor(readonly kind: SchedulerKind, seed: number) {
    this.rnd = seededRandom(seed);
  }

  /** The thread to step next, or null when no unparked thread can move. */
  choose(m: Machine, s: State, last: number, parked: ReadonlySet<number>): number | null {
    const n = s.threads.length;
    if (this.kind === 'random') {
      const ready: number[] = [];
      for (let t = 0; t < n; t++) if (!parked.has(t) && m.canMove(s, t)) ready.push(t);
      return ready.length ? (ready[Math.floor(this.rnd() * ready.length)] ?? null) : null;
    }
    for (let i = 1; i <= n; i++) {
      const t = (((last + i) % n) + n) % n;
      if (!parked.has(t) && m.canMove(s, t)) return t;
    }
    return null;
  }
}
