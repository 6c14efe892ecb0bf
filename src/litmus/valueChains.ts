// How many writes to each location a value needs before it can exist. The values a read may take
// are found round by round (paths.ts): a path reads the values known so far, and its writes are
// the next round's. A value found in round n needs a chain of writes behind it (each computed on a
// path that read the one before), and in an execution those are distinct events: a chain never
// has more writes to a location than an execution can hold. A counter bumped twice by each of two
// threads (four writes to it) holds 0 to 4 in every execution, though the rounds alone would go on
// bumping it (5, 6, ...) up to their bound.
//
// Each value keeps the fewest writes per location a chain to it was seen to need (the pointwise
// least of every chain found: never more than the chain of any execution that has it, so no
// value of an execution is ever left out), and only values within every location's capacity (the
// most writes to it one execution can have: the most any path of each thread makes, summed) are
// read in the next round.
import type { Val } from '../lkmm';
import type { PathEvent } from './pathTypes';

/** Writes per location; a location not in the map has none. */
type Chain = Map<string, number>;

export class ValueChains {
  private readonly chains = new Map<string, Map<Val, Chain>>();

  /** A value no write makes: the initial value of a location. */
  initial(loc: string, v: Val): void { this.byLoc(loc).set(v, new Map()); }

  /**
   * Learns the chains of the writes of one round's paths (each thread's, paths that died on the
   * way included), until no chain shortens; returns the values within every location's capacity,
   * each location's in the order they were first found.
   */
  learn(paths: { thread: number; events: PathEvent[] }[]): Map<string, Val[]> {
    const most = new Map<number, Map<string, number>>();
    for (const { thread, events } of paths) {
      const n = new Map<string, number>();
      for (const e of events) if (e.kind === 'W' && e.loc !== undefined) n.set(e.loc, (n.get(e.loc) ?? 0) + 1);
      const m = most.get(thread) ?? new Map<string, number>();
      most.set(thread, m);
      for (const [loc, k] of n) m.set(loc, Math.max(m.get(loc) ?? 0, k));
    }
    const capacity = new Map<string, number>();
    for (const m of most.values()) for (const [loc, k] of m) capacity.set(loc, (capacity.get(loc) ?? 0) + k);
    // A chain learnt late in a pass may shorten one learnt earlier in it: pass again until none does.
    for (let changed = true; changed;) {
      changed = false;
      for (const { events } of paths) changed = this.learnPath(events) || changed;
    }
    const out = new Map<string, Val[]>();
    for (const [loc, byVal] of this.chains) {
      out.set(loc, [...byVal].filter(([, chain]) => [...chain].every(([l, k]) => k <= (capacity.get(l) ?? 0))).map(([v]) => v));
    }
    return out;
  }

  /** Along one path: each write's chain is the longest (per location) of the reads before it, and itself. */
  private learnPath(events: PathEvent[]): boolean {
    let changed = false;
    const before: Chain = new Map();
    for (const e of events) {
      if (e.loc === undefined || e.value === undefined) continue;
      if (e.kind === 'R') {
        for (const [l, k] of this.chains.get(e.loc)?.get(e.value) ?? []) before.set(l, Math.max(before.get(l) ?? 0, k));
      } else if (e.kind === 'W') {
        const chain: Chain = new Map(before);
        chain.set(e.loc, (chain.get(e.loc) ?? 0) + 1);
        changed = this.shorten(e.loc, e.value, chain) || changed;
      }
    }
    return changed;
  }

  /** Keeps the pointwise least of the known chain and `chain`; whether anything changed. */
  private shorten(loc: string, v: Val, chain: Chain): boolean {
    const byVal = this.byLoc(loc);
    const known = byVal.get(v);
    if (!known) { byVal.set(v, chain); return true; }
    let changed = false;
    for (const [l, k] of known) {
      const least = Math.min(k, chain.get(l) ?? 0);
      if (least < k) { changed = true; if (least === 0) known.delete(l); else known.set(l, least); }
    }
    return changed;
  }

  private byLoc(loc: string): Map<Val, Chain> {
    let m = this.chains.get(loc);
    if (!m) { m = new Map(); this.chains.set(loc, m); }
    return m;
  }
}
