// What the stateful search keeps per state, behind one interface: in this thread (LocalStore, the
// exact tuples of visitedSet.ts, or their fingerprints with hash compaction) or shared by worker
// threads (SharedStore in sharedVisited.ts: fingerprints in SharedArrayBuffers).
import { TupleSet } from './visitedSet';

export interface VisitedStore {
  /** The entry of a state (by its tuple), added when new: then `added` is true. */
  add(parts: Int32Array, final: boolean): number;
  /** The last add() added the state. */
  added: boolean;
  /** The entry of a state that is not final (by its tuple), or -1: nothing is added. */
  find(parts: Int32Array): number;
  /** The entry is on this thread's search stack. */
  onStack(e: number): boolean;
  /**
   * Another worker is exploring the entry, or handed part of its subtree to one (so it is not
   * finished yet): this worker explores it again itself rather than prune it (sharedVisited.ts).
   */
  busyElsewhere(e: number): boolean;
  enter(e: number): void;
  leave(e: number): void;
  /** Explored with a persistent set smaller than all enabled threads. */
  reduced(e: number): boolean;
  setReduced(e: number, on: boolean): void;
  /** Threads slept at the entry and never explored from it since. */
  sleep(e: number): number;
  setSleep(e: number, mask: number): void;
  /** Keeps only the sleeping threads of `mask`; returns the ones it woke. */
  wake(e: number, mask: number): number;
  depth(e: number): number;
  preempted(e: number): number;
  record(e: number, sleep: number, depth: number, preempted: number): void;
  /** Part of the entry's subtree went to another worker (sharedVisited.ts). */
  markDonated(e: number): void;
  /** The step limit cut an execution somewhere in the search (this worker's or another's). */
  limitCut(): boolean;
  noteLimitCut(): void;
  /** Makes every addition count where other workers see it (at the end of a search). */
  flush(): void;
  readonly compact: boolean;
  /** The probability that a state was missed (a fingerprint clash): 0 when exact. */
  missProbability(): number;
  readonly bytes: number;
}

const ON_STACK = 1;
const REDUCED = 2;

/** Entries per chunk of LocalStore's columns (chunks are never copied as the set grows). */
const COL_BITS = 16;
const COL_MASK = (1 << COL_BITS) - 1;

/**
 * LocalStore's per-entry values. Narrow: one word an entry, the flags, the sleep mask (a bit a
 * thread), the preemptions (5 bits, under a preemption bound only: nothing reads them without one)
 * and the depth in the rest. Wide: three words (sleep mask, depth, preemptions << 2 | flags), for
 * many threads, or from the first value too big for its narrow field (the columns are then
 * converted once).
 */
class Columns {
  private chunks: Int32Array[] = [];
  private wide: boolean;
  private readonly sleepShift = 2;
  private readonly preShift: number;
  private readonly depthShift: number;
  private readonly preMax: number;
  private readonly depthMax: number;

  constructor(threads: number, private readonly keepPreemptions: boolean) {
    const preBits = keepPreemptions ? 5 : 0;
    this.preShift = 2 + threads;
    this.depthShift = this.preShift + preBits;
    this.preMax = (1 << preBits) - 1;
    const depthBits = 32 - this.depthShift;
    this.depthMax = depthBits >= 31 ? 0x7fffffff : depthBits > 0 ? 2 ** depthBits - 1 : 0;
    // Fewer than 12 bits of depth would be outgrown at once: start wide.
    this.wide = depthBits < 12;
  }

  private get stride(): number { return this.wide ? 3 : 1; }

  /** Makes room for entry e (entries are added in order). */
  add(e: number): void {
    const c = e >>> COL_BITS;
    const chunk = this.chunks[c];
    const need = ((e & COL_MASK) + 1) * this.stride;
    if (chunk && chunk.length >= need) return;
    // The first chunk doubles up to its full size (small searches stay small); later ones are made whole.
    const n = c > 0 ? (COL_MASK + 1) * this.stride : Math.max(64 * this.stride, (chunk?.length ?? 0) * 2);
    const next = new Int32Array(n);
    if (chunk) next.set(chunk);
    this.chunks[c] = next;
  }

  flags(e: number): number {
    const chunk = this.chunks[e >>> COL_BITS] as Int32Array;
    return this.wide ? (chunk[(e & COL_MASK) * 3 + 2] as number) & 3 : (chunk[e & COL_MASK] as number) & 3;
  }

  setFlags(e: number, f: number): void {
    const chunk = this.chunks[e >>> COL_BITS] as Int32Array;
    const k = this.wide ? (e & COL_MASK) * 3 + 2 : e & COL_MASK;
    chunk[k] = ((chunk[k] as number) & ~3) | f;
  }

  sleep(e: number): number {
    const chunk = this.chunks[e >>> COL_BITS] as Int32Array;
    if (this.wide) return chunk[(e & COL_MASK) * 3] as number;
    return ((chunk[e & COL_MASK] as number) >>> this.sleepShift) & ((1 << (this.preShift - 2)) - 1);
  }

  setSleep(e: number, mask: number): void {
    const chunk = this.chunks[e >>> COL_BITS] as Int32Array;
    if (this.wide) { chunk[(e & COL_MASK) * 3] = mask; return; }
    const k = e & COL_MASK;
    const field = ((1 << (this.preShift - 2)) - 1) << 2;
    chunk[k] = ((chunk[k] as number) & ~field) | ((mask << 2) & field);
  }

  depth(e: number): number {
    const chunk = this.chunks[e >>> COL_BITS] as Int32Array;
    return this.wide ? chunk[(e & COL_MASK) * 3 + 1] as number : (chunk[e & COL_MASK] as number) >>> this.depthShift;
  }

  preempted(e: number): number {
    const chunk = this.chunks[e >>> COL_BITS] as Int32Array;
    if (this.wide) return (chunk[(e & COL_MASK) * 3 + 2] as number) >>> 2;
    return ((chunk[e & COL_MASK] as number) >>> this.preShift) & this.preMax;
  }

  /** Sets all three values and clears the flags. */
  record(e: number, sleep: number, depth: number, preempted: number): void {
    if (!this.keepPreemptions) preempted = 0;
    if (!this.wide && (depth < 0 || depth > this.depthMax || preempted < 0 || preempted > this.preMax)) this.widen();
    const chunk = this.chunks[e >>> COL_BITS] as Int32Array;
    if (this.wide) {
      const k = (e & COL_MASK) * 3;
      chunk[k] = sleep;
      chunk[k + 1] = depth;
      chunk[k + 2] = preempted << 2;
      return;
    }
    chunk[e & COL_MASK] = ((sleep << 2) & (((1 << (this.preShift - 2)) - 1) << 2)) | (preempted << this.preShift) | (depth << this.depthShift);
  }

  /** From one word an entry to three, every entry converted (once at most). */
  private widen(): void {
    const narrow = this.chunks;
    this.chunks = [];
    for (let c = 0; c < narrow.length; c++) {
      const from = narrow[c] as Int32Array;
      const to = this.chunks[c] = new Int32Array(from.length * 3);
      for (let i = 0; i < from.length; i++) {
        const x = from[i] as number;
        to[i * 3] = (x >>> 2) & ((1 << (this.preShift - 2)) - 1);
        to[i * 3 + 1] = x >>> this.depthShift;
        to[i * 3 + 2] = (((x >>> this.preShift) & this.preMax) << 2) | (x & 3);
      }
    }
    this.wide = true;
  }

  get bytes(): number {
    let n = 0;
    for (const c of this.chunks) n += c.byteLength;
    return n;
  }
}

/** The visited set of one thread: exact (tuples of part numbers) unless hash compaction is asked for. */
export class LocalStore implements VisitedStore {
  private readonly visited: TupleSet;
  private readonly finals: TupleSet;
  private readonly cols: Columns;
  added = false;

  /**
   * @param width words of a state's tuple (the shared part and one per thread)
   * @param keepPreemptions a preemption bound is set (only then are preemptions per state kept)
   */
  constructor(width: number, readonly compact: boolean, keepPreemptions = true) {
    this.visited = new TupleSet(width, compact);
    this.finals = new TupleSet(width, compact);
    this.cols = new Columns(width - 1, keepPreemptions);
  }

  add(parts: Int32Array, final: boolean): number {
    const set = final ? this.finals : this.visited;
    const e = set.find(parts);
    this.added = e < 0;
    if (e >= 0) return e;
    const n = set.insert();
    if (!final) this.cols.add(n);
    return n;
  }

  find(parts: Int32Array): number {
    return this.visited.find(parts);
  }

  onStack(e: number): boolean { return (this.cols.flags(e) & ON_STACK) !== 0; }
  busyElsewhere(): boolean { return false; }
  enter(e: number): void { this.cols.setFlags(e, this.cols.flags(e) | ON_STACK); }
  leave(e: number): void { this.cols.setFlags(e, this.cols.flags(e) & ~ON_STACK); }
  reduced(e: number): boolean { return (this.cols.flags(e) & REDUCED) !== 0; }
  setReduced(e: number, on: boolean): void { this.cols.setFlags(e, on ? this.cols.flags(e) | REDUCED : this.cols.flags(e) & ~REDUCED); }
  sleep(e: number): number { return this.cols.sleep(e); }
  setSleep(e: number, mask: number): void { this.cols.setSleep(e, mask); }
  wake(e: number, mask: number): number {
    const old = this.cols.sleep(e);
    this.cols.setSleep(e, old & mask);
    return old & ~mask;
  }
  depth(e: number): number { return this.cols.depth(e); }
  preempted(e: number): number { return this.cols.preempted(e); }
  record(e: number, sleep: number, depth: number, preempted: number): void { this.cols.record(e, sleep, depth, preempted); }
  markDonated(): void { /* one thread: nothing is handed away */ }
  private cut = false;
  limitCut(): boolean { return this.cut; }
  noteLimitCut(): void { this.cut = true; }
  flush(): void { /* counted as added */ }

  missProbability(): number {
    return Math.min(1, this.visited.missProbability() + this.finals.missProbability());
  }

  get bytes(): number {
    return this.visited.bytes + this.finals.bytes + this.cols.bytes;
  }
}
