// Dead compiler temporaries, cleared after every listing step: a temporary holds a value only while
// the expression that wrote it is being evaluated, so a stale one must not make two states differ
// (the explorer would count them twice; the built-in step functions kept no such leftovers).
import { Listing, MThread } from './listingCode';

const EMPTY = new Int32Array(0);
const DEAD = new WeakMap<Listing, Int32Array[][]>();

/** Per function, per pc: the temporaries dead there (computed once per listing). */
export type DeadTemps = Int32Array[][];

export function deadTempsOf(listing: Listing): DeadTemps {
  let d = DEAD.get(listing);
  if (d) return d;
  d = listing.functions.map((f) => {
    const ranges = f.liveTemps ?? [];
    const out: Int32Array[] = [];
    for (let pc = 0; pc <= f.code.length; pc++) {
      const dead = ranges.filter((r) => !(r.from < pc && pc < r.to)).map((r) => r.slot);
      out.push(dead.length ? Int32Array.from(dead) : EMPTY);
    }
    return out;
  });
  DEAD.set(listing, d);
  return d;
}

/** Zeroes the dead temporaries of every frame of a listing thread (at its current pcs). */
export function clearDeadTemps(dead: DeadTemps, m: MThread): void {
  for (const f of m.frames) {
    const slots = dead[f.fn]?.[f.pc] ?? EMPTY;
    for (let i = 0; i < slots.length; i++) f.slots[slots[i] as number] = 0;
  }
}
