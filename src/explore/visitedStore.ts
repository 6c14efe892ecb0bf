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
/** Words per entry of LocalStore's column table: sleep mask, depth, preemptions << 2 | flags. */
const STRIDE = 3;

/** The visited set of one thread: exact (tuples of part numbers) unless hash compaction is asked for. */
export class LocalStore implements VisitedStore {
  private readonly visited: TupleSet;
  private readonly finals: TupleSet;
  /**
   * What the search keeps per entry, side by side in one table (one cache line to read on a
   * revisit, where separate columns would cost one miss each).
   */
  private cols = new Int32Array(64 * STRIDE);
  added = false;

  constructor(width: number, readonly compact: boolean) {
    this.visited = new TupleSet(width, compact);
    this.finals = new TupleSet(width, compact);
  }

  add(parts: Int32Array, final: boolean): number {
    const set = final ? this.finals : this.visited;
    const e = set.find(parts);
    this.added = e < 0;
    if (e >= 0) return e;
    const n = set.insert();
    if (!final && (n + 1) * STRIDE > this.cols.length) {
      const c = new Int32Array(this.cols.length * 2);
      c.set(this.cols);
      this.cols = c;
    }
    return n;
  }

  find(parts: Int32Array): number {
    return this.visited.find(parts);
  }

  private flags(e: number): number { return (this.cols[e * STRIDE + 2] as number) & 3; }
  private setFlags(e: number, f: number): void {
    const k = e * STRIDE + 2;
    this.cols[k] = ((this.cols[k] as number) & ~3) | f;
  }

  onStack(e: number): boolean { return (this.flags(e) & ON_STACK) !== 0; }
  busyElsewhere(): boolean { return false; }
  enter(e: number): void { this.setFlags(e, this.flags(e) | ON_STACK); }
  leave(e: number): void { this.setFlags(e, this.flags(e) & ~ON_STACK); }
  reduced(e: number): boolean { return (this.flags(e) & REDUCED) !== 0; }
  setReduced(e: number, on: boolean): void { this.setFlags(e, on ? this.flags(e) | REDUCED : this.flags(e) & ~REDUCED); }
  sleep(e: number): number { return this.cols[e * STRIDE] as number; }
  setSleep(e: number, mask: number): void { this.cols[e * STRIDE] = mask; }
  wake(e: number, mask: number): number {
    const old = this.cols[e * STRIDE] as number;
    this.cols[e * STRIDE] = old & mask;
    return old & ~mask;
  }
  depth(e: number): number { return this.cols[e * STRIDE + 1] as number; }
  preempted(e: number): number { return (this.cols[e * STRIDE + 2] as number) >>> 2; }
  record(e: number, sleep: number, depth: number, preempted: number): void {
    const k = e * STRIDE;
    this.cols[k] = sleep;
    this.cols[k + 1] = depth;
    this.cols[k + 2] = preempted << 2;
  }
  markDonated(): void { /* one thread: nothing is handed away */ }
  private cut = false;
  limitCut(): boolean { return this.cut; }
  noteLimitCut(): void { this.cut = true; }
  flush(): void { /* counted as added */ }

  missProbability(): number {
    return Math.min(1, this.visited.missProbability() + this.finals.missProbability());
  }

  get bytes(): number {
    return this.visited.bytes + this.finals.bytes + this.cols.byteLength;
  }
}
