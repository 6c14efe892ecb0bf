// Canonical encoding of a machine state for the stateful search's visited set: every thread's
// frames (pcs, labels, locals, the op's C locals), the heap cells, the tasks, the works' ghost
// counters. Left out on purpose: the step counter (the search tracks depth itself) and the
// violations already reported (they change no future step, only which duplicate gets suppressed).
// States are encoded as integers into a reused buffer and hashed; a table confirms equal hashes
// by comparing the integers, so no long string is built or hashed per state.
import { State, WorkLife } from '../core';

/** A work's life as a number (shared with the outcome keys of search.ts). */
export const LIFE_CODE: Record<WorkLife, number> = { unallocated: 0, idle: 1, pending: 2, detached: 3, running: 4, ran: 5, cancelled: 6, freed: 7 };
/** Step labels and op kinds as small integers, assigned on first sight (only compared within a process). */
const names = new Map<string, number>();
function code(name: string): number {
  let c = names.get(name);
  if (c === undefined) { c = names.size; names.set(name, c); }
  return c;
}

export class StateEncoder {
  buf = new Int32Array(256);
  len = 0;

  private put(x: number): void {
    if (this.len === this.buf.length) {
      const b = new Int32Array(this.buf.length * 2);
      b.set(this.buf);
      this.buf = b;
    }
    this.buf[this.len++] = x;
  }

  /** Encodes s (and an extra tag, e.g. the last thread) into buf[0..len). */
  encode(s: State, tag = 0): void {
    this.len = 0;
    this.put(s.finished ? 1 : 0);
    this.put(tag);
    for (const t of s.tasks) {
      this.put(t.taskWorks);
      this.put(t.lockHolder);
      this.put((t.exiting ? 1 : 0) | (t.notifyResume ? 2 : 0) | (t.notifySignal ? 4 : 0) | (t.exited ? 8 : 0));
    }
    for (const c of s.cells) { this.put(c.work); this.put(c.last); this.put(c.next); this.put(c.func); }
    for (const g of s.works) {
      this.put(LIFE_CODE[g.life]); this.put(g.adds); this.put(g.runs); this.put(g.cancels);
      this.put(g.cancelledSinceAdd ? 1 : 0); this.put(g.task);
    }
    for (const th of s.threads) {
      this.put(th.done ? 1 : 0);
      this.put(th.lastReturn === null ? -0x7fffffff : th.lastReturn);
      this.put(th.frames.length);
      for (const f of th.frames) {
        if (f.kind === 'code') {
          this.put(-1); this.put(f.block); this.put(f.pc); this.put(f.cb); this.put(f.locals.length);
          for (const x of f.locals) this.put(x);
        } else {
          this.put(code(f.op)); this.put(code(f.label)); this.put(f.task); this.put(f.h); this.put(f.work);
          this.put(f.pprev); this.put(f.next); this.put(f.head); this.put(f.ret);
          if (!f.m) this.put(-1);
          else { // a listing's call stack: where each function is and its locals
            this.put(f.m.done ? -2 : f.m.frames.length);
            for (const x of f.m.frames) { this.put(x.fn); this.put(x.pc); this.put(x.dst); for (const v of x.slots) this.put(v); }
          }
        }
      }
    }
  }

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
