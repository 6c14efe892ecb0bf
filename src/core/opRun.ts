// task_work_run(), and the two paths that end in it: do_exit() (exit.flag, then exit_task_work)
// and resume_user_mode_work() (TIF_NOTIFY_RESUME). One case per atomic step (model.md §2).
import { NULL, WORK_EXITED, funcOfValue, slotOfAddress } from './program';
import { Ctx, StepOut, touch, finishOp, report, threadName, taskName } from './context';
import { State, Frame, StepLabel } from './state';
import { Access, taskHead, taskLock, taskFlags, cellObj } from './footprint';
import { onDetached, onCalled, onReturned } from './ghost';

/** The label a resume_user_mode_work() call starts at, per variant. */
export function resumeStart(ctx: Ctx): StepLabel {
  return ctx.variant.clearThenCheck ? 'resume.clear' : 'resume.check';
}

function detachLabel(ctx: Ctx): StepLabel {
  const d = ctx.variant.detach;
  return d === 'cas' ? 'run.cas' : d === 'xchg' ? 'run.xchg' : 'run.store';
}

function batchStart(ctx: Ctx): StepLabel {
  return ctx.variant.nextBeforeCall ? 'run.next' : 'run.call';
}

function afterDetach(ctx: Ctx, s: State, f: Frame): void {
  onDetached(s, f.work);
  f.label = ctx.variant.runLockPair ? 'run.lock' : batchStart(ctx);
}

/** The batch is done: back to run.load for works queued meanwhile (or, broken, seal the list). */
function endOfBatch(ctx: Ctx, s: State, f: Frame): void {
  const exiting = s.tasks[f.task]?.exiting ?? false;
  f.label = exiting && !ctx.variant.sentinelOnlyWhenEmpty ? 'run.exited' : 'run.load';
}

function runReturns(s: State, f: Frame, out: StepOut): void {
  const task = s.tasks[f.task];
  if (task && f.op === 'exit') task.exited = true; // exit_task_work() has returned
  finishOp(out, 0);
}

export function stepRun(ctx: Ctx, s: State, t: number, f: Frame, out: StepOut): void {
  const task = s.tasks[f.task];
  if (!task) return finishOp(out, 0);
  switch (f.label) {
    case 'exit.flag':
      task.exiting = true;
      f.label = 'run.load';
      return;
    case 'resume.clear':
      task.notifyResume = false;
      if (ctx.variant.clearThenCheck) f.label = 'resume.check';
      else if (f.h) f.label = 'run.load';
      else finishOp(out, 0);
      return;
    case 'resume.check':
      out.value = task.taskWorks;
      f.h = task.taskWorks !== NULL ? 1 : 0;
      if (!ctx.variant.clearThenCheck) f.label = 'resume.clear';
      else if (f.h) f.label = 'run.load';
      else finishOp(out, 0);
      return;
    case 'run.load':
      f.work = task.taskWorks;
      out.value = f.work;
      f.label = 'run.check';
      return;
    case 'run.check':
      f.head = NULL;
      if (f.work === NULL) {
        if (!(task.exiting && ctx.variant.sentinel)) return runReturns(s, f, out);
        f.head = WORK_EXITED;
      }
      out.value = f.head;
      f.label = detachLabel(ctx);
      return;
    default:
      return stepDetachAndBatch(ctx, s, t, f, out);
  }
}

function stepDetachAndBatch(ctx: Ctx, s: State, t: number, f: Frame, out: StepOut): void {
  const task = s.tasks[f.task];
  if (!task) return finishOp(out, 0);
  switch (f.label) {
    case 'run.cas':
      out.value = task.taskWorks;
      if (task.taskWorks !== f.work) {
        f.work = task.taskWorks;
        out.ok = 0;
        f.label = 'run.check';
        return;
      }
      out.ok = 1;
      task.taskWorks = f.head;
      return f.work === NULL ? runReturns(s, f, out) : afterDetach(ctx, s, f);
    case 'run.xchg':
      f.work = task.taskWorks;
      out.value = f.work;
      task.taskWorks = f.head;
      return f.work === NULL ? runReturns(s, f, out) : afterDetach(ctx, s, f);
    case 'run.store':
      out.value = f.head;
      task.taskWorks = f.head; // a plain store: whatever was pushed since run.load is overwritten
      return f.work === NULL ? runReturns(s, f, out) : afterDetach(ctx, s, f);
    case 'run.lock':
      task.lockHolder = t;
      f.label = 'run.unlock';
      return;
    case 'run.unlock':
      task.lockHolder = -1;
      f.label = batchStart(ctx);
      return;
    case 'run.next':
      f.next = touch(ctx, s, t, 'run.next', f.work, 'read next')?.next ?? NULL;
      out.value = f.next;
      if (ctx.variant.nextBeforeCall) f.label = 'run.call';
      else advance(ctx, s, f);
      return;
    case 'run.call':
      return call(ctx, s, t, f, out);
    case 'run.exited':
      task.taskWorks = WORK_EXITED;
      out.value = WORK_EXITED;
      return runReturns(s, f, out);
    default:
      return finishOp(out, 0);
  }
}

/** work = next: the next node of the batch, or the end of the batch. */
function advance(ctx: Ctx, s: State, f: Frame): void {
  f.work = f.next;
  if (f.work !== NULL) f.label = ctx.variant.nextBeforeCall ? 'run.next' : 'run.call';
  else endOfBatch(ctx, s, f);
}

/** run.call: work->func(work). The callback's statements then run as this thread's steps. */
function call(ctx: Ctx, s: State, t: number, f: Frame, out: StepOut): void {
  out.value = f.work;
  const cell = touch(ctx, s, t, 'run.call', f.work, 'call func');
  const func = cell ? funcOfValue(cell.func) : -1;
  if (func < 0) {
    const what = f.work === WORK_EXITED ? '&work_exited (task_work_run after exit_task_work)' : `a work with a NULL func`;
    report(s, 'null-func-call', `${threadName(ctx, t)} calls the NULL func of ${what} on ${taskName(ctx, f.task)}`, t, 'run.call', []);
  }
  onCalled(ctx, s, t, f.work);
  out.call = func;
  if (func < 0) afterCall(ctx, s, f);
}

/** The machine calls this when the callback's frame returns (or at once for an empty one). */
export function afterCall(ctx: Ctx, s: State, f: Frame): void {
  onReturned(s, f.work);
  if (ctx.variant.nextBeforeCall) advance(ctx, s, f);
  else f.label = 'run.next';
}

function cellOf(ctx: Ctx, addr: number): Access[] {
  const slot = slotOfAddress(addr);
  return slot >= 0 ? [{ obj: cellObj(ctx, slot), kind: 'read' }] : [];
}

export function footprintRun(ctx: Ctx, f: Frame): Access[] {
  const head = taskHead(f.task);
  switch (f.label) {
    case 'exit.flag': case 'resume.clear': return [{ obj: taskFlags(f.task), kind: 'write' }];
    case 'resume.check': case 'run.load': return [{ obj: head, kind: 'read' }];
    case 'run.cas': case 'run.xchg': return [{ obj: head, kind: 'cas' }];
    case 'run.store': case 'run.exited': return [{ obj: head, kind: 'write' }];
    case 'run.lock': case 'run.unlock': return [{ obj: taskLock(f.task), kind: 'lock' }];
    case 'run.next': return cellOf(ctx, f.work);
    case 'run.call': return cellOf(ctx, f.work).map((a) => ({ obj: a.obj, kind: 'write' as const }));
    default: return []; // run.check reads PF_EXITING, which only this thread writes
  }
}
