// task_work_cancel_match(task, match, data) and its wrappers: walk the list under pi_lock and
// unlink the newest match with a CAS on *pprev (model.md §2). One case per atomic step.
import { Instr, NULL, WORK_EXITED, funcValue, slotOfAddress } from './program';
import { Ctx, StepOut, touch, finishOp } from './context';
import { State, Frame, StepLabel } from './state';
import { Access, taskHead, taskLock, cellObj, cellObjAt } from './footprint';
import { evalExpr } from './expr';
import { onCancelled, checkCycle } from './ghost';

export type CancelInstr = Extract<Instr, { op: 'cancel_func' | 'cancel' | 'cancel_match' }>;

/** pprev < 0 encodes &task->task_works; otherwise it is the address of a work (its ->next). */
function loadPprev(ctx: Ctx, s: State, t: number, label: StepLabel, pprev: number): number {
  if (pprev < 0) return s.tasks[-pprev - 1]?.taskWorks ?? NULL;
  return touch(ctx, s, t, label, pprev, 'read next')?.next ?? NULL;
}

/** What the wrapper returns for the unlinked node (or NULL): the node, or a bool for cancel-by-node. */
function result(instr: CancelInstr, work: number): number {
  return instr.op === 'cancel' ? (work !== NULL ? 1 : 0) : work;
}

/** `caller` is the code frame that called cancel: a match predicate may read its locals. */
function matches(ctx: Ctx, s: State, t: number, f: Frame, instr: CancelInstr, caller: Frame | undefined): boolean {
  if (instr.op === 'cancel') return f.work === f.h; // by identity: no memory read
  const cell = touch(ctx, s, t, 'cancel.match', f.work, 'read func');
  if (instr.op === 'cancel_func') return (cell?.func ?? NULL) === funcValue(instr.func);
  return evalExpr(ctx, s, instr.pred, caller, f.work) !== 0;
}

/** After pprev/work moved: either examine the node or leave the walk. */
function examine(ctx: Ctx, f: Frame, instr: CancelInstr, out: StepOut): void {
  if (f.work !== NULL) f.label = 'cancel.match';
  else leave(ctx, f, instr, out, NULL);
}

/** Leaves the walk with `ret`: through cancel.unlock, or at once when the variant never locked. */
function leave(ctx: Ctx, f: Frame, instr: CancelInstr, out: StepOut, ret: number): void {
  f.ret = ret;
  if (ctx.variant.cancelLocks) f.label = 'cancel.unlock';
  else finishOp(out, result(instr, ret));
}

export function stepCancel(ctx: Ctx, s: State, t: number, f: Frame, instr: CancelInstr, out: StepOut, caller?: Frame): void {
  const task = s.tasks[f.task];
  if (!task) return finishOp(out, NULL);
  switch (f.label) {
    case 'cancel.peek':
      out.value = task.taskWorks;
      if (task.taskWorks === NULL) return finishOp(out, result(instr, NULL)); // lockless fast path
      f.label = ctx.variant.cancelLocks ? 'cancel.lock' : 'cancel.load';
      return;
    case 'cancel.lock':
      task.lockHolder = t; // the machine only lets a thread take this step when the lock is free
      f.label = 'cancel.load';
      return;
    case 'cancel.load':
      f.pprev = -f.task - 1;
      f.work = task.taskWorks;
      out.value = f.work;
      return examine(ctx, f, instr, out);
    case 'cancel.match':
      out.ok = matches(ctx, s, t, f, instr, caller) ? 1 : 0;
      out.value = f.work;
      // try_cmpxchg(pprev, &work, work->next) loads work->next before the CAS, a separate access: read
      // here, so that an owner running (and freeing) the chain in between is seen, as in the kernel.
      if (out.ok) f.next = touch(ctx, s, t, 'cancel.match', f.work, 'read next')?.next ?? NULL;
      f.label = out.ok ? 'cancel.cas' : 'cancel.step';
      return;
    case 'cancel.step':
      f.pprev = f.work;
      f.work = loadPprev(ctx, s, t, 'cancel.step', f.pprev);
      out.value = f.work;
      return examine(ctx, f, instr, out);
    case 'cancel.cas':
      return casUnlink(ctx, s, t, f, instr, out);
    case 'cancel.unlock':
      if (task.lockHolder === t) task.lockHolder = -1;
      out.value = f.ret;
      return finishOp(out, result(instr, f.ret));
    default:
      return finishOp(out, NULL);
  }
}

/** try_cmpxchg(pprev, &work, work->next): success unlinks; failure re-examines the value seen. */
function casUnlink(ctx: Ctx, s: State, t: number, f: Frame, instr: CancelInstr, out: StepOut): void {
  const next = f.next; // read at cancel.match
  const seen = loadPprev(ctx, s, t, 'cancel.cas', f.pprev);
  if (seen === f.work) {
    if (f.pprev < 0) {
      const task = s.tasks[-f.pprev - 1];
      if (task) task.taskWorks = next;
    } else {
      const cell = touch(ctx, s, t, 'cancel.cas', f.pprev, 'CAS');
      if (cell) cell.next = next;
    }
    out.ok = 1;
    out.value = next;
    onCancelled(s, f.work);
    checkCycle(ctx, s, t, 'cancel.cas', f.task);
    return leave(ctx, f, instr, out, f.work);
  }
  out.ok = 0;
  out.value = seen;
  if (!ctx.variant.cancelRetries) { // the broken variant gives up here: `work = NULL; break;`
    f.work = NULL; // as its listing does: else states that differ only in the node given up on count twice
    return leave(ctx, f, instr, out, NULL);
  }
  f.work = seen;
  return examine(ctx, f, instr, out);
}

function pprevObj(ctx: Ctx, f: Frame): number {
  return f.pprev < 0 ? taskHead(-f.pprev - 1) : cellObj(ctx, Math.max(0, slotOfAddress(f.pprev)));
}

export function footprintCancel(ctx: Ctx, f: Frame, instr: CancelInstr): Access[] {
  switch (f.label) {
    case 'cancel.peek':
    case 'cancel.load': return [{ obj: taskHead(f.task), kind: 'read' }];
    case 'cancel.lock':
    case 'cancel.unlock': return ctx.variant.cancelLocks ? [{ obj: taskLock(f.task), kind: 'lock' }] : [];
    // &work_exited is no heap cell: reading through it touches nothing another step can write.
    case 'cancel.match':
      // By node, a match reads nothing but the work's next (when it is the one); by func, func and next.
      if (instr.op === 'cancel' && f.work !== f.h) return [];
      return f.work === WORK_EXITED ? [] : [{ obj: cellObjAt(ctx, f.work), kind: 'read' }];
    case 'cancel.step': return f.work === WORK_EXITED ? [] : [{ obj: cellObjAt(ctx, f.work), kind: 'read' }];
    // Reads work->next; a success also changes the work's ghost state (cancels), hence a write.
    case 'cancel.cas': return [{ obj: cellObjAt(ctx, f.work), kind: 'write' }, { obj: pprevObj(ctx, f), kind: 'cas' }];
    default: return [];
  }
}
