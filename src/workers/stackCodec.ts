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
  private readonly live: Map<number, Frame>[] = [];
  constructor(private readonly fresh: () => number) {}

  idOf(f: Frame): number {
    let id = this.ids.get(f);
    if (id === undefined) { id = this.fresh(); this.ids.set(f, id); }
    return id;
  }

  /** Thread t's frames as read: the objects already known under their ids, updated; only they stay known. */
  adopt(t: number, read: readonly { id: number; frame: Frame }[]): Frame[] {
    const before = this.live[t] ?? new Map<number, Frame>();
    const now = new Map<number, Frame>();
    const out = read.map(({ id, frame }) => {
      const known = before.get(id);
      const f = known ? Object.assign(known, frame) : frame;
      if (!known) this.ids.set(f, id);
      now.set(id, f);
      return f;
    });
    this.live[t] = now;
    return out;
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

export function encodeThread(th: ThreadState, labels: LabelTable, ids: FrameIds): number[] {
  const w: number[] = [th.done ? 1 : 0, th.lastReturn === null ? 0 : 1, th.lastReturn ?? 0, th.frames.length];
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

function decodeFrame(r: Reader, labels: LabelTable): { id: number; frame: Frame } {
  const id = r.next();
  const kind = r.next() === 1 ? 'op' : 'code';
  const block = r.next(), pc = r.next(), cb = r.next(), op = opOf(r.next());
  const label = labels.of(r.next()) as Frame['label'];
  const task = r.next(), h = r.next(), work = r.next(), pprev = r.next(), next = r.next(), head = r.next(), ret = r.next();
  const locals = r.many(r.next());
  return { id, frame: { kind, block, pc, locals, cb, op, label, task, h, work, pprev, next, head, ret, m: decodeListing(r) } };
}

/** Thread t's ThreadState stored at `base` (a fresh object; its frames are the known ones, updated). */
export function decodeThread(words: Int32Array, base: number, labels: LabelTable, ids: FrameIds, t: number): ThreadState {
  const r = new Reader(words, base);
  const done = r.next() !== 0, hasRet = r.next() !== 0, ret = r.next(), n = r.next();
  const read: { id: number; frame: Frame }[] = [];
  for (let k = 0; k < n; k++) read.push(decodeFrame(r, labels));
  return { frames: ids.adopt(t, read), done, lastReturn: hasRet ? ret : null };
}
