// The SharedArrayBuffer heap: every shared word is read and written with Atomics only. Also the
// two internal spinlocks, the violation log (deduplicated by key like core's report()), and the
// mirror of each thread's frame stack, so the controller can rebuild a core State.
import { Frame, Violation, ViolationKind } from '../core';
import {
  Layout, H_GHOST_LOCK, H_LOG_LOCK, H_VIOL_COUNT, H_TEXT_USED, H_VIOL_DROPPED, MAX_VIOLATIONS, TEXT_UNITS, FAIL_UNITS,
  V_KIND, V_STEP, V_THREAD, V_LABEL, V_NWORKS, V_WORKS, V_TEXT, V_TEXT_LEN, V_MAX_WORKS, violationIdx,
  MAX_DEPTH, TH_DEPTH, threadIdx, frameIdx, F_KIND, F_BLOCK, F_PC, F_CB, F_OP, F_LABEL, F_TASK,
  F_H, F_WORK, F_PPREV, F_NEXT, F_HEAD, F_RET, F_NLOCALS, F_LOCALS,
} from './layout';
import { LabelOrEnd, labelCode, labelOf, kindCode, kindOf, opCode, opOf } from './encoding';
import { StepLabel } from '../core';

/** The buffers a worker receives in workerData (SharedArrayBuffers are shared, not copied). */
export interface HeapBuffers { heap: SharedArrayBuffer; text: SharedArrayBuffer; control: SharedArrayBuffer }

export class Heap {
  readonly i32: Int32Array;
  readonly text: Uint16Array;
  readonly ctl: Int32Array;

  constructor(readonly L: Layout, readonly buffers: HeapBuffers) {
    this.i32 = new Int32Array(buffers.heap);
    this.text = new Uint16Array(buffers.text);
    this.ctl = new Int32Array(buffers.control);
  }

  static allocate(L: Layout): Heap {
    return new Heap(L, {
      heap: new SharedArrayBuffer(L.total * 4),
      text: new SharedArrayBuffer(L.textUnits * 2),
      control: new SharedArrayBuffer(L.controlWords * 4),
    });
  }

  ld(i: number): number { return Atomics.load(this.i32, i); }
  st(i: number, v: number): void { Atomics.store(this.i32, i, v); }
  /** Returns the value seen (the CAS succeeded when it equals `expect`). */
  cas(i: number, expect: number, v: number): number { return Atomics.compareExchange(this.i32, i, expect, v); }
  xchg(i: number, v: number): number { return Atomics.exchange(this.i32, i, v); }
  add(i: number, d: number): number { return Atomics.add(this.i32, i, d); }

  /** The ghost lock makes one shared access and the bookkeeping that describes it indivisible. */
  lockGhost(): void { this.spinLock(H_GHOST_LOCK); }
  unlockGhost(): void { Atomics.store(this.i32, H_GHOST_LOCK, 0); }

  private spinLock(i: number): void {
    while (Atomics.compareExchange(this.i32, i, 0, 1) !== 0) { /* spin: held for a few accesses only */ }
  }

  /** Appends a violation unless one with the same key (kind, label, works) is already logged. */
  report(kind: ViolationKind, message: string, step: number, thread: number, label: LabelOrEnd, works: readonly number[]): void {
    this.spinLock(H_LOG_LOCK);
    try {
      if (this.findViolation(kind, label, works) >= 0) return;
      const n = this.ld(H_VIOL_COUNT);
      if (n >= MAX_VIOLATIONS) { this.add(H_VIOL_DROPPED, 1); return; }
      const base = violationIdx(this.L, n);
      this.st(base + V_KIND, kindCode(kind));
      this.st(base + V_STEP, label === 'end' ? 0 : step);
      this.st(base + V_THREAD, thread);
      this.st(base + V_LABEL, labelCode(label));
      this.st(base + V_NWORKS, Math.min(works.length, V_MAX_WORKS));
      for (let i = 0; i < V_MAX_WORKS; i++) this.st(base + V_WORKS + i, works[i] ?? 0);
      const at = this.ld(H_TEXT_USED);
      const len = Math.min(message.length, TEXT_UNITS - at);
      for (let i = 0; i < len; i++) Atomics.store(this.text, at + i, message.charCodeAt(i));
      this.st(H_TEXT_USED, at + len);
      this.st(base + V_TEXT, at);
      this.st(base + V_TEXT_LEN, len);
      this.st(H_VIOL_COUNT, n + 1);
    } finally {
      Atomics.store(this.i32, H_LOG_LOCK, 0);
    }
  }

  private findViolation(kind: ViolationKind, label: LabelOrEnd, works: readonly number[]): number {
    const n = this.ld(H_VIOL_COUNT);
    const k = kindCode(kind);
    const l = labelCode(label);
    const nw = Math.min(works.length, V_MAX_WORKS);
    outer: for (let i = 0; i < n; i++) {
      const b = violationIdx(this.L, i);
      if (this.ld(b + V_KIND) !== k || this.ld(b + V_LABEL) !== l || this.ld(b + V_NWORKS) !== nw) continue;
      for (let w = 0; w < nw; w++) if (this.ld(b + V_WORKS + w) !== works[w]) continue outer;
      return i;
    }
    return -1;
  }

  violationCount(): number { return this.ld(H_VIOL_COUNT); }

  /** The message of the error thread t's worker died of (written before it marks its gate FAILED). */
  writeFailure(t: number, message: string): void {
    const base = TEXT_UNITS + t * FAIL_UNITS;
    const len = Math.min(message.length, FAIL_UNITS - 1);
    for (let i = 0; i < len; i++) Atomics.store(this.text, base + 1 + i, message.charCodeAt(i));
    Atomics.store(this.text, base, len);
  }

  readFailure(t: number): string {
    const base = TEXT_UNITS + t * FAIL_UNITS;
    let out = '';
    for (let i = 0; i < Atomics.load(this.text, base); i++) out += String.fromCharCode(Atomics.load(this.text, base + 1 + i));
    return out;
  }

  violation(i: number): Violation {
    const b = violationIdx(this.L, i);
    const works: number[] = [];
    for (let w = 0; w < this.ld(b + V_NWORKS); w++) works.push(this.ld(b + V_WORKS + w));
    const at = this.ld(b + V_TEXT);
    const len = this.ld(b + V_TEXT_LEN);
    let message = '';
    for (let c = 0; c < len; c++) message += String.fromCharCode(Atomics.load(this.text, at + c));
    const label = labelOf(this.ld(b + V_LABEL));
    return { kind: kindOf(this.ld(b + V_KIND)), message, step: this.ld(b + V_STEP), thread: this.ld(b + V_THREAD), label, works };
  }

  violations(): Violation[] {
    const out: Violation[] = [];
    for (let i = 0; i < this.violationCount(); i++) out.push(this.violation(i));
    return out;
  }

  /** Mirrors thread t's frame stack into the heap (only t writes it; others read it while t is stopped). */
  writeStack(t: number, frames: readonly Frame[]): void {
    if (frames.length > MAX_DEPTH) {
      throw new Error(`thread ${t}: ${frames.length} nested frames, more than the worker backend's ${MAX_DEPTH} (a callback recursing through task_work_run?)`);
    }
    this.st(threadIdx(this.L, t, TH_DEPTH), frames.length);
    frames.forEach((f, d) => this.writeFrame(frameIdx(this.L, t, d), f));
  }

  private writeFrame(b: number, f: Frame): void {
    const a = this.i32;
    Atomics.store(a, b + F_KIND, f.kind === 'op' ? 1 : 0);
    Atomics.store(a, b + F_BLOCK, f.block); Atomics.store(a, b + F_PC, f.pc); Atomics.store(a, b + F_CB, f.cb);
    Atomics.store(a, b + F_OP, opCode(f.op));
    Atomics.store(a, b + F_LABEL, labelCode(f.label)); Atomics.store(a, b + F_TASK, f.task);
    Atomics.store(a, b + F_H, f.h); Atomics.store(a, b + F_WORK, f.work); Atomics.store(a, b + F_PPREV, f.pprev);
    Atomics.store(a, b + F_NEXT, f.next); Atomics.store(a, b + F_HEAD, f.head); Atomics.store(a, b + F_RET, f.ret);
    Atomics.store(a, b + F_NLOCALS, f.locals.length);
    for (let i = 0; i < f.locals.length; i++) Atomics.store(a, b + F_LOCALS + i, f.locals[i] ?? 0);
  }

  readStack(t: number): Frame[] {
    const out: Frame[] = [];
    const depth = this.ld(threadIdx(this.L, t, TH_DEPTH));
    for (let d = 0; d < depth; d++) out.push(this.readFrame(frameIdx(this.L, t, d)));
    return out;
  }

  private readFrame(b: number): Frame {
    const g = (i: number): number => this.ld(b + i);
    const locals: number[] = [];
    for (let i = 0; i < g(F_NLOCALS); i++) locals.push(g(F_LOCALS + i));
    const label = labelOf(g(F_LABEL));
    if (label === 'end') throw new Error('corrupt heap: a frame at label end');
    return {
      kind: g(F_KIND) === 1 ? 'op' : 'code', block: g(F_BLOCK), pc: g(F_PC), locals, cb: g(F_CB),
      op: opOf(g(F_OP)), label: label as StepLabel, task: g(F_TASK), h: g(F_H), work: g(F_WORK), pprev: g(F_PPREV),
      next: g(F_NEXT), head: g(F_HEAD), ret: g(F_RET), m: null,
    };
  }
}
