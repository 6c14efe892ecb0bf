// The visited set that worker threads share in a parallel stateful search: 64-bit fingerprints of
// states (StateParts.fingerprint, equal in every thread) in open-addressing tables inside one
// SharedArrayBuffer, added without locks (a slot is claimed with Atomics.compareExchange, filled,
// then published). The buffer is reserved once and the tables are levels of doubling size used
// one after the other, so no table is ever moved while others read it; the operating system gives
// memory to a level only when it is written (the reservation itself costs address space only).
// Each level is four times the previous one, so a million states take three levels, and a look-up
// tries the newest (biggest) level first.
import { StateParts } from './visitedSet';
import { VisitedStore } from './visitedStore';

/** Words per slot: status and flags, fingerprint (two words), workers having it on their stack, sleep mask, depth. */
const S = 6;
const STATUS = 0, HI = 1, LO = 2, STACKS = 3, SLEEP = 4, DEPTH = 5;
const EMPTY = 0, BUSY = 1, READY = 2;
const REDUCED = 4, DONATED = 8, FINAL = 16;
/** Slots of the first level; level k has FIRST << 2k. */
const FIRST = 1 << 20;
const GROWTH = 2;
/** Where level k starts (in slots): FIRST * (4^k - 1) / 3. */
function levelBase(k: number): number {
  return (FIRST * ((1 << (GROWTH * k)) - 1)) / 3;
}
/**
 * meta words, each on a cache line of its own (a line written by one core and read by the other on
 * every look-up would bounce between them): levels in use, states added, then each level's count.
 */
const LINE = 16;
const LEVELS = 0, COUNT = LINE, LEVEL_COUNT = 2 * LINE;
/** Beside LEVELS (read on every look-up, written rarely): set once some worker's step limit cut an execution. */
const CUT = 1;
/** Additions a worker counts locally before adding them to the shared counts (fewer writes to a shared line). */
const BATCH = 256;

export interface SharedTableBuffers { meta: SharedArrayBuffer; data: SharedArrayBuffer; levels: number }

/** Reserves a table for at most about `maxBytes` (levels of doubling size; at least two). */
export function sharedTable(maxBytes: number): SharedTableBuffers {
  let levels = 2;
  while (levels < 6 && levelBase(levels + 1) * S * 4 <= maxBytes) levels++;
  const meta = new SharedArrayBuffer(4 * (LEVEL_COUNT + LINE * levels));
  new Int32Array(meta)[LEVELS] = 1;
  return { meta, data: new SharedArrayBuffer(levelBase(levels) * S * 4), levels };
}

/** States added so far (the search's distinct states). */
export function sharedCount(b: SharedTableBuffers): number {
  return Atomics.load(new Int32Array(b.meta), COUNT);
}

export class SharedStore implements VisitedStore {
  private readonly meta: Int32Array;
  private readonly data: Int32Array;
  private readonly bit: number;
  private readonly fp = new Int32Array(2);
  readonly compact = true;
  added = false;
  /** Times this worker explored again a state another one was still exploring. */
  reexplored = 0;
  /** Additions not yet in the shared counts, and to which level. */
  private pending = 0;
  private pendingLevel = 0;
  /** The shared count of states as of the last flush. */
  private known = 0;

  constructor(private readonly b: SharedTableBuffers, worker: number, private readonly parts: StateParts) {
    this.meta = new Int32Array(b.meta);
    this.data = new Int32Array(b.data);
    this.bit = 1 << worker;
  }

  add(tuple: Int32Array, final: boolean): number {
    this.parts.fingerprint(tuple, this.fp);
    const hi = this.fp[0] as number;
    const lo = this.fp[1] as number;
    const levels = Atomics.load(this.meta, LEVELS);
    // One level (the first half million states): one pass, which adds a state it does not find.
    if (levels === 1) return this.probe(0, hi, lo, true, final);
    // Newest first (most states are there); only the newest adds a state missing everywhere.
    for (let k = levels - 1; k >= 0; k--) {
      const e = this.probe(k, hi, lo, false, final);
      if (e >= 0) return e;
    }
    return this.probe(levels - 1, hi, lo, true, final);
  }

  find(tuple: Int32Array): number {
    this.parts.fingerprint(tuple, this.fp);
    const hi = this.fp[0] as number;
    const lo = this.fp[1] as number;
    for (let k = Atomics.load(this.meta, LEVELS) - 1; k >= 0; k--) {
      const e = this.probe(k, hi, lo, false, false);
      if (e >= 0) return this.final(e) ? -1 : e;
    }
    return -1;
  }

  limitCut(): boolean {
    return Atomics.load(this.meta, CUT) !== 0;
  }

  noteLimitCut(): void {
    Atomics.store(this.meta, CUT, 1);
  }

  private final(e: number): boolean {
    return (Atomics.load(this.data, e * S + STATUS) & FINAL) !== 0;
  }

  /** Looks for the fingerprint in level k; with `adding`, a miss adds it there. -1: not in level k. */
  private probe(k: number, hi: number, lo: number, adding: boolean, final: boolean): number {
    const { data } = this;
    const base = levelBase(k);
    const mask = (FIRST << (GROWTH * k)) - 1;
    for (let i = hi & mask; ; i = (i + 1) & mask) {
      const at = (base + i) * S;
      let st = Atomics.load(data, at + STATUS);
      if (st === EMPTY) {
        if (!adding) return -1;
        if (Atomics.compareExchange(data, at + STATUS, EMPTY, BUSY) !== EMPTY) { i = (i - 1) & mask; continue; }
        return this.fill(k, base + i, hi, lo, final);
      }
      while ((st & 3) === BUSY) st = Atomics.load(data, at + STATUS);
      if (data[at + HI] === hi && data[at + LO] === lo) { this.added = false; return base + i; }
    }
  }

  /**
   * Fills a claimed slot and publishes it. It is on this worker's stack from the start, so that no
   * other worker takes a state nobody has explored yet for a finished one.
   */
  private fill(k: number, e: number, hi: number, lo: number, final: boolean): number {
    const { data, meta } = this;
    const at = e * S;
    data[at + HI] = hi;
    data[at + LO] = lo;
    data[at + STACKS] = final ? 0 : this.bit;
    data[at + SLEEP] = 0;
    data[at + DEPTH] = 0;
    Atomics.store(data, at + STATUS, READY | (final ? FINAL : 0));
    this.added = true;
    if (k !== this.pendingLevel) this.flush();
    this.pendingLevel = k;
    if (++this.pending < BATCH) return e;
    const n = this.flush();
    // Half full: the next level takes the new states (the last one fills up to 7/8 before giving up).
    const last = k + 1 >= this.b.levels;
    if (n * 2 > FIRST << (GROWTH * k) && !last) Atomics.compareExchange(meta, LEVELS, k + 1, k + 2);
    if (last && n * 8 > (FIRST << (GROWTH * k)) * 7) throw new Error(`explore: the shared visited set is full (${Atomics.load(meta, COUNT)} states); use fewer states (--max-states) or one worker`);
    return e;
  }

  /** Adds this worker's pending additions to the shared counts; returns its level's count. */
  flush(): number {
    const n = this.pending;
    this.pending = 0;
    this.known = Atomics.add(this.meta, COUNT, n) + n;
    return Atomics.add(this.meta, LEVEL_COUNT + LINE * this.pendingLevel, n) + n;
  }

  onStack(e: number): boolean { return (Atomics.load(this.data, e * S + STACKS) & this.bit) !== 0; }
  busyElsewhere(e: number): boolean {
    if ((Atomics.load(this.data, e * S + STACKS) & ~this.bit) === 0 && (Atomics.load(this.data, e * S + STATUS) & DONATED) === 0) return false;
    this.reexplored++;
    return true;
  }
  enter(e: number): void { Atomics.or(this.data, e * S + STACKS, this.bit); }
  leave(e: number): void { Atomics.and(this.data, e * S + STACKS, ~this.bit); }
  reduced(e: number): boolean { return (Atomics.load(this.data, e * S + STATUS) & REDUCED) !== 0; }
  setReduced(e: number, on: boolean): void {
    if (on) Atomics.or(this.data, e * S + STATUS, REDUCED);
    else Atomics.and(this.data, e * S + STATUS, ~REDUCED);
  }
  sleep(e: number): number { return Atomics.load(this.data, e * S + SLEEP); }
  setSleep(e: number, mask: number): void { Atomics.store(this.data, e * S + SLEEP, mask); }
  wake(e: number, mask: number): number { return Atomics.and(this.data, e * S + SLEEP, mask) & ~mask; }
  depth(e: number): number { return Atomics.load(this.data, e * S + DEPTH); }
  preempted(): number { return 0; }
  record(e: number, sleep: number, depth: number): void {
    Atomics.store(this.data, e * S + SLEEP, sleep);
    Atomics.store(this.data, e * S + DEPTH, depth);
    this.setReduced(e, false);
  }
  markDonated(e: number): void { Atomics.or(this.data, e * S + STATUS, DONATED); }

  /**
   * From the shared count as of this worker's last flush: asked after every new state, and the
   * count's line is written by every worker, so reading it each time would cost a cache miss a
   * state. The pool reports the exact figure from the final count (parallelStateful.ts).
   */
  missProbability(): number {
    const n = this.known + this.pending;
    return Math.min(1, (n * n) / 2 ** 65);
  }

  /** The slots of the levels in use (the memory actually written). */
  get bytes(): number {
    return levelBase(Atomics.load(this.meta, LEVELS)) * S * 4;
  }
}
