// Canonical encoding of a machine state for the stateful search's visited set: every thread's
// frames (pcs, labels, locals, the op's C locals), the heap cells, the tasks, the works' ghost
// counters. Left out on purpose: the step counter (the search tracks depth itself) and the
// violations already reported (they change no future step, only which duplicate gets suppressed).
// States are encoded as integers into a reused buffer and hashed; a table confirms equal hashes
// by comparing the integers, so no long string is built or hashed per state.
import { Cell, Frame, State, ThreadState, WorkGhost, WorkLife } from '../core';
import { Renaming, renameAddress } from './symmetry';

/** A work's life as a number (shared with the outcome keys of search.ts). */
export const LIFE_CODE: Record<WorkLife, number> = { unallocated: 0, idle: 1, pending: 2, detached: 3, running: 4, ran: 5, cancelled: 6, freed: 7 };
/**
 * Step labels and op kinds as numbers that every thread and process computes alike (a hash of the
 * name), so that worker threads sharing one visited set of fingerprints agree on every encoding.
 * Two names of one hash would make two states look equal: that is checked, never silent.
 */
const names = new Map<string, number>();
const byCode = new Map<number, string>();
function code(name: string): number {
  let c = names.get(name);
  if (c !== undefined) return c;
  let h = 0x811c9dc5;
  for (let i = 0; i < name.length; i++) h = Math.imul(h ^ name.charCodeAt(i), 16777619);
  c = (h >>> 2) + 2; // non-negative and apart from the -1/-2 markers of the encoding
  const other = byCode.get(c);
  if (other !== undefined && other !== name) throw new Error(`stateKey: the names '${other}' and '${name}' hash alike`);
  names.set(name, c);
  byCode.set(c, name);
  return c;
}

export class StateEncoder {
  buf = new Int32Array(256);
  len = 0;

  private put(x: number): void {
    if (this.len === this.buf.length) this.reserve(1);
    this.buf[this.len++] = x;
  }

  /** Room for n more words: the hot encoders reserve once and then write without checks. */
  private reserve(n: number): Int32Array {
    if (this.len + n > this.buf.length) {
      const b = new Int32Array(Math.max(this.buf.length * 2, this.len + n));
      b.set(this.buf);
      this.buf = b;
    }
    return this.buf;
  }

  /**
   * Where each part of the encoding ends: part 0 is the shared memory (tasks, heap, ghosts, the
   * tag), part i + 1 is thread i. The compact visited set interns the parts separately.
   */
  ends: number[] = [];

  /** Encodes s (and an extra tag, e.g. the last thread) into buf[0..len). */
  encode(s: State, tag = 0): void {
    this.len = 0;
    this.ends.length = 0;
    this.shared(s, tag);
    this.ends.push(this.len);
    const r = this.ren;
    for (let p = 0; p < s.threads.length; p++) {
      this.thread(s.threads[r ? r.threadAt[p] as number : p] as ThreadState);
      this.ends.push(this.len);
    }
  }

  /** Only the shared part, into buf[0..len). */
  encodeShared(s: State, tag: number): void {
    this.len = 0;
    this.shared(s, tag);
  }

  /** Only thread th's part, into buf[0..len). */
  encodeThread(th: ThreadState): void {
    this.len = 0;
    this.thread(th);
  }

  /**
   * Thread t and the works it owns (ghost and heap cell), through the current renaming, into
   * buf[0..len): what a symmetry compares alike threads by (symmetry.ts, keys).
   */
  encodeOwned(s: State, t: number, works: readonly number[], slots: readonly number[]): void {
    this.len = 0;
    const r = this.ren;
    const th = s.threads[t];
    if (th) this.thread(th);
    for (const w of works) {
      const g = s.works[w];
      if (g) { this.put(LIFE_CODE[g.life]); this.put(g.adds); this.put(g.runs); this.put(g.cancels); this.put(g.cancelledSinceAdd ? 1 : 0); }
    }
    for (const slot of slots) {
      const c = s.cells[slot];
      if (!c) continue;
      this.put(r && c.work >= 0 ? r.work[c.work] as number : c.work);
      this.put(r && c.last >= 0 ? r.work[c.last] as number : c.last);
      this.put(this.addr(c.next)); this.put(c.func); this.put(this.addr(c.pprev));
    }
  }

  private shared(s: State, tag: number): void {
    const r = this.ren;
    if (r) return this.sharedRenamed(s, tag, r);
    // No renaming (every state without a symmetry): one reservation, then plain writes.
    const b = this.reserve(2 + s.tasks.length * 3 + s.cpus.length + s.cells.length * 5 + s.works.length * 6);
    let i = this.len;
    b[i++] = s.finished ? 1 : 0;
    b[i++] = tag;
    for (const t of s.tasks) {
      b[i++] = t.taskWorks;
      b[i++] = t.lockHolder;
      b[i++] = (t.exiting ? 1 : 0) | (t.notifyResume ? 2 : 0) | (t.notifySignal ? 4 : 0) | (t.exited ? 8 : 0);
    }
    for (const c of s.cpus) b[i++] = c;
    for (const c of s.cells) { b[i++] = c.work; b[i++] = c.last; b[i++] = c.next; b[i++] = c.func; b[i++] = c.pprev; }
    for (const g of s.works) {
      b[i++] = LIFE_CODE[g.life]; b[i++] = g.adds; b[i++] = g.runs; b[i++] = g.cancels;
      b[i++] = g.cancelledSinceAdd ? 1 : 0; b[i++] = g.task;
    }
    this.len = i;
  }

  /** The shared part through a symmetry's renaming (same words as shared() when r is the identity). */
  private sharedRenamed(s: State, tag: number, r: Renaming): void {
    this.put(s.finished ? 1 : 0);
    this.put(tag);
    for (const t of s.tasks) {
      this.put(this.addr(t.taskWorks));
      this.put(t.lockHolder >= 0 && t.lockHolder < r.thread.length ? r.thread[t.lockHolder] as number : t.lockHolder);
      this.put((t.exiting ? 1 : 0) | (t.notifyResume ? 2 : 0) | (t.notifySignal ? 4 : 0) | (t.exited ? 8 : 0));
    }
    for (const c of s.cpus) this.put(c);
    for (let p = 0; p < s.cells.length; p++) {
      const c = s.cells[r.slotAt[p] as number] as Cell;
      this.put(c.work >= 0 ? r.work[c.work] as number : c.work);
      this.put(c.last >= 0 ? r.work[c.last] as number : c.last);
      this.put(this.addr(c.next)); this.put(c.func); this.put(this.addr(c.pprev));
    }
    for (let p = 0; p < s.works.length; p++) {
      const g = s.works[r.workAt[p] as number] as WorkGhost;
      this.put(LIFE_CODE[g.life]); this.put(g.adds); this.put(g.runs); this.put(g.cancels);
      this.put(g.cancelledSinceAdd ? 1 : 0); this.put(g.task);
    }
  }

  private thread(th: ThreadState): void {
    this.put(th.done ? 1 : 0);
    this.put(th.lastReturn === null ? -0x7fffffff : this.addr(th.lastReturn));
    this.put(th.frames.length);
    for (const f of th.frames) this.frame(f);
  }

  /**
   * One frame, whatever its kind: the one place that says which fields of a frame are state, and
   * which of them hold addresses (renamed under a symmetry).
   */
  private frame(f: Frame): void {
    const r = this.ren;
    if (!r) return this.framePlain(f);
    if (f.kind === 'code') {
      this.put(-1); this.put(r ? r.block[f.block] as number : f.block); this.put(f.pc); this.put(this.addr(f.cb)); this.put(f.locals.length);
      const works = r ? this.workLocals[f.block] : undefined;
      for (let i = 0; i < f.locals.length; i++) {
        const x = f.locals[i] as number;
        this.put(works?.[i] ? this.addr(x) : x);
      }
    } else {
      this.put(code(f.op)); this.put(code(f.label)); this.put(f.task); this.put(this.addr(f.h)); this.put(this.addr(f.work));
      if (!f.m) {
        this.put(f.pprev > 0 ? this.addr(f.pprev) : f.pprev); this.put(this.addr(f.next)); this.put(this.addr(f.head)); this.put(this.addr(f.ret));
        this.put(-1);
      } else {
        // A listing's call stack: where each function is and its locals. The built-in steps' C locals
        // (pprev, next, head, ret) stay 0 under a listing, and a frame's dst follows from the call
        // its caller is at: both left out. The slots up to the last nonzero one, after their count
        // (a function has a fixed number of slots, so the zeros after it are implied): the dead
        // temporaries at the end are zero (deadTemps.ts). A short key is cheaper to hash and keep.
        // Under a symmetry, the slots the listing declares as pointers are renamed with the heap
        // (a renamed 0 is 0, so the trimming holds).
        this.put(f.m.done ? -2 : f.m.frames.length);
        for (const x of f.m.frames) {
          this.put(x.fn); this.put(x.pc);
          const s = x.slots;
          let n = s.length;
          while (n > 0 && s[n - 1] === 0) n--;
          this.put(n);
          const ptrs = r ? this.listingLocals[x.fn] : undefined;
          for (let i = 0; i < n; i++) { const v = s[i] as number; this.put(ptrs?.[i] ? this.addr(v) : v); }
        }
      }
    }
  }

  /** frame() without a renaming: one reservation, then plain writes (the hot path of every search). */
  private framePlain(f: Frame): void {
    let i = this.len;
    if (f.kind === 'code') {
      const n = f.locals.length;
      const b = this.reserve(5 + n);
      b[i++] = -1; b[i++] = f.block; b[i++] = f.pc; b[i++] = f.cb; b[i++] = n;
      for (let k = 0; k < n; k++) b[i++] = f.locals[k] as number;
      this.len = i;
      return;
    }
    // The same words as frame() without a renaming (see there for what is left out and why).
    const b = this.reserve(10);
    b[i++] = code(f.op); b[i++] = code(f.label); b[i++] = f.task; b[i++] = f.h; b[i++] = f.work;
    const m = f.m;
    if (!m) {
      b[i++] = f.pprev; b[i++] = f.next; b[i++] = f.head; b[i++] = f.ret; b[i++] = -1;
      this.len = i;
      return;
    }
    b[i++] = m.done ? -2 : m.frames.length;
    this.len = i;
    for (const x of m.frames) {
      const s = x.slots;
      let n = s.length;
      while (n > 0 && s[n - 1] === 0) n--;
      const c = this.reserve(3 + n);
      c[i++] = x.fn; c[i++] = x.pc; c[i++] = n;
      for (let k = 0; k < n; k++) c[i++] = s[k] as number;
      this.len = i;
    }
  }

  /** An address as the current renaming sees it (no renaming: unchanged). */
  private addr(x: number): number {
    return this.ren ? renameAddress(this.ren, x) : x;
  }

  /** A symmetry element to encode states through (undefined: as they are), and which locals hold works. */
  ren: Renaming | undefined;
  workLocals: boolean[][] = [];
  /** Per listing function, which slots hold pointers (Symmetry.listingLocals). */
  listingLocals: boolean[][] = [];

  hash(): number {
    let h = 0x811c9dc5;
    for (let i = 0; i < this.len; i++) h = Math.imul(h ^ (this.buf[i] ?? 0), 16777619);
    return h;
  }
}

interface Entry<V> { key: Int32Array; value: V }

/** A map from encoded states to values; keys are the encoder's current contents. */
export class StateTable<V> {
  private readonly buckets = new Map<number, Entry<V>[]>();
  size = 0;

  constructor(readonly enc: StateEncoder) {}

  private find(list: Entry<V>[] | undefined): Entry<V> | undefined {
    if (!list) return undefined;
    const { buf, len } = this.enc;
    outer: for (const e of list) {
      if (e.key.length !== len) continue;
      for (let i = 0; i < len; i++) if (e.key[i] !== buf[i]) continue outer;
      return e;
    }
    return undefined;
  }

  /** The value stored for the encoder's current state. */
  get(h: number): V | undefined {
    return this.find(this.buckets.get(h))?.value;
  }

  set(h: number, value: V): void {
    const list = this.buckets.get(h);
    const e = this.find(list);
    if (e) { e.value = value; return; }
    const entry = { key: this.enc.buf.slice(0, this.enc.len), value };
    if (list) list.push(entry);
    else this.buckets.set(h, [entry]);
    this.size++;
  }
}

/** The encoding as a string, for tests and one-off comparisons. */
export function stateKey(s: State): string {
  const e = new StateEncoder();
  e.encode(s);
  return Array.from(e.buf.subarray(0, e.len)).join(',');
}
