// The stateful search's visited set, compact and exact: the shared-memory part and each thread's
// part of an encoded state (StateEncoder.ends) are interned separately (Spin's "collapse"
// compression: parts repeat across states far more than whole states do), and a state is stored as
// the fixed-width tuple of its part numbers in flat typed arrays with open addressing. No object per
// state: tens of bytes a state instead of a kilobyte, and nothing for the garbage collector to walk.
import { State } from '../core';
import { StateEncoder } from './stateKey';
import { Renaming, Symmetry } from './symmetry';

/** 32-bit mix of one more word into h (murmur3's round), for hashing word sequences. */
export function mixWord(h: number, x: number): number {
  let k = Math.imul(x, 0xcc9e2d51);
  k = Math.imul((k << 15) | (k >>> 17), 0x1b873593);
  h ^= k;
  h = (h << 13) | (h >>> 19);
  return (Math.imul(h, 5) + 0xe6546b64) | 0;
}

/** murmur3's finaliser: every input bit reaches every output bit. */
export function finish(h: number): number {
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  return (h ^ (h >>> 16)) >>> 0;
}

function grown(a: Int32Array<ArrayBuffer>, need: number): Int32Array<ArrayBuffer> {
  if (need <= a.length) return a;
  let n = a.length * 2;
  while (n < need) n *= 2;
  const b = new Int32Array(n);
  b.set(a);
  return b;
}

/** Word sequences to dense numbers 0, 1, 2...: the same sequence always gets the same number. */
export class Interner {
  private words = new Int32Array(1024);
  private used = 0;
  /** starts[id] .. starts[id + 1]: the words of part id. */
  private starts = new Int32Array(256);
  private hashes = new Int32Array(256);
  /** Open addressing: id + 1, or 0 for a free slot. */
  private slots = new Int32Array(256);
  size = 0;

  /** The number of buf[from..to). */
  intern(buf: Int32Array, from: number, to: number): number {
    let h = to - from;
    for (let i = from; i < to; i++) h = mixWord(h, buf[i] as number);
    h = finish(h) | 0;
    const mask = this.slots.length - 1;
    for (let i = h & mask; ; i = (i + 1) & mask) {
      const e = (this.slots[i] as number) - 1;
      if (e < 0) return this.add(buf, from, to, h, i);
      if (this.hashes[e] === h && this.same(e, buf, from, to)) return e;
    }
  }

  private same(e: number, buf: Int32Array, from: number, to: number): boolean {
    const s = this.starts[e] as number;
    if ((this.starts[e + 1] as number) - s !== to - from) return false;
    for (let i = 0; i < to - from; i++) if (this.words[s + i] !== buf[from + i]) return false;
    return true;
  }

  private add(buf: Int32Array, from: number, to: number, h: number, slot: number): number {
    const id = this.size++;
    this.words = grown(this.words, this.used + to - from);
    this.words.set(buf.subarray(from, to), this.used);
    this.used += to - from;
    this.starts = grown(this.starts, id + 2);
    this.hashes = grown(this.hashes, id + 1);
    this.starts[id + 1] = this.used;
    this.hashes[id] = h;
    this.slots[slot] = id + 1;
    if (this.size * 2 > this.slots.length) this.rehash();
    return id;
  }

  private rehash(): void {
    const slots = new Int32Array(this.slots.length * 2);
    const mask = slots.length - 1;
    for (let id = 0; id < this.size; id++) {
      let i = (this.hashes[id] as number) & mask;
      while (slots[i] !== 0) i = (i + 1) & mask;
      slots[i] = id + 1;
    }
    this.slots = slots;
  }

  /** Bytes held (for the memory figure). */
  get bytes(): number {
    return this.words.byteLength + this.starts.byteLength + this.hashes.byteLength + this.slots.byteLength;
  }
}

/**
 * A state as the tuple of its parts' numbers: part 0 the shared memory, part i + 1 thread i. A step
 * of thread t changes only the shared part and thread t's, so a child's tuple is its parent's with
 * two parts renumbered (`update`): the other threads are neither encoded nor hashed again.
 */
export class StateParts {
  readonly enc = new StateEncoder();
  private readonly shared = new Interner();
  private readonly threads = new Interner();

  /** A fresh tuple for s, every part encoded. */
  all(s: State, tag: number): Int32Array {
    const out = new Int32Array(s.threads.length + 1);
    this.update(s, tag, -1, out);
    for (let t = 0; t < s.threads.length; t++) this.updateThread(s, t, out);
    return out;
  }

  /** Renumbers the shared part and thread t's part of `out` (t < 0: the shared part only). */
  update(s: State, tag: number, t: number, out: Int32Array): void {
    const { enc } = this;
    enc.encodeShared(s, tag);
    out[0] = this.shared.intern(enc.buf, 0, enc.len);
    if (t >= 0) this.updateThread(s, t, out);
  }

  private updateThread(s: State, t: number, out: Int32Array): void {
    const th = s.threads[t];
    if (!th) return;
    this.enc.encodeThread(th);
    out[t + 1] = this.threads.intern(this.enc.buf, 0, this.enc.len);
  }

  /**
   * The tuple of the least encoding of s over the symmetry group (the canonical representative of
   * s up to permutation), and which element gave it.
   */
  canonical(s: State, tag: number, sym: Symmetry): { tuple: Int32Array; element: Renaming } {
    const { enc } = this;
    enc.workLocals = sym.workLocals;
    let best = this.best;
    let bestLen = -1;
    let bestEnds: number[] = [];
    let element = sym.group[0] as Renaming;
    for (const r of sym.group) {
      enc.ren = r;
      enc.encode(s, tag);
      if (bestLen >= 0 && !less(enc.buf, enc.len, best, bestLen)) continue;
      if (best.length < enc.len) best = this.best = new Int32Array(enc.len * 2);
      best.set(enc.buf.subarray(0, enc.len));
      bestLen = enc.len;
      bestEnds = enc.ends.slice();
      element = r;
    }
    enc.ren = undefined;
    const tuple = new Int32Array(bestEnds.length);
    let from = 0;
    bestEnds.forEach((to, p) => {
      tuple[p] = p === 0 ? this.shared.intern(best, from, to) : this.threads.intern(best, from, to);
      from = to;
    });
    return { tuple, element };
  }

  private best = new Int32Array(256);

  get bytes(): number {
    return this.shared.bytes + this.threads.bytes;
  }
}

/** Lexicographic order of two word sequences (a shorter prefix first). */
function less(a: Int32Array, alen: number, b: Int32Array, blen: number): boolean {
  const n = Math.min(alen, blen);
  for (let i = 0; i < n; i++) if (a[i] !== b[i]) return (a[i] as number) < (b[i] as number);
  return alen < blen;
}

/**
 * A set of fixed-width tuples, each with a number (its entry) in insertion order; the caller keeps
 * per-entry values in its own typed arrays indexed by entry.
 */
export class TupleSet {
  private keys: Int32Array<ArrayBuffer>;
  private hashes = new Int32Array(1024);
  private slots = new Int32Array(2048);
  private last: Int32Array;
  private lastHash = 0;
  size = 0;

  constructor(readonly width: number) {
    this.keys = new Int32Array(1024 * width);
    this.last = new Int32Array(width);
  }

  /** The entry of `tuple`, or -1 (then `insert` adds this tuple). */
  find(tuple: Int32Array): number {
    let h = this.width;
    for (let p = 0; p < this.width; p++) h = mixWord(h, tuple[p] as number);
    h = finish(h) | 0;
    this.last = tuple;
    this.lastHash = h;
    const mask = this.slots.length - 1;
    for (let i = h & mask; ; i = (i + 1) & mask) {
      const e = (this.slots[i] as number) - 1;
      if (e < 0) return -1;
      if (this.hashes[e] === h && this.same(e, tuple)) return e;
    }
  }

  private same(e: number, tuple: Int32Array): boolean {
    const w = this.width;
    for (let p = 0, k = e * w; p < w; p++, k++) if (this.keys[k] !== tuple[p]) return false;
    return true;
  }

  /** Adds the tuple `find` just missed (it must not have changed since); returns its entry. */
  insert(): number {
    const e = this.size++;
    this.keys = grown(this.keys, this.size * this.width);
    this.keys.set(this.last, e * this.width);
    this.hashes = grown(this.hashes, this.size);
    this.hashes[e] = this.lastHash;
    if (this.size * 2 > this.slots.length) this.rehash();
    else this.place(this.slots, e);
    return e;
  }

  private place(slots: Int32Array, e: number): void {
    const mask = slots.length - 1;
    let i = (this.hashes[e] as number) & mask;
    while (slots[i] !== 0) i = (i + 1) & mask;
    slots[i] = e + 1;
  }

  private rehash(): void {
    const slots = new Int32Array(this.slots.length * 2);
    for (let e = 0; e < this.size; e++) this.place(slots, e);
    this.slots = slots;
  }

  /** Bytes held by the set. */
  get bytes(): number {
    return this.keys.byteLength + this.hashes.byteLength + this.slots.byteLength;
  }
}

/** Per-entry numbers that grow with a VisitedSet: one typed array per field, no object per state. */
export class EntryColumn {
  data = new Int32Array(1024);

  get(e: number): number {
    return this.data[e] as number;
  }

  set(e: number, v: number): void {
    if (e >= this.data.length) this.data = grown(this.data, e + 1);
    this.data[e] = v;
  }
}
