// The stateful search's visited set, compact and exact: the shared-memory part and each thread's
// part of an encoded state (StateEncoder.ends) are interned separately (Spin's "collapse"
// compression: parts repeat across states far more than whole states do), and a state is stored as
// the fixed-width tuple of its part numbers in flat typed arrays with open addressing. No object per
// state: tens of bytes a state instead of a kilobyte, and nothing for the garbage collector to walk.
import { State } from '../core';
import { StateEncoder } from './stateKey';
import { Renaming, Symmetry, permutations } from './symmetry';

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

/**
 * A StateParts for a search, cleared: the last one a finished search gave back (returnParts), or a
 * new one. A small scenario's search sees a few dozen states: making its two interners' tables
 * again costs about as much as the search itself.
 */
export function pooledParts(): StateParts {
  const p = pool;
  pool = undefined;
  return p ?? new StateParts();
}

/** Gives a search's StateParts back once the search is over (kept only when small: a big search's tables are let go). */
export function returnParts(p: StateParts): void {
  if (p.bytes > POOL_BYTES) return;
  p.clear();
  pool = p;
}

let pool: StateParts | undefined;
const POOL_BYTES = 1 << 20;

/** Word sequences to dense numbers 0, 1, 2...: the same sequence always gets the same number. */
export class Interner {
  private words = new Int32Array(256);
  private used = 0;
  /** starts[id] .. starts[id + 1]: the words of part id. */
  private starts = new Int32Array(64);
  private hashes = new Int32Array(64);
  /** A second, independent hash of each part's words (fingerprints of states are 64 bits). */
  private hashes2 = new Int32Array(64);
  /** Open addressing, two words a slot: the part's hash and id + 1 (0: free), as in TupleSet. */
  private slots = new Int32Array(128);
  size = 0;

  /** Forgets every part, keeping the arrays (for the next search: see pooledParts). */
  clear(): void {
    if (this.size === 0) return;
    this.slots.fill(0);
    this.used = 0;
    this.size = 0;
  }

  /** The number of buf[from..to). */
  intern(buf: Int32Array, from: number, to: number): number {
    let h = to - from;
    for (let i = from; i < to; i++) h = mixWord(h, buf[i] as number);
    h = finish(h) | 0;
    const slots = this.slots;
    const mask = slots.length - 2;
    for (let i = (h << 1) & mask; ; i = (i + 2) & mask) {
      const e = (slots[i + 1] as number) - 1;
      if (e < 0) return this.add(buf, from, to, h);
      if (slots[i] === h && this.same(e, buf, from, to)) return e;
    }
  }

  private same(e: number, buf: Int32Array, from: number, to: number): boolean {
    const s = this.starts[e] as number;
    if ((this.starts[e + 1] as number) - s !== to - from) return false;
    for (let i = 0; i < to - from; i++) if (this.words[s + i] !== buf[from + i]) return false;
    return true;
  }

  private add(buf: Int32Array, from: number, to: number, h: number): number {
    const id = this.size++;
    this.words = grown(this.words, this.used + to - from);
    this.words.set(buf.subarray(from, to), this.used);
    this.used += to - from;
    this.starts = grown(this.starts, id + 2);
    this.hashes = grown(this.hashes, id + 1);
    this.starts[id + 1] = this.used;
    this.hashes[id] = h;
    this.hashes2 = grown(this.hashes2, id + 1);
    let h2 = 0x9747b28c ^ (to - from);
    for (let i = to - 1; i >= from; i--) h2 = mixWord(h2, (buf[i] as number) ^ 0x5bd1e995);
    this.hashes2[id] = finish(h2) | 0;
    if (this.size * 4 > this.slots.length) this.rehash();
    place(this.slots, h, id);
    return id;
  }

  /** The two content hashes of part id: the same in every thread whatever the numbering. */
  hashOf(id: number): number { return this.hashes[id] as number; }
  hash2Of(id: number): number { return this.hashes2[id] as number; }

  private rehash(): void {
    const slots = new Int32Array(this.slots.length * 2);
    for (let id = 0; id < this.size - 1; id++) place(slots, this.hashes[id] as number, id);
    this.slots = slots;
  }

  /** Bytes held (for the memory figure). */
  get bytes(): number {
    return this.words.byteLength + this.starts.byteLength + this.hashes.byteLength + this.hashes2.byteLength + this.slots.byteLength;
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

  /** Forgets every part: numbering starts again at 0, as in a new StateParts. */
  clear(): void {
    this.shared.clear();
    this.threads.clear();
  }

  /** A fresh tuple for s, every part encoded. */
  all(s: State, tag: number): Int32Array {
    const out = new Int32Array(s.threads.length + 1);
    this.update(s, tag, -1, out);
    for (let t = 0; t < s.threads.length; t++) this.updateThread(s, t, out);
    return out;
  }

  /**
   * A 64-bit fingerprint of the state a tuple stands for, from its parts' content hashes (not
   * their numbers): equal in every worker thread, so a visited set of fingerprints can be shared.
   */
  fingerprint(tuple: Int32Array, out: Int32Array): void {
    let hi = tuple.length;
    let lo = ~tuple.length;
    for (let p = 0; p < tuple.length; p++) {
      const parts = p === 0 ? this.shared : this.threads;
      const id = tuple[p] as number;
      hi = mixWord(hi, parts.hashOf(id));
      lo = mixWord(lo, parts.hash2Of(id) ^ Math.imul(p + 1, 0x27d4eb2f));
    }
    out[0] = finish(hi) | 0;
    out[1] = finish(lo) | 0;
  }

  /** Renumbers the shared part and thread t's part of `out` (t < 0: the shared part only). */
  update(s: State, tag: number, t: number, out: Int32Array): void {
    const { enc } = this;
    enc.encodeShared(s, tag);
    out[0] = this.shared.intern(enc.buf, 0, enc.len);
    if (t >= 0) this.updateThread(s, t, out);
  }

  /** Renumbers thread t's part only (a step that wrote no shared object left part 0 as it was). */
  updateThread(s: State, t: number, out: Int32Array): void {
    const th = s.threads[t];
    if (!th) return;
    this.enc.encodeThread(th);
    out[t + 1] = this.threads.intern(this.enc.buf, 0, this.enc.len);
  }

  /**
   * The tuple of the canonical representative of s up to permutation: the least encoding over
   * the candidates (or over the whole group when asked: tests compare the two), and which element
   * gave it.
   */
  canonical(s: State, tag: number, sym: Symmetry, wholeGroup = false): { tuple: Int32Array; element: Renaming } {
    const { enc } = this;
    enc.workLocals = sym.workLocals;
    enc.listingLocals = sym.listingLocals;
    let best = this.best;
    let bestLen = -1;
    let bestEnds: number[] = [];
    let element = sym.group[0] as Renaming;
    for (const r of wholeGroup ? sym.group : this.candidates(s, sym)) {
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
  private keyBuf = new Int32Array(256);

  /**
   * The group elements worth trying on s: each class's members sorted by their keys (a thread
   * and its own works seen through its abstraction, which reads the same for alike threads in the
   * same situation), member j of the order sent to the class's j-th place; only members with equal
   * keys are tried in every order. The set depends only on the orbit of s (keys do not change
   * under the group), so the least encoding over it is a canonical form too, without trying the
   * whole group.
   */
  private candidates(s: State, sym: Symmetry): Renaming[] {
    const { enc } = this;
    // Plain loops and no closures: this runs once per state reached.
    let codes: number[] = [0];
    let radix = 1;
    for (const members of sym.members) {
      const m = members.length;
      const at = this.keyAt;
      at[0] = 0;
      for (let i = 0; i < m; i++) {
        const t = members[i] as number;
        enc.ren = sym.abstraction[t];
        enc.encodeOwned(s, t, sym.own[t] as number[], sym.ownSlots[t] as number[]);
        const from = at[i] as number;
        if (this.keyBuf.length < from + enc.len) this.keyBuf = grown(this.keyBuf, from + enc.len);
        for (let k = 0; k < enc.len; k++) this.keyBuf[from + k] = enc.buf[k] as number;
        at[i + 1] = from + enc.len;
      }
      // Insertion sort of the members by key (classes are small).
      const byKey: number[] = [];
      for (let i = 0; i < m; i++) {
        let j = byKey.length;
        while (j > 0 && this.cmpKeys(byKey[j - 1] as number, i) > 0) j--;
        byKey.splice(j, 0, i);
      }
      let orders: number[][] = [[]];
      for (let i = 0; i < m;) {
        let j = i + 1;
        while (j < m && this.cmpKeys(byKey[i] as number, byKey[j] as number) === 0) j++;
        if (j - i === 1) for (const o of orders) o.push(byKey[i] as number);
        else orders = extendAll(orders, permutations(byKey.slice(i, j)));
        i = j;
      }
      const next: number[] = [];
      for (const order of orders) {
        // Where each member goes, as a number in base m (see Symmetry.byCode).
        let k = 0;
        for (let j = 0; j < m; j++) k += j * m ** (order[j] as number);
        for (const c of codes) next.push(c + k * radix);
      }
      codes = next;
      radix *= m ** m;
    }
    enc.ren = undefined;
    const out: Renaming[] = [];
    for (const c of codes) out.push(sym.byCode.get(c) as Renaming);
    return out;
  }

  private cmpKeys(x: number, y: number): number {
    const at = this.keyAt;
    return compareAt(this.keyBuf, at[x] as number, at[x + 1] as number, at[y] as number, at[y + 1] as number);
  }

  private keyAt = new Int32Array(64);

  get bytes(): number {
    return this.shared.bytes + this.threads.bytes;
  }
}

/** Every order of `runs` appended to every order so far. */
function extendAll(orders: number[][], runs: number[][]): number[][] {
  const out: number[][] = [];
  for (const o of orders) for (const r of runs) out.push([...o, ...r]);
  return out;
}

/** Lexicographic comparison of buf[a0..a1) and buf[b0..b1). */
function compareAt(buf: Int32Array, a0: number, a1: number, b0: number, b1: number): number {
  const n = Math.min(a1 - a0, b1 - b0);
  for (let i = 0; i < n; i++) if (buf[a0 + i] !== buf[b0 + i]) return (buf[a0 + i] as number) - (buf[b0 + i] as number);
  return (a1 - a0) - (b1 - b0);
}

/** Lexicographic order of two word sequences (a shorter prefix first). */
function less(a: Int32Array, alen: number, b: Int32Array, blen: number): boolean {
  const n = Math.min(alen, blen);
  for (let i = 0; i < n; i++) if (a[i] !== b[i]) return (a[i] as number) < (b[i] as number);
  return alen < blen;
}

/**
 * A set of fixed-width tuples, each with a number (its entry) in insertion order; the caller keeps
 * per-entry values in its own typed arrays indexed by entry. Exact tuples are stored bit-packed:
 * each part takes as many bits as the largest number it has held so far (part numbers are dense and
 * most parts take few values: a thread is at one of a few hundred places), so a 7-thread state's
 * eight parts take 3 words instead of 8. A part number too wide for its field cannot be in the set;
 * adding it widens the field and repacks the stored tuples (a chunk at a time, a handful of times a
 * search). Hash compaction (`compact`) keeps a 64-bit fingerprint of each tuple instead of the tuple
 * (two independent 32-bit hashes): smaller, but two states with one fingerprint are taken for one
 * (see missProbability).
 */
export class TupleSet {
  /**
   * The stored words of entry e: chunk e >>> CHUNK_BITS, at (e & CHUNK_MASK) * stored. Chunks are
   * never copied when the set grows (a doubling array copied tens of megabytes each time).
   */
  private chunks: Int32Array<ArrayBuffer>[] = [];
  /**
   * Open addressing, two words a slot: the entry's hash and entry + 1 (0: free). The hash beside
   * the entry number lets a probe reject a slot without reading the entry's key elsewhere in
   * memory (on millions of states each of those reads is a cache miss).
   */
  private slots = new Int32Array(256);
  /** The stored words of the last tuple find() looked up (packed, or the fingerprint's second half). */
  private last: Int32Array;
  private lastHash = 0;
  /** The last tuple find() looked up has a part too wide for its field: insert() widens first. */
  private lastFits = true;
  private readonly lastTuple: Int32Array;
  /** Exact: bits of each part's field (every part number stored so far fits its field). */
  private readonly bits: Uint8Array;
  /** Words stored per entry: the packed tuple, or the fingerprint's second half. */
  private stored: number;
  size = 0;

  constructor(readonly width: number, readonly compact = false) {
    this.bits = new Uint8Array(width).fill(compact ? 0 : FIRST_BITS);
    this.stored = compact ? 1 : wordsFor(this.bits);
    this.last = new Int32Array(this.stored);
    this.lastTuple = new Int32Array(width);
  }

  /** The entry of `tuple`, or -1 (then `insert` adds this tuple). */
  find(tuple: Int32Array): number {
    let h = this.width;
    for (let p = 0; p < this.width; p++) h = mixWord(h, tuple[p] as number);
    h = finish(h) | 0;
    this.lastHash = h;
    let key: Int32Array;
    if (this.compact) key = this.fingerprint(tuple);
    else {
      key = this.last;
      this.lastFits = pack(tuple, this.bits, this.stored, key, 0);
      if (!this.lastFits) {
        // A part number wider than its field: no stored tuple has it.
        this.lastTuple.set(tuple.subarray(0, this.width));
        return -1;
      }
    }
    this.last = key;
    const slots = this.slots;
    const mask = slots.length - 2;
    for (let i = (h << 1) & mask; ; i = (i + 2) & mask) {
      const e = (slots[i + 1] as number) - 1;
      if (e < 0) return -1;
      if (slots[i] === h && this.same(e, key)) return e;
    }
  }

  /** The second 32 bits of the fingerprint: a hash with another seed and another finaliser order. */
  private fingerprint(tuple: Int32Array): Int32Array {
    let h = 0x9747b28c;
    for (let p = this.width - 1; p >= 0; p--) h = mixWord(h, (tuple[p] as number) ^ 0x5bd1e995);
    const out = this.scratch;
    out[0] = finish(h ^ this.width) | 0;
    return out;
  }

  private readonly scratch = new Int32Array(1);

  /**
   * Hash compaction only: the probability that some state was taken for another one stored before
   * (and so not explored): about n^2 / 2^65 for n states and 64-bit fingerprints.
   */
  missProbability(): number {
    if (!this.compact) return 0;
    // size * size / 2^65, scaled first (the same bits; see SharedStore.missProbability).
    const x = this.size * 2 ** -33;
    return Math.min(1, x * x * 2);
  }

  private same(e: number, key: Int32Array): boolean {
    const w = this.stored;
    const keys = this.chunks[e >>> CHUNK_BITS] as Int32Array;
    for (let p = 0, k = (e & CHUNK_MASK) * w; p < w; p++, k++) if (keys[k] !== key[p]) return false;
    return true;
  }

  /** Adds the tuple `find` just missed (it must not have changed since); returns its entry. */
  insert(): number {
    if (!this.lastFits) {
      this.widen(this.lastTuple);
      pack(this.lastTuple, this.bits, this.stored, this.last, 0);
      this.lastFits = true;
    }
    const e = this.size++;
    const w = this.stored;
    // The first chunk grows up to its full size (small sets stay small); later ones are made whole.
    const c = e >>> CHUNK_BITS;
    let keys = this.chunks[c];
    const need = ((e & CHUNK_MASK) + 1) * w;
    if (!keys || keys.length < need) {
      keys = this.chunks[c] = c > 0 ? new Int32Array((CHUNK_MASK + 1) * w) : grown(keys ?? new Int32Array(64 * w), need);
    }
    const last = this.last;
    for (let p = 0, k = (e & CHUNK_MASK) * w; p < w; p++, k++) keys[k] = last[p] as number;
    // At most three slots in four in use (slots hold two words each): a probe reads on along one
    // cache line, where the memory for emptier slots would count in every stored state.
    if (this.size * 8 > this.slots.length * 3) this.rehash();
    place(this.slots, this.lastHash, e);
    return e;
  }

  /**
   * Widens the fields `tuple` overflows (with room for four times the numbers, so that a part
   * growing through a search is repacked a few times only) and repacks every stored tuple, one
   * chunk at a time (the slots keep their hashes: those are of the tuple, not of its packing).
   */
  private widen(tuple: Int32Array): void {
    const old = this.bits.slice();
    for (let p = 0; p < this.width; p++) {
      const need = 32 - Math.clz32(tuple[p] as number);
      if (need > (this.bits[p] as number)) this.bits[p] = Math.min(32, need + 2);
    }
    const oldW = this.stored;
    const w = this.stored = wordsFor(this.bits);
    this.last = new Int32Array(w);
    const parts = new Int32Array(this.width);
    for (let c = 0; c < this.chunks.length; c++) {
      const from = this.chunks[c] as Int32Array<ArrayBuffer>;
      const n = Math.min(CHUNK_MASK + 1, this.size - c * (CHUNK_MASK + 1));
      const to = new Int32Array(c > 0 ? (CHUNK_MASK + 1) * w : Math.max(64, n) * w);
      for (let i = 0; i < n; i++) {
        unpack(from, i * oldW, old, parts);
        pack(parts, this.bits, w, to, i * w);
      }
      this.chunks[c] = to;
    }
  }

  private rehash(): void {
    const old = this.slots;
    const slots = new Int32Array(old.length * 2);
    for (let i = 0; i < old.length; i += 2) if (old[i + 1] !== 0) place(slots, old[i] as number, (old[i + 1] as number) - 1);
    this.slots = slots;
  }

  /** Words stored per entry (tests). */
  get wordsPerEntry(): number {
    return this.stored;
  }

  /** Bytes held by the set. */
  get bytes(): number {
    let n = this.slots.byteLength;
    for (const c of this.chunks) n += c.byteLength;
    return n;
  }
}

/** Bits of a part's field to start with (a set that sees wider numbers widens it). */
const FIRST_BITS = 8;

function wordsFor(bits: Uint8Array): number {
  let n = 0;
  for (const b of bits) n += b;
  return Math.max(1, Math.ceil(n / 32));
}

/**
 * Packs tuple's parts into out[at..at + words) (each in its field of `bits`, fields run on across words);
 * false when a part is too wide for its field (out is then not to be used).
 */
function pack(tuple: Int32Array, bits: Uint8Array, words: number, out: Int32Array, at: number): boolean {
  for (let k = 0; k < words; k++) out[at + k] = 0;
  let pos = 0;
  for (let p = 0; p < bits.length; p++) {
    const v = tuple[p] as number;
    const b = bits[p] as number;
    if (b < 32 && v >>> b !== 0) return false;
    const k = at + (pos >>> 5);
    const off = pos & 31;
    out[k] = (out[k] as number) | (v << off);
    if (off + b > 32) out[k + 1] = (out[k + 1] as number) | (v >>> (32 - off));
    pos += b;
  }
  return true;
}

/** The parts packed at keys[at..] with fields `bits`, into out. */
function unpack(keys: Int32Array, at: number, bits: Uint8Array, out: Int32Array): void {
  let pos = 0;
  for (let p = 0; p < bits.length; p++) {
    const b = bits[p] as number;
    const k = at + (pos >>> 5);
    const off = pos & 31;
    let v = (keys[k] as number) >>> off;
    if (off + b > 32) v |= (keys[k + 1] as number) << (32 - off);
    out[p] = b < 32 ? v & ((1 << b) - 1) : v | 0;
    pos += b;
  }
}

/** Entries per chunk of a TupleSet's stored words. */
const CHUNK_BITS = 16;
const CHUNK_MASK = (1 << CHUNK_BITS) - 1;

/** Puts entry e of hash h into the first free slot of its probe sequence (two words a slot). */
function place(slots: Int32Array, h: number, e: number): void {
  const mask = slots.length - 2;
  let i = (h << 1) & mask;
  while (slots[i + 1] !== 0) i = (i + 2) & mask;
  slots[i] = h;
  slots[i + 1] = e + 1;
}
