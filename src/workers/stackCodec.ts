// A thread's stack as words of the shared heap: the .tw frames with their locals, and inside an
// API call's frame the listing's own call stack (listingCode.ts MThread) with its slots. Only the
// thread itself writes its stack; others read it while it is stopped (gated) or under the step lock.
import { Frame, ThreadState, MThread, MFrame } from '../core';
import { LabelTable, opCode, opOf } from './encoding';
import { STACK_WORDS } from './layout';

// The stack words are the thread's bookkeeping, not the model's shared memory: they are written
// and read with plain typed-array accesses. Every reader is ordered after the writer by an Atomics
// operation (the gate's handshake in gated mode, the step lock in free mode, the version bump
// either way), so the plain accesses never race; an Atomics.store per word cost most of a step.

/** Every frame carries an id in the heap (from a counter shared by all threads), given when first written. */
export class FrameIds {
  private readonly ids = new WeakMap<Frame, number>();
  constructor(private readonly fresh: () => number) {}

  idOf(f: Frame): number {
    let id = this.ids.get(f);
    if (id === undefined) { id = this.fresh(); this.ids.set(f, id); }
    return id;
  }

  /** A frame read under `id`: it keeps the id when written again (after a reload, by its own thread). */
  keep(f: Frame, id: number): void { this.ids.set(f, id); }
}

/** The words thread th's stack takes (its size is known before anything is written). Indexed loops: cheap in cold code too. */
function wordsOf(th: ThreadState): number {
  let n = 4;
  const frames = th.frames;
  for (let k = 0; k < frames.length; k++) {
    const f = frames[k] as Frame;
    n += 16 + f.locals.length;
    const m = f.m;
    if (!m) continue;
    n += 5;
    for (let j = 0; j < m.frames.length; j++) n += 4 + (m.frames[j] as MFrame).slots.length;
  }
  return n;
}

/**
 * Writes thread th's stack at a[base...]; returns the words written. A stack too deep for the
 * heap throws before anything is written.
 */
export function encodeThread(th: ThreadState, labels: LabelTable, ids: FrameIds, a: Int32Array, base: number): number {
  const n = wordsOf(th);
  if (n > STACK_WORDS) {
    throw new Error(`a thread's stack needs ${n} words, more than the worker backend's ${STACK_WORDS} (a callback recursing through task_work_run?)`);
  }
  let i = base;
  const frames = th.frames;
  a[i++] = th.done ? 1 : 0; a[i++] = th.lastReturn === null ? 0 : 1; a[i++] = th.lastReturn ?? 0; a[i++] = frames.length;
  for (let k = 0; k < frames.length; k++) {
    const f = frames[k] as Frame;
    a[i++] = ids.idOf(f); a[i++] = f.kind === 'op' ? 1 : 0; a[i++] = f.block; a[i++] = f.pc; a[i++] = f.cb; a[i++] = opCode(f.op);
    a[i++] = labels.code(f.label); a[i++] = f.task; a[i++] = f.h; a[i++] = f.work; a[i++] = f.pprev; a[i++] = f.next;
    a[i++] = f.head; a[i++] = f.ret;
    i = writeWords(a, i, f.locals);
    const m = f.m;
    if (!m) { a[i++] = 0; continue; }
    a[i++] = 1; a[i++] = f.wait ? 1 : 0; a[i++] = f.lock; a[i++] = m.done ? 1 : 0; a[i++] = m.ret; a[i++] = m.frames.length;
    for (let j = 0; j < m.frames.length; j++) {
      const x = m.frames[j] as MFrame;
      a[i++] = x.fn; a[i++] = x.pc; a[i++] = x.dst;
      i = writeWords(a, i, x.slots);
    }
  }
  return i - base;
}

/** Writes the length of `w`, then its words, at a[i...]; returns the index after them. */
function writeWords(a: Int32Array, i: number, w: readonly number[]): number {
  a[i++] = w.length;
  for (let k = 0; k < w.length; k++) a[i++] = w[k] as number;
  return i;
}

/** A frame object with every field, in one order (one hidden class for all decoded frames). */
function blankFrame(): Frame {
  return { kind: 'code', block: 0, pc: 0, locals: [], cb: 0, op: 'add', label: 'end' as Frame['label'], task: 0, h: 0, work: 0, pprev: 0, next: 0, head: 0, ret: 0, m: null, wait: false, lock: 0 };
}

/** Copies n words from a[i...] into `into` (resized in place). */
function readInto(into: number[], a: Int32Array, i: number, n: number): void {
  into.length = n;
  for (let k = 0; k < n; k++) into[k] = a[i + k] as number;
}

/**
 * Reads other threads' stacks into objects it keeps: a frame read under the same id at the same
 * depth as last time is the same object, updated in place (its arrays too), as the core's frames
 * are mutated in place; the debugger tells a newly entered call from one it already stood in by
 * frame identity. Nothing is allocated for a stack whose frames are all known.
 */
export class StackReader {
  /** Per thread, the frames of its last read by depth, and their ids. */
  private readonly frames: Frame[][] = [];
  private readonly ids: number[][] = [];
  private i = 0;
  private a: Int32Array = new Int32Array(0);

  constructor(private readonly labels: LabelTable, private readonly frameIds: FrameIds) {}

  /** Thread t's stack stored at a[base...], into `th` (updated in place). */
  read(a: Int32Array, base: number, t: number, th: ThreadState): void {
    this.a = a;
    this.i = base;
    const known = this.frames[t] ?? (this.frames[t] = []);
    const knownIds = this.ids[t] ?? (this.ids[t] = []);
    th.done = this.next() !== 0;
    const hasRet = this.next() !== 0, ret = this.next();
    th.lastReturn = hasRet ? ret : null;
    const n = this.next();
    const frames = th.frames;
    frames.length = n;
    for (let k = 0; k < n; k++) {
      const id = this.next();
      let f = known[k];
      if (!f || knownIds[k] !== id) { f = blankFrame(); known[k] = f; knownIds[k] = id; this.frameIds.keep(f, id); }
      this.frameInto(f);
      frames[k] = f;
    }
    known.length = n;
    knownIds.length = n;
  }

  private next(): number { return this.a[this.i++] as number; }

  private frameInto(f: Frame): void {
    f.kind = this.next() === 1 ? 'op' : 'code';
    f.block = this.next(); f.pc = this.next(); f.cb = this.next(); f.op = opOf(this.next());
    f.label = this.labels.of(this.next()) as Frame['label'];
    f.task = this.next(); f.h = this.next(); f.work = this.next(); f.pprev = this.next(); f.next = this.next(); f.head = this.next(); f.ret = this.next();
    const nl = this.next();
    readInto(f.locals, this.a, this.i, nl);
    this.i += nl;
    if (!this.next()) { f.m = null; f.wait = false; f.lock = 0; return; }
    f.wait = this.next() !== 0; f.lock = this.next();
    const m: MThread = f.m ?? { done: false, ret: 0, frames: [] }; // startCall's field order: one hidden class
    m.done = this.next() !== 0; m.ret = this.next();
    const n = this.next();
    const mf = m.frames;
    mf.length = n;
    for (let k = 0; k < n; k++) {
      const x: MFrame = mf[k] ?? { fn: 0, pc: 0, dst: 0, slots: [] }; // pushFrame's field order
      x.fn = this.next(); x.pc = this.next(); x.dst = this.next();
      const ns = this.next();
      readInto(x.slots, this.a, this.i, ns);
      this.i += ns;
      mf[k] = x;
    }
    f.m = m;
  }
}
