// The visited set that worker threads share in a parallel stateful search: 64-bit fingerprints of
// states (StateParts.fingerprint, equal in every thread) inside SharedArrayBuffers, added without
// locks. Laid out as one thread's exact set is (visitedSet.ts), because a look-up's cost is its
// cache and TLB misses: an index of small slots (a fingerprint's half and an entry number) and the
// entries themselves, numbered densely in the order they are added, four words each. A miss reads
// the index only; a hit reads one index line and one entry; a worker's new entries lie side by side.
// The index is levels of growing size used one after the other, so that no slot is ever moved
// while others read it; the operating system gives memory to a level, and to the entries, only when
// written (the reservation itself costs address space only). A look-up tries the newest (biggest)
// level first.
import { StateParts } from './visitedSet';
import { VisitedStore } from './visitedStore';

/** Index words per slot: the fingerprint's high word, then entry + 1 (0: free, BUSY: being filled). */
const SLOT = 2;
const BUSY = -1;
/** Entry words: the fingerprint's low word, workers with it on their stack and flags, sleep mask and flag, depth. */
const E = 4;
const LO = 0, STACKS = 1, SLEEP = 2, DEPTH = 3;
/** In STACKS beside the workers' bits (at most 30 workers). */
const DONATED = 1 << 30, FINAL = 1 << 31;
/** In SLEEP beside the threads' bits (at most 30 threads). */
const REDUCED = 1 << 30;
const THREADS = REDUCED - 1;
/**
 * Slots of the first level (32 MiB): two million states take one level, so that each look-up of
 * a search that size probes once. Level k has FIRST << 2k slots.
 */
const FIRST = 1 << 22;
const GROWTH = 2;
/** Where level k starts (in slots): FIRST * (4^k - 1) / 3. */
function levelBase(k: number): number {
  return (FIRST * ((1 << (GROWTH * k)) - 1)) / 3;
}
/**
 * meta words, each on a cache line of its own (a line written by one core and read by the other on
 * every look-up would bounce between them): levels in use, states added, entries handed out, then
 * each level's count.
 */
const LINE = 16;
const LEVELS = 0, COUNT = LINE, ENTRIES = 2 * LINE, LEVEL_COUNT = 3 * LINE;
/** Beside LEVELS (read on every look-up, written rarely): set once some worker's step limit cut an execution. */
const CUT = 1;
/** Additions a worker counts locally before adding them to the shared counts (fewer writes to a shared line). */
const BATCH = 256;
/** Entries a worker takes at a time (its new states then lie together, and the shared counter is written rarely; a branch leaves the rest of its block unused). */
const BLOCK = 64;
const MAX_WORKERS = 30;

export interface SharedTableBuffers { meta: SharedArrayBuffer; index: SharedArrayBuffer; entries: SharedArrayBuffer; levels: number }

/** Reserves a table for at most about `maxBytes` (levels of growing size; at least two). */
export function sharedTable(maxBytes: number): SharedTableBuffers {
  // A slot of the index and an entry for it (no level holds more states than slots).
  const perSlot = 4 * (SLOT + E);
  let levels = 2;
  while (levels < 6 && levelBase(levels + 1) * perSlot <= maxBytes) levels++;
  const meta = new SharedArrayBuffer(4 * (LEVEL_COUNT + LINE * levels));
  new Int32Array(meta)[LEVELS] = 1;
  const entries = new SharedArrayBuffer((levelBase(levels) + MAX_WORKERS * BLOCK) * E * 4);
  return { meta, index: new SharedArrayBuffer(levelBase(levels) * SLOT * 4), entries, levels };
}

/** States added so far (the search's distinct states). */
export function sharedCount(b: SharedTableBuffers): number {
  return Atomics.load(new Int32Array(b.meta), COUNT);
}

export class SharedStore implements VisitedStore {
  private readonly meta: Int32Array;
  private readonly index: Int32Array;
  private readonly entries: Int32Array;
  private readonly bit: number;
  private readonly fp = new Int32Array(2);
  readonly compact = true;
  added = false;
  /** Additions not yet in the shared counts, and to which level. */
  private pending = 0;
  private pendingLevel = 0;
  /** The shared count of states as of the last flush. */
  private known = 0;
  /** This worker's block of entries: the next one to fill, and its end. */
  private next = 0;
  private end = 0;
  /** The newest level's free slot where the last look-up's probe ended (-1: none), for add(). */
  private free = -1;

  constructor(private readonly b: SharedTableBuffers, worker: number, private readonly parts: StateParts) {
    this.meta = new Int32Array(b.meta);
    this.index = new Int32Array(b.index);
    this.entries = new Int32Array(b.entries);
    this.bit = 1 << worker;
  }

  add(tuple: Int32Array, final: boolean): number {
    this.parts.fingerprint(tuple, this.fp);
    const hi = this.fp[0] as number;
    const lo = this.fp[1] as number;
    const levels = Atomics.load(this.meta, LEVELS);
    // Newest first (most states are there); a state missing everywhere is added where the newest
    // level's probe ended (one pass when there is one level).
    const newest = levels - 1;
    const e = this.probe(newest, hi, lo);
    if (e >= 0) return this.found(e);
    const at = this.free;
    for (let k = newest - 1; k >= 0; k--) {
      const f = this.probe(k, hi, lo);
      if (f >= 0) return this.found(f);
    }
    return this.insert(newest, at, hi, lo, final);
  }

  find(tuple: Int32Array): number {
    this.parts.fingerprint(tuple, this.fp);
    const hi = this.fp[0] as number;
    const lo = this.fp[1] as number;
    for (let k = Atomics.load(this.meta, LEVELS) - 1; k >= 0; k--) {
      const e = this.probe(k, hi, lo);
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

  private found(e: number): number {
    this.added = false;
    return e;
  }

  private final(e: number): boolean {
    return (Atomics.load(this.entries, e * E + STACKS) & FINAL) !== 0;
  }

  /** The entry of the fingerprint in level k, or -1 (then `free` is the slot its probe ended at). */
  private probe(k: number, hi: number, lo: number): number {
    const { index, entries } = this;
    const base = levelBase(k) * SLOT;
    const mask = (FIRST << (GROWTH * k)) - 1;
    // The slot from the low word, the high word as the slot's tag: independent bits, so a probe
    // reads an entry (another cache line) only for the state itself, almost always.
    for (let i = lo & mask; ; i = (i + 1) & mask) {
      const at = base + i * SLOT;
      let e = Atomics.load(index, at + 1);
      if (e === 0) { this.free = i; return -1; }
      while (e === BUSY) e = Atomics.load(index, at + 1);
      if (index[at] === hi && entries[(e - 1) * E + LO] === lo) return e - 1;
    }
  }

  /**
   * Adds the fingerprint to level k at its free slot i, or further along if another worker took
   * that slot first (that worker may have added this very state: then its entry is the answer).
   * The entry is on this worker's stack from the start, so that no other worker takes a state
   * nobody has explored yet for a finished one.
   */
  private insert(k: number, i: number, hi: number, lo: number, final: boolean): number {
    const { index, entries } = this;
    const base = levelBase(k) * SLOT;
    const mask = (FIRST << (GROWTH * k)) - 1;
    const e = this.fresh();
    for (; ; i = (i + 1) & mask) {
      const at = base + i * SLOT;
      let f = Atomics.load(index, at + 1);
      if (f === 0) {
        f = Atomics.compareExchange(index, at + 1, 0, BUSY);
        if (f === 0) {
          index[at] = hi;
          const x = e * E;
          entries[x + LO] = lo;
          entries[x + STACKS] = final ? FINAL : this.bit;
          entries[x + SLEEP] = 0;
          entries[x + DEPTH] = 0;
          // Publishes the slot (a sequentially consistent store: the words above are seen first).
          Atomics.store(index, at + 1, e + 1);
          this.next++;
          this.added = true;
          this.count(k);
          return e;
        }
      }
      while (f === BUSY) f = Atomics.load(index, at + 1);
      if (index[at] === hi && entries[(f - 1) * E + LO] === lo) return this.found(f - 1);
    }
  }

  /** The entry the next new state takes: the next of this worker's block, or of a new block. */
  private fresh(): number {
    if (this.next < this.end) return this.next;
    const start = Atomics.add(this.meta, ENTRIES, BLOCK);
    if ((start + BLOCK) * E > this.entries.length) throw new Error(`explore: the shared visited set is full (${Atomics.load(this.meta, COUNT)} states); use fewer states (--max-states) or one worker`);
    this.next = start;
    this.end = start + BLOCK;
    return start;
  }

  /** Counts a state added to level k; opens the next level once this one is half full. */
  private count(k: number): void {
    if (k !== this.pendingLevel) this.flush();
    this.pendingLevel = k;
    if (++this.pending < BATCH) return;
    const n = this.flush();
    // Half full: the next level takes the new states (the last one fills up to 7/8 before giving up).
    const last = k + 1 >= this.b.levels;
    if (n * 2 > FIRST << (GROWTH * k) && !last) Atomics.compareExchange(this.meta, LEVELS, k + 1, k + 2);
    if (last && n * 8 > (FIRST << (GROWTH * k)) * 7) throw new Error(`explore: the shared visited set is full (${Atomics.load(this.meta, COUNT)} states); use fewer states (--max-states) or one worker`);
  }

  /** Adds this worker's pending additions to the shared counts; returns its level's count. */
  flush(): number {
    const n = this.pending;
    this.pending = 0;
    this.known = Atomics.add(this.meta, COUNT, n) + n;
    return Atomics.add(this.meta, LEVEL_COUNT + LINE * this.pendingLevel, n) + n;
  }

  onStack(e: number): boolean { return (Atomics.load(this.entries, e * E + STACKS) & this.bit) !== 0; }
  busyElsewhere(e: number): boolean {
    // Another worker's bit, or DONATED.
    return (Atomics.load(this.entries, e * E + STACKS) & ~(this.bit | FINAL)) !== 0;
  }
  enter(e: number): void { Atomics.or(this.entries, e * E + STACKS, this.bit); }
  leave(e: number): void { Atomics.and(this.entries, e * E + STACKS, ~this.bit); }
  reduced(e: number): boolean { return (Atomics.load(this.entries, e * E + SLEEP) & REDUCED) !== 0; }
  setReduced(e: number, on: boolean): void {
    if (on) Atomics.or(this.entries, e * E + SLEEP, REDUCED);
    else Atomics.and(this.entries, e * E + SLEEP, ~REDUCED);
  }
  sleep(e: number): number { return Atomics.load(this.entries, e * E + SLEEP) & THREADS; }
  setSleep(e: number, mask: number): void {
    // The sleep mask shares its word with REDUCED: both change in one exchange.
    const at = e * E + SLEEP;
    for (let old = Atomics.load(this.entries, at); ;) {
      const seen = Atomics.compareExchange(this.entries, at, old, (old & REDUCED) | (mask & THREADS));
      if (seen === old) return;
      old = seen;
    }
  }
  wake(e: number, mask: number): number { return Atomics.and(this.entries, e * E + SLEEP, mask | REDUCED) & ~mask & THREADS; }
  depth(e: number): number { return Atomics.load(this.entries, e * E + DEPTH); }
  preempted(): number { return 0; }
  record(e: number, sleep: number, depth: number): void {
    // The sleep mask, REDUCED cleared.
    Atomics.store(this.entries, e * E + SLEEP, sleep & THREADS);
    Atomics.store(this.entries, e * E + DEPTH, depth);
  }
  markDonated(e: number): void { Atomics.or(this.entries, e * E + STACKS, DONATED); }

  /**
   * From the shared count as of this worker's last flush: asked after every new state, and the
   * count's line is written by every worker, so reading it each time would cost a cache miss a
   * state. The pool reports the exact figure from the final count (parallelStateful.ts).
   */
  missProbability(): number {
    // n * n / 2^65, scaled by a power of two first (the same bits): n * n overflows a small integer
    // past 46,341 states, and optimised code that multiplied small integers is thrown away there.
    const x = (this.known + this.pending) * 2 ** -33;
    return Math.min(1, x * x * 2);
  }

  /** The slots of the levels in use and the entries handed out (the memory actually written). */
  get bytes(): number {
    return levelBase(Atomics.load(this.meta, LEVELS)) * SLOT * 4 + Atomics.load(this.meta, ENTRIES) * E * 4;
  }
}
