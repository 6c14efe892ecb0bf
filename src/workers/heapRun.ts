// task_work_run, do_exit and resume_user_mode_work over the shared heap (core: opRun.ts). The
// detach is a real compareExchange / exchange / store on task_works; run.lock spins on pi_lock.
import { Frame, StepOut, StepLabel, NULL, WORK_EXITED, funcOfValue, finishOp, threadName, taskName } from '../core';
import { HCtx, heapTouch, heapReport, ghostEnter, ghostExit } from './heapCtx';
import { heapOnDetached, heapOnCalled, heapOnReturned } from './heapGhost';
import { taskIdx, cellIdx, TK_HEAD, TK_LOCK, TK_EXITING, TK_RESUME, TK_EXITED, CL_NEXT, CL_FUNC } from './layout';

function detachLabel(hc: HCtx): StepLabel {
  const d = hc.variant.detach;
  return d === 'cas' ? 'run.cas' : d === 'xchg' ? 'run.xchg' : 'run.store';
}

function batchStart(hc: HCtx): StepLabel { return hc.variant.nextBeforeCall ? 'run.next' : 'run.call'; }

function tw(hc: HCtx, f: Frame, field: number): number { return taskIdx(hc.L, f.task, field); }

/** Called inside the detach's ghost section. */
function afterDetach(hc: HCtx, f: Frame): void {
  heapOnDetached(hc, f.work);
  f.label = hc.variant.runLockPair ? 'run.lock' : batchStart(hc);
}

function endOfBatch(hc: HCtx, f: Frame): void {
  const exiting = hc.heap.ld(tw(hc, f, TK_EXITING)) !== 0;
  f.label = exiting && !hc.variant.sentinelOnlyWhenEmpty ? 'run.exited' : 'run.load';
}

function runReturns(hc: HCtx, f: Frame, out: StepOut): void {
  if (f.op === 'exit') hc.heap.st(tw(hc, f, TK_EXITED), 1);
  finishOp(out, 0);
}

/** Returns false when the step could not be taken (pi_lock held): nothing changed. */
export function heapStepRun(hc: HCtx, t: number, f: Frame, out: StepOut): boolean {
  if (f.task < 0 || f.task >= hc.program.tasks.length) { finishOp(out, 0); return true; }
  const h = hc.heap;
  switch (f.label) {
    case 'exit.flag':
      h.st(tw(hc, f, TK_EXITING), 1);
      f.label = 'run.load';
      return true;
    case 'resume.clear':
      h.st(tw(hc, f, TK_RESUME), 0);
      if (hc.variant.clearThenCheck) f.label = 'resume.check';
      else if (f.h) f.label = 'run.load';
      else finishOp(out, 0);
      return true;
    case 'resume.check':
      out.value = h.ld(tw(hc, f, TK_HEAD));
      f.h = out.value !== NULL ? 1 : 0;
      if (!hc.variant.clearThenCheck) f.label = 'resume.clear';
      else if (f.h) f.label = 'run.load';
      else finishOp(out, 0);
      return true;
    case 'run.load':
      f.work = h.ld(tw(hc, f, TK_HEAD));
      out.value = f.work;
      f.label = 'run.check';
      return true;
    case 'run.check':
      f.head = NULL;
      if (f.work === NULL) {
        if (!(h.ld(tw(hc, f, TK_EXITING)) && hc.variant.sentinel)) { runReturns(hc, f, out); return true; }
        f.head = WORK_EXITED;
      }
      out.value = f.head;
      f.label = detachLabel(hc);
      return true;
    default:
      return stepDetachAndBatch(hc, t, f, out);
  }
}

function stepDetachAndBatch(hc: HCtx, t: number, f: Frame, out: StepOut): boolean {
  const h = hc.heap;
  switch (f.label) {
    case 'run.cas': case 'run.xchg': case 'run.store':
      detach(hc, f, out);
      return true;
    case 'run.lock':
      if (h.cas(tw(hc, f, TK_LOCK), -1, t) !== -1) return false; // raw_spin_lock: spin
      f.label = 'run.unlock';
      return true;
    case 'run.unlock':
      h.st(tw(hc, f, TK_LOCK), -1);
      f.label = batchStart(hc);
      return true;
    case 'run.next':
      readNext(hc, t, f, out);
      return true;
    case 'run.call':
      call(hc, t, f, out);
      return true;
    case 'run.exited':
      h.st(tw(hc, f, TK_HEAD), WORK_EXITED);
      out.value = WORK_EXITED;
      runReturns(hc, f, out);
      return true;
    default:
      finishOp(out, 0);
      return true;
  }
}

/** run.cas / run.xchg / run.store: take the list, and mark its works detached in the same section. */
function detach(hc: HCtx, f: Frame, out: StepOut): void {
  const head = tw(hc, f, TK_HEAD);
  ghostEnter(hc);
  try {
    if (f.label === 'run.cas') {
      const seen = hc.heap.cas(head, f.work, f.head);
      out.value = seen;
      if (seen !== f.work) { f.work = seen; out.ok = 0; f.label = 'run.check'; return; }
      out.ok = 1;
    } else if (f.label === 'run.xchg') {
      f.work = hc.heap.xchg(head, f.head);
      out.value = f.work;
    } else {
      out.value = f.head;
      hc.heap.st(head, f.head); // a plain store: whatever was pushed since run.load is overwritten
    }
    if (f.work === NULL) runReturns(hc, f, out);
    else afterDetach(hc, f);
  } finally {
    ghostExit(hc);
  }
}

function readNext(hc: HCtx, t: number, f: Frame, out: StepOut): void {
  ghostEnter(hc);
  const slot = heapTouch(hc, t, 'run.next', f.work, 'read next');
  f.next = slot >= 0 ? hc.heap.ld(cellIdx(hc.L, slot, CL_NEXT)) : NULL;
  ghostExit(hc);
  out.value = f.next;
  if (hc.variant.nextBeforeCall) f.label = 'run.call';
  else advance(hc, f);
}

function advance(hc: HCtx, f: Frame): void {
  f.work = f.next;
  if (f.work !== NULL) f.label = hc.variant.nextBeforeCall ? 'run.next' : 'run.call';
  else endOfBatch(hc, f);
}

/** run.call: work->func(work); the machine then pushes the callback's frame. */
function call(hc: HCtx, t: number, f: Frame, out: StepOut): void {
  out.value = f.work;
  ghostEnter(hc);
  const slot = heapTouch(hc, t, 'run.call', f.work, 'call func');
  const func = slot >= 0 ? funcOfValue(hc.heap.ld(cellIdx(hc.L, slot, CL_FUNC))) : -1;
  if (func < 0) {
    const what = f.work === WORK_EXITED ? '&work_exited (task_work_run after exit_task_work)' : `a work with a NULL func`;
    heapReport(hc, 'null-func-call', `${threadName(hc, t)} calls the NULL func of ${what} on ${taskName(hc, f.task)}`, t, 'run.call', []);
  }
  heapOnCalled(hc, t, f.work);
  ghostExit(hc);
  out.call = func;
  if (func < 0) heapAfterCall(hc, f);
}

/** The callback's frame returned (or there was none to push). */
export function heapAfterCall(hc: HCtx, f: Frame): void {
  ghostEnter(hc);
  heapOnReturned(hc, f.work);
  ghostExit(hc);
  if (hc.variant.nextBeforeCall) advance(hc, f);
  else f.label = 'run.next';
}
