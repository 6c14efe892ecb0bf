// The SharedArrayBuffer heap: every shared word is read and written with Atomics only. Also the
// two internal spinlocks, the violation log (deduplicated by key like core's report()), and each
// thread's encoded stack, so any thread (and the controller) can see the whole core State.
import { ThreadState, Violation, ViolationKind } from '../core';
import {
  Layout, H_STEP_LOCK, H_LOG_LOCK, H_VIOL_COUNT, H_TEXT_USED, H_VIOL_DROPPED, MAX_VIOLATIONS, TEXT_UNITS, FAIL_UNITS,
  V_KIND, V_STEP, V_THREAD, V_LABEL, V_NWORKS, V_WORKS, V_TEXT, V_TEXT_LEN, V_MAX_WORKS, violationIdx,
  threadIdx, TH_VERSION, TH_LEN, TH_STACK, H_FRAME_IDS,
} from './layout';
import { LabelOrEnd, LabelTable, kindCode, kindOf } from './encoding';
import { encodeThread, FrameIds, StackReader } from './stackCodec';

/** The buffers a worker receives in workerData (SharedArrayBuffers are shared, not copied). */
export interface HeapBuffers { heap: SharedArrayBuffer; text: SharedArrayBuffer; control: SharedArrayBuffer }

export class Heap {
  readonly i32: Int32Array;
  readonly text: Uint16Array;
  readonly ctl: Int32Array;
  readonly frameIds = new FrameIds(() => Atomics.add(this.i32, H_FRAME_IDS, 1) + 1);

  constructor(readonly L: Layout, readonly buffers: HeapBuffers, readonly labels: LabelTable) {
    this.i32 = new Int32Array(buffers.heap);
    this.text = new Uint16Array(buffers.text);
    this.ctl = new Int32Array(buffers.control);
  }

  static allocate(L: Layout, labels: LabelTable): Heap {
    return new Heap(L, {
      heap: new SharedArrayBuffer(L.total * 4),
      text: new SharedArrayBuffer(L.textUnits * 2),
      control: new SharedArrayBuffer(L.controlWords * 4),
    }, labels);
  }

  ld(i: number): number { return Atomics.load(this.i32, i); }
  st(i: number, v: number): void { Atomics.store(this.i32, i, v); }
  /** Returns the value seen (the CAS succeeded when it equals `expect`). */
  cas(i: number, expect: number, v: number): number { return Atomics.compareExchange(this.i32, i, expect, v); }
  xchg(i: number, v: number): number { return Atomics.exchange(this.i32, i, v); }
  add(i: number, d: number): number { return Atomics.add(this.i32, i, d); }

  /**
   * The step lock: a free-running worker takes each atomic step under it, so a step's accesses, the
   * ghost bookkeeping that describes them and the checks after it are one indivisible step (the
   * model's atomicity), while the order of the steps is whatever the real threads race to.
   */
  lockStep(): void { this.spinLock(H_STEP_LOCK); }
  unlockStep(): void { Atomics.store(this.i32, H_STEP_LOCK, 0); }

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
      this.st(base + V_LABEL, this.labels.code(label));
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
    const l = this.labels.code(label);
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
    const label = this.labels.of(this.ld(b + V_LABEL)) as Violation['label'];
    return { kind: kindOf(this.ld(b + V_KIND)), message, step: this.ld(b + V_STEP), thread: this.ld(b + V_THREAD), label, works };
  }

  violations(): Violation[] {
    const out: Violation[] = [];
    for (let i = 0; i < this.violationCount(); i++) out.push(this.violation(i));
    return out;
  }

  /** Stores thread t's stack and bumps its version (readers re-read only what changed). */
  writeThread(t: number, th: ThreadState): void {
    const n = encodeThread(th, this.labels, this.frameIds, this.i32, threadIdx(this.L, t, TH_STACK));
    this.st(threadIdx(this.L, t, TH_LEN), n);
    this.add(threadIdx(this.L, t, TH_VERSION), 1);
  }

  /** Reads thread t's stack into `th` with `reader` (each view has its own: it keeps the frames it read). */
  readThread(t: number, reader: StackReader, th: ThreadState): void {
    reader.read(this.i32, threadIdx(this.L, t, TH_STACK), t, th);
  }

  threadVersion(t: number): number { return this.ld(threadIdx(this.L, t, TH_VERSION)); }
}
