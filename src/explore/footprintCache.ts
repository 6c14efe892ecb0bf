// The stateful search's cache of step footprints by parts (visitedSet.ts). What thread t's next
// step touches depends only on the shared memory and t's own frames (footprints.ts reads nothing
// else), so the numbers of those two parts name it: a state that differs from one seen before only
// in the other threads (every child of a step that wrote nothing shared, and most states of a
// search) asks for footprints already computed. Computing one runs the step's access walk (for a
// listing, its generated code over the state's memory); a look-up here is a few array reads.
import { finish, mixWord } from './visitedSet';
import type { Fp } from './footprints';

/** Words per slot: shared + 1 (0: free), thread part * 32 + t, index of the footprint. */
const SLOT = 3;

export class FootprintCache {
  private slots = new Int32Array(1024 * SLOT);
  /** The footprints, by index (never mutated once made: entries of several nodes share them). */
  private readonly fps: Fp[] = [];

  /** @param limit the most footprints kept (a full cache keeps what it has and adds nothing more) */
  constructor(private readonly limit = 1 << 20) {}

  private static hash(shared: number, key: number): number {
    return finish(mixWord(mixWord(0x5bd1e995, shared), key));
  }

  /** The footprint of thread t's step from (shared, part), or undefined. */
  get(shared: number, part: number, t: number): Fp | undefined {
    const key = part * 32 + t;
    const { slots } = this;
    const cap = slots.length / SLOT;
    for (let i = FootprintCache.hash(shared, key) & (cap - 1); ; i = (i + 1) & (cap - 1)) {
      const at = i * SLOT;
      const a = slots[at] as number;
      if (a === 0) return undefined;
      if (a === shared + 1 && slots[at + 1] === key) return this.fps[slots[at + 2] as number];
    }
  }

  /** Records the footprint get() just missed. */
  set(shared: number, part: number, t: number, fp: Fp): void {
    if (this.fps.length >= this.limit) return;
    if ((this.fps.length + 1) * 2 > this.slots.length / SLOT) this.grow();
    this.place(this.slots, shared + 1, part * 32 + t, this.fps.length);
    this.fps.push(fp);
  }

  private place(slots: Int32Array, a: number, key: number, index: number): void {
    const cap = slots.length / SLOT;
    let i = FootprintCache.hash(a - 1, key) & (cap - 1);
    while (slots[i * SLOT] !== 0) i = (i + 1) & (cap - 1);
    const at = i * SLOT;
    slots[at] = a; slots[at + 1] = key; slots[at + 2] = index;
  }

  private grow(): void {
    const old = this.slots;
    const slots = new Int32Array(old.length * 2);
    for (let at = 0; at < old.length; at += SLOT) {
      if (old[at] !== 0) this.place(slots, old[at] as number, old[at + 1] as number, old[at + 2] as number);
    }
    this.slots = slots;
  }

  get bytes(): number {
    return this.slots.byteLength + this.fps.length * 48;
  }
}
