// A thread's stack as words of the shared heap: the .tw frames with their locals, and inside an
// API call's frame the listing's own call stack (listingCode.ts MThread) with its slots. Only the
// thread itself writes its stack; others read it while it is stopped (gated) or under the step lock.
import { Frame, ThreadState, MThread } from '../core';
import { LabelTable, opCode, opOf } from './encoding';
import { STACK_WORDS } from './layout';

/**
 * Every frame carries an id in the heap, so a frame read back is the same object as before (updated
 * in place) for as long as it lives: the debugger tells a newly entered call from one it already
 * stood in by frame identity, as with the core engine, whose frames are mutated in place.
 */
export class FrameIds {
  private readonly ids = new WeakMap<Frame, number>();
  /** Per thread, the frames of its last read by id, and a spare map the next read fills (swapped, not rebuilt). */
  private readonly live: Map<number, Frame>[] = [];
  private readonly spare: Map<number, Frame>[] = [];
  constructor(private readonly fresh: () => number) {}

  idOf(f: Frame): number {
    let id = this.ids.get(f);
    if (id === undefined) { id = this.fresh(); this.ids.set(f, id); }
    return id;
  }

  /** The frame of thread t read last time under `id`, to be updated in place. */
  known(t: number, id: number): Frame | undefined { return this.live[t]?.get(id); }

  /** Starts a read of thread t's frames. */
  begin(t: number): void {
    const m = this.spare[t];
    if (m) m.clear(); else this.spare[t] = new Map();
  }

  /** Frame f was read under `id`: it stays known for the next read. */
  keep(t: number, id: number, f: Frame): void {
    this.ids.set(f, id);
    this.spare[t]?.set(id, f);
  }

  /** Ends the read: only the frames kept by it stay known. */
  end(t: number): void {
    const read = this.spare[t] ?? new Map<number, Frame>();
    this.spare[t] = this.live[t] ?? new Map<number, Frame>();
    this.live[t] = read;
  }
}

/** Appends words to a plain array, then the whole array is stored at once. */
function encodeFrame(w: number[], f: Frame, labels: LabelTable, ids: FrameIds): void {
  w.push(ids.idOf(f), f.kind === 'op' ? 1 : 0, f.block, f.pc, f.cb, opCode(f.op), labels.code(f.label), f.task,
    f.h, f.work, f.pprev, f.next, f.head, f.ret, f.locals.length);
  for (const v of f.locals) w.push(v);
  const m = f.m;
  if (!m) { w.push(0); return; }
  w.push(1, m.done ? 1 : 0, m.ret, m.frames.length);
  for (const x of m.frames) {
    w.push(x.fn, x.pc, x.dst, x.slots.length);
    for (const v of x.slots) w.push(v);
  }
}

/** The words of thread th's stack, into `w` (emptied first: the caller reuses one array for every write). */
export function encodeThread(th: ThreadState, labels: LabelTable, ids: FrameIds, w: number[] = []): number[] {
  w.length = 0;
  w.push(th.done ? 1 : 0, th.lastReturn === null ? 0 : 1, th.lastReturn ?? 0, th.frames.length);
  for (const f of th.frames) encodeFrame(w, f, labels, ids);
  if (w.length > STACK_WORDS) {
    throw new Error(`a thread's stack needs ${w.length} words, more than the worker backend's ${STACK_WORDS} (a callback recursing through task_work_run?)`);
  }
  return w;
}

/** Reads words back in order. */
class Reader {
  private i = 0;
  constructor(private readonly w: Int32Array, private readonly base: number) {}
  next(): number { return Atomics.load(this.w, this.base + this.i++); }
  many(n: number): number[] { const out: number[] = []; for (let k = 0; k < n; k++) out.push(this.next()); return out; }
}

function decodeListing(r: Reader): MThread | null {
  if (!r.next()) return null;
  const done = r.next() !== 0, ret = r.next(), n = r.next();
  const frames: MThread['frames'] = [];
  for (let k = 0; k < n; k++) {
    const fn = r.next(), pc = r.next(), dst = r.next();
    frames.push({ fn, pc, slots: r.many(r.next()), dst });
  }
  return { frames, done, ret };
}

/** A frame object with every field, in one order (one hidden class for all decoded frames). */
function blankFrame(): Frame {
  return { kind: 'code', block: 0, pc: 0, locals: [], cb: 0, op: 'add', label: 'end' as Frame['label'], task: 0, h: 0, work: 0, pprev: 0, next: 0, head: 0, ret: 0, m: null };
}

/** Reads one frame into the object already known under its id (updated in place, as the core's are), or a new one. */
function decodeFrame(r: Reader, labels: LabelTable, ids: FrameIds, t: number): Frame {
  const id = r.next();
  const f = ids.known(t, id) ?? blankFrame();
  f.kind = r.next() === 1 ? 'op' : 'code';
  f.block = r.next(); f.pc = r.next(); f.cb = r.next(); f.op = opOf(r.next());
  f.label = labels.of(r.next()) as Frame['label'];
  f.task = r.next(); f.h = r.next(); f.work = r.next(); f.pprev = r.next(); f.next = r.next(); f.head = r.next(); f.ret = r.next();
  f.locals = r.many(r.next());
  f.m = decodeListing(r);
  ids.keep(t, id, f);
  return f;
}

/** Thread t's ThreadState stored at `base` (a fresh object; its frames are the known ones, updated). */
export function decodeThread(words: Int32Array, base: number, labels: LabelTable, ids: FrameIds, t: number): ThreadState {
  const r = new Reader(words, base);
  const done = r.next() !== 0, hasRet = r.next() !== 0, ret = r.next(), n = r.next();
  const frames: Frame[] = [];
  ids.begin(t);
  for (let k = 0; k < n; k++) frames.push(decodeFrame(r, labels, ids, t));
  ids.end(t);
  return { frames, done, lastReturn: hasRet ? ret : null };
}
