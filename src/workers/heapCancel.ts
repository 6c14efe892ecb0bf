// task_work_cancel_match and its wrappers over the shared heap (core: opCancel.ts): walk under a
// real pi_lock spinlock and unlink with Atomics.compareExchange on *pprev. Unlike the core, which
// treats cancel.cas as one atomic step, the read of work->next and the CAS are two accesses here,
// as in the kernel: stress runs test whether that atomicity assumption of the model matters.
import { Instr, Frame, StepOut, StepLabel, NULL, funcValue, finishOp } from '../core';
import { HCtx, heapTouch, ghostEnter, ghostExit } from './heapCtx';
import { heapEval } from './heapExpr';
import { heapOnCancelled, heapCheckCycle } from './heapGhost';
import { taskIdx, cellIdx, TK_HEAD, TK_LOCK, CL_NEXT, CL_FUNC } from './layout';

export type CancelInstr = Extract<Instr, { op: 'cancel_func' | 'cancel' | 'cancel_match' }>;

/** Index of the word pprev designates (&task->task_works or &work->next), or -1 for no cell. */
function pprevWord(hc: HCtx, t: number, label: StepLabel, pprev: number, access: string): number {
  if (pprev < 0) return taskIdx(hc.L, -pprev - 1, TK_HEAD);
  const slot = heapTouch(hc, t, label, pprev, access);
  return slot >= 0 ? cellIdx(hc.L, slot, CL_NEXT) : -1;
}

function loadPprev(hc: HCtx, t: number, label: StepLabel, pprev: number): number {
  ghostEnter(hc);
  const w = pprevWord(hc, t, label, pprev, 'read next');
  const v = w >= 0 ? hc.heap.ld(w) : NULL;
  ghostExit(hc);
  return v;
}

function result(instr: CancelInstr, work: number): number {
  return instr.op === 'cancel' ? (work !== NULL ? 1 : 0) : work;
}

function matches(hc: HCtx, t: number, f: Frame, instr: CancelInstr): boolean {
  if (instr.op === 'cancel') return f.work === f.h;
  ghostEnter(hc);
  try {
    const slot = heapTouch(hc, t, 'cancel.match', f.work, 'read func');
    if (instr.op === 'cancel_func') return (slot >= 0 ? hc.heap.ld(cellIdx(hc.L, slot, CL_FUNC)) : NULL) === funcValue(instr.func);
    return heapEval(hc, instr.pred, undefined, f.work) !== 0;
  } finally {
    ghostExit(hc);
  }
}

function examine(hc: HCtx, f: Frame, instr: CancelInstr, out: StepOut): void {
  if (f.work !== NULL) f.label = 'cancel.match';
  else leave(hc, f, instr, out, NULL);
}

function leave(hc: HCtx, f: Frame, instr: CancelInstr, out: StepOut, ret: number): void {
  f.ret = ret;
  if (hc.variant.cancelLocks) f.label = 'cancel.unlock';
  else finishOp(out, result(instr, ret));
}

/** Returns false when the step could not be taken (pi_lock held by another thread): nothing changed. */
export function heapStepCancel(hc: HCtx, t: number, f: Frame, instr: CancelInstr, out: StepOut): boolean {
  if (f.task < 0 || f.task >= hc.program.tasks.length) { finishOp(out, NULL); return true; }
  const h = hc.heap;
  switch (f.label) {
    case 'cancel.peek':
      out.value = h.ld(taskIdx(hc.L, f.task, TK_HEAD));
      if (out.value === NULL) { finishOp(out, result(instr, NULL)); return true; }
      f.label = hc.variant.cancelLocks ? 'cancel.lock' : 'cancel.load';
      return true;
    case 'cancel.lock':
      if (h.cas(taskIdx(hc.L, f.task, TK_LOCK), -1, t) !== -1) return false; // raw_spin_lock: spin
      f.label = 'cancel.load';
      return true;
    case 'cancel.load':
      f.pprev = -f.task - 1;
      f.work = h.ld(taskIdx(hc.L, f.task, TK_HEAD));
      out.value = f.work;
      examine(hc, f, instr, out);
      return true;
    case 'cancel.match':
      out.ok = matches(hc, t, f, instr) ? 1 : 0;
      out.value = f.work;
      if (out.ok) f.next = readNext(hc, t, f.work); // the CAS's new value, read before it (core: opCancel.ts)
      f.label = out.ok ? 'cancel.cas' : 'cancel.step';
      return true;
    case 'cancel.step':
      f.pprev = f.work;
      f.work = loadPprev(hc, t, 'cancel.step', f.pprev);
      out.value = f.work;
      examine(hc, f, instr, out);
      return true;
    case 'cancel.cas':
      casUnlink(hc, t, f, instr, out);
      return true;
    case 'cancel.unlock':
      h.cas(taskIdx(hc.L, f.task, TK_LOCK), t, -1);
      out.value = f.ret;
      finishOp(out, result(instr, f.ret));
      return true;
    default:
      finishOp(out, NULL);
      return true;
  }
}

/** try_cmpxchg(pprev, &work, work->next): success unlinks; failure re-examines the value seen. */
function readNext(hc: HCtx, t: number, work: number): number {
  ghostEnter(hc);
  const slot = heapTouch(hc, t, 'cancel.match', work, 'read next');
  const next = slot >= 0 ? hc.heap.ld(cellIdx(hc.L, slot, CL_NEXT)) : NULL;
  ghostExit(hc);
  return next;
}

function casUnlink(hc: HCtx, t: number, f: Frame, instr: CancelInstr, out: StepOut): void {
  const next = f.next;
  ghostEnter(hc);
  const word = pprevWord(hc, t, 'cancel.cas', f.pprev, 'read next');
  const seen = word >= 0 ? hc.heap.cas(word, f.work, next) : NULL;
  const ok = word >= 0 && seen === f.work;
  if (ok) {
    if (f.pprev >= 0) heapTouch(hc, t, 'cancel.cas', f.pprev, 'CAS');
    heapOnCancelled(hc, f.work);
    heapCheckCycle(hc, t, 'cancel.cas', f.task);
  }
  ghostExit(hc);
  if (ok) {
    out.ok = 1;
    out.value = next;
    return leave(hc, f, instr, out, f.work);
  }
  out.ok = 0;
  out.value = seen;
  if (!hc.variant.cancelRetries) return leave(hc, f, instr, out, NULL);
  f.work = seen;
  examine(hc, f, instr, out);
}
