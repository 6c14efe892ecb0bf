// What the stateful search keeps per state, behind one interface: in this thread (LocalStore, the
// exact tuples of visitedSet.ts, or their fingerprints with hash compaction) or shared by worker
// threads (SharedStore in sharedVisited.ts: fingerprints in SharedArrayBuffers).
import { EntryColumn, TupleSet } from './visitedSet';

export interface VisitedStore {
  /** The entry of a state (by its tuple), added when new: then `added` is true. */
  add(parts: Int32Array, final: boolean): number;
  /** The last add() added the state. */
  added: boolean;
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
  /** Makes every addition count where other workers see it (at the end of a search). */
  flush(): void;
  readonly compact: boolean;
  /** The probability that a state was missed (a fingerprint clash): 0 when exact. */
  missProbability(): number;
  readonly bytes: number;
}

const ON_STACK = 1;
const REDUCED = 2;

/** The visited set of one thread: exact (tuples of part numbers) unless hash compaction is asked for. */
export class LocalStore implements VisitedStore {
  private readonly visited: TupleSet;
  private readonly finals: TupleSet;
  private readonly sleepOf = new EntryColumn();
  private readonly depthOf = new EntryColumn();
  private readonly preemptedOf = new EntryColumn();
  private readonly flags = new EntryColumn();
  added = false;

  constructor(width: number, readonly compact: boolean) {
    this.visited = new TupleSet(width, compact);
    this.finals = new TupleSet(width, compact);
  }

  add(parts: Int32Array, final: boolean): number {
    const set = final ? this.finals : this.visited;
    const e = set.find(parts);
    this.added = e < 0;
    return e >= 0 ? e : set.insert();
  }

  onStack(e: number): boolean { return (this.flags.get(e) & ON_STACK) !== 0; }
  busyElsewhere(): boolean { return false; }
  enter(e: number): void { this.flags.set(e, this.flags.get(e) | ON_STACK); }
  leave(e: number): void { this.flags.set(e, this.flags.get(e) & ~ON_STACK); }
  reduced(e: number): boolean { return (this.flags.get(e) & REDUCED) !== 0; }
  setReduced(e: number, on: boolean): void { this.flags.set(e, on ? this.flags.get(e) | REDUCED : this.flags.get(e) & ~REDUCED); }
  sleep(e: number): number { return this.sleepOf.get(e); }
  setSleep(e: number, mask: number): void { this.sleepOf.set(e, mask); }
  wake(e: number, mask: number): number {
    const old = this.sleepOf.get(e);
    this.sleepOf.set(e, old & mask);
    return old & ~mask;
  }
  depth(e: number): number { return this.depthOf.get(e); }
  preempted(e: number): number { return this.preemptedOf.get(e); }
  record(e: number, sleep: number, depth: number, preempted: number): void {
    this.sleepOf.set(e, sleep);
    this.depthOf.set(e, depth);
    this.preemptedOf.set(e, preempted);
    this.flags.set(e, 0);
  }
  markDonated(): void { /* one thread: nothing is handed away */ }
  flush(): void { /* counted as added */ }

  missProbability(): number {
    return Math.min(1, this.visited.missProbability() + this.finals.missProbability());
  }

  get bytes(): number {
    const cols = [this.sleepOf, this.depthOf, this.preemptedOf, this.flags].reduce((n, c) => n + c.data.byteLength, 0);
    return this.visited.bytes + this.finals.bytes + cols;
  }
}
