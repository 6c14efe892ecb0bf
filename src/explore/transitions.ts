// The stateful search's cache of transitions between parts (visitedSet.ts). A step of thread t reads
// and writes only the shared memory and t's own frames: given the numbers of those two parts (and
// t, which a step may write, as pi_lock's holder), the numbers of the two parts after the step and
// the steps it took are always the same. Most steps of a search reach a state seen before; with
// this cache such a step costs a table look-up instead of copying the state, stepping it, encoding
// and hashing the result. A step that reported a violation is marked so (it is always taken for
// real, so that the report is made); whether a step ends the execution depends on the other threads
// too, and the search checks it otherwise (StatefulStrategy.viaCache).
import { finish, mixWord } from './visitedSet';

/** Words per slot: shared + 1 (0: free), thread part * 32 + t, shared after, part after, steps taken (-1: reports). */
const SLOT = 5;

export class TransitionCache {
  private slots: Int32Array;
  size = 0;

  /** @param limit the most transitions kept (a full cache keeps what it has and adds nothing more) */
  constructor(private readonly limit = 1 << 21) {
    // Small to start (it doubles as it fills): a small scenario's explore should not pay for a big table.
    this.slots = new Int32Array(64 * SLOT);
  }

  private static hash(shared: number, key: number): number {
    return finish(mixWord(mixWord(0x2f1b6c3d, shared), key));
  }

  /** The slot of thread t's step from (shared, part), or -1. */
  find(shared: number, part: number, t: number): number {
    const key = part * 32 + t;
    const { slots } = this;
    const cap = slots.length / SLOT;
    for (let i = TransitionCache.hash(shared, key) & (cap - 1); ; i = (i + 1) & (cap - 1)) {
      const at = i * SLOT;
      const a = slots[at] as number;
      if (a === 0) return -1;
      if (a === shared + 1 && slots[at + 1] === key) return at;
    }
  }

  /** The step reported a violation: never answered from the cache. */
  reports(at: number): boolean { return (this.slots[at + 4] as number) < 0; }
  sharedAfter(at: number): number { return this.slots[at + 2] as number; }
  partAfter(at: number): number { return this.slots[at + 3] as number; }
  stepsTaken(at: number): number { return this.slots[at + 4] as number; }

  /** Records a step (steps < 0: it reported a violation). */
  set(shared: number, part: number, t: number, sharedAfter: number, partAfter: number, steps: number): void {
    if (this.size >= this.limit || this.find(shared, part, t) >= 0) return;
    if ((this.size + 1) * 2 > this.slots.length / SLOT) this.grow();
    this.place(this.slots, shared + 1, part * 32 + t, sharedAfter, partAfter, steps);
    this.size++;
  }

  private place(slots: Int32Array, a: number, key: number, s: number, p: number, steps: number): void {
    const cap = slots.length / SLOT;
    let i = TransitionCache.hash(a - 1, key) & (cap - 1);
    while (slots[i * SLOT] !== 0) i = (i + 1) & (cap - 1);
    const at = i * SLOT;
    slots[at] = a; slots[at + 1] = key; slots[at + 2] = s; slots[at + 3] = p; slots[at + 4] = steps;
  }

  private grow(): void {
    const old = this.slots;
    const slots = new Int32Array(old.length * 2);
    for (let at = 0; at < old.length; at += SLOT) {
      if (old[at] !== 0) this.place(slots, old[at] as number, old[at + 1] as number, old[at + 2] as number, old[at + 3] as number, old[at + 4] as number);
    }
    this.slots = slots;
  }

  get bytes(): number {
    return this.slots.byteLength;
  }
}
