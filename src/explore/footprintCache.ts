// The stateful search's cache of what it asks of thread t's next step, by parts (visitedSet.ts):
// its footprint and whether it can move now. Both depend only on the shared memory and t's own
// frames (footprints.ts and Machine.canMove read nothing else), so the numbers of those two parts
// name them: a state that differs from one seen before only in the other threads (every child of
// a step that wrote nothing shared, and most states of a search) asks for answers already worked
// out. Working out a footprint runs the step's access walk (for a listing, its generated code over
// the state's memory); a look-up here is a few array reads.
//
// A cache, not a table: direct-mapped and of bounded size (a newer entry replaces an older one of
// the same slot), so that it costs a search of millions of states no memory per state. Depth-first
// search asks again mostly about parts it has just seen, which a bounded cache keeps.
import { finish, mixWord } from './visitedSet';
import type { Fp } from './footprints';

/** Words per slot: shared + 1 (0: free), thread part * 32 + t, what is known (FP | MOVES | CAN), the footprint's r, w, acq, rel. */
const SLOT = 7;
const FP = 1;
const MOVES = 2;
const CAN = 4;

export class FootprintCache {
  private slots = new Int32Array(64 * SLOT); // small to start: it doubles as it fills
  /** Slots taken (until the cache stops growing). */
  private used = 0;

  /** @param maxSlots the most slots (a power of two): past it, entries replace each other */
  constructor(private readonly maxSlots = 1 << 15) {}

  private static hash(shared: number, key: number): number {
    return finish(mixWord(mixWord(0x5bd1e995, shared), key));
  }

  /** The slot of (shared, key), or -1. */
  private find(shared: number, key: number): number {
    const { slots } = this;
    const at = (FootprintCache.hash(shared, key) & (slots.length / SLOT - 1)) * SLOT;
    return slots[at] === shared + 1 && slots[at + 1] === key ? at : -1;
  }

  /** The slot for (shared, key), taken over from whatever held it. */
  private claim(shared: number, key: number): number {
    let at = this.find(shared, key);
    if (at >= 0) return at;
    if (this.used * 2 >= this.slots.length / SLOT && this.slots.length / SLOT < this.maxSlots) this.grow();
    const { slots } = this;
    at = (FootprintCache.hash(shared, key) & (slots.length / SLOT - 1)) * SLOT;
    if (slots[at] === 0) this.used++;
    slots[at] = shared + 1; slots[at + 1] = key; slots[at + 2] = 0;
    return at;
  }

  /** The footprint of thread t's step from (shared, part), or undefined. */
  get(shared: number, part: number, t: number): Fp | undefined {
    const at = this.find(shared, part * 32 + t);
    const s = this.slots;
    if (at < 0 || ((s[at + 2] as number) & FP) === 0) return undefined;
    return { r: s[at + 3] as number, w: s[at + 4] as number, acq: s[at + 5] as number, rel: s[at + 6] as number };
  }

  /** Records the footprint get() just missed. */
  set(shared: number, part: number, t: number, fp: Fp): void {
    const at = this.claim(shared, part * 32 + t);
    const s = this.slots;
    s[at + 2] = (s[at + 2] as number) | FP;
    s[at + 3] = fp.r; s[at + 4] = fp.w; s[at + 5] = fp.acq; s[at + 6] = fp.rel;
  }

  /** Whether thread t can move from (shared, part): 1 or 0, or -1 when not known. */
  moves(shared: number, part: number, t: number): number {
    const at = this.find(shared, part * 32 + t);
    const known = at < 0 ? 0 : this.slots[at + 2] as number;
    return (known & MOVES) === 0 ? -1 : (known & CAN) !== 0 ? 1 : 0;
  }

  setMoves(shared: number, part: number, t: number, can: boolean): void {
    const at = this.claim(shared, part * 32 + t);
    this.slots[at + 2] = ((this.slots[at + 2] as number) & FP) | MOVES | (can ? CAN : 0);
  }

  private grow(): void {
    const old = this.slots;
    const slots = new Int32Array(old.length * 2);
    const mask = slots.length / SLOT - 1;
    this.used = 0;
    for (let from = 0; from < old.length; from += SLOT) {
      if (old[from] === 0) continue;
      const at = (FootprintCache.hash((old[from] as number) - 1, old[from + 1] as number) & mask) * SLOT;
      if (slots[at] === 0) this.used++;
      slots.set(old.subarray(from, from + SLOT), at);
    }
    this.slots = slots;
  }

  get bytes(): number {
    return this.slots.byteLength;
  }
}
