// task_work_add over the shared heap (core: opAdd.ts): the lock-free push, one case per atomic
// step; the publishing CAS is a real Atomics.compareExchange on task_works.
import { Instr, Frame, StepOut, WORK_EXITED, NULL, finishOp, ESRCH, EINVAL } from '../core';
import { HCtx, heapTouch, ghostEnter, ghostExit } from './heapCtx';
import { heapOnAdded, heapCheckCycle } from './heapGhost';
import { taskIdx, cellIdx, TK_HEAD, TK_RESUME, TK_SIGNAL, CL_NEXT } from './layout';

type AddInstr = Extract<Instr, { op: 'add' }>;

export function heapStepAdd(hc: HCtx, t: number, f: Frame, instr: AddInstr, out: StepOut): void {
  if (f.task < 0 || f.task >= hc.program.tasks.length) return finishOp(out, -EINVAL);
  const head = taskIdx(hc.L, f.task, TK_HEAD);
  switch (f.label) {
    case 'add.load':
      if (instr.mode === 'TWA_NMI_CURRENT' && hc.program.threads[t]?.current !== f.task) return finishOp(out, -EINVAL);
      f.h = hc.heap.ld(head);
      out.value = f.h;
      f.label = 'add.check';
      return;
    case 'add.check':
      out.value = f.h;
      if (hc.variant.sentinel && f.h === WORK_EXITED) { out.ok = 0; return finishOp(out, -ESRCH); }
      out.ok = 1;
      f.label = 'add.link';
      return;
    case 'add.link':
      link(hc, t, f);
      out.value = f.h;
      f.label = 'add.cas';
      return;
    case 'add.cas':
      return cas(hc, t, f, head, out);
    case 'add.notify':
      notify(hc, f.task, instr.mode);
      return finishOp(out, 0);
    default:
      return finishOp(out, NULL);
  }
}

/** work->next = h: a plain store into the node that is not published yet. */
function link(hc: HCtx, t: number, f: Frame): void {
  ghostEnter(hc);
  const slot = heapTouch(hc, t, 'add.link', f.work, 'write next');
  if (slot >= 0) hc.heap.st(cellIdx(hc.L, slot, CL_NEXT), f.h);
  ghostExit(hc);
}

/** try_cmpxchg(&task->task_works, &h, work): the linearization point of the add. */
function cas(hc: HCtx, t: number, f: Frame, head: number, out: StepOut): void {
  ghostEnter(hc);
  const seen = hc.heap.cas(head, f.h, f.work);
  if (seen === f.h) {
    out.ok = 1;
    out.value = f.work;
    heapOnAdded(hc, t, 'add.cas', f.work, f.task);
    heapCheckCycle(hc, t, 'add.cas', f.task);
    f.label = 'add.notify';
  } else {
    f.h = seen; // try_cmpxchg hands back the value it saw
    out.ok = 0;
    out.value = f.h;
    f.label = 'add.check';
  }
  ghostExit(hc);
}

function notify(hc: HCtx, task: number, mode: AddInstr['mode']): void {
  if (mode === 'TWA_RESUME' || mode === 'TWA_NMI_CURRENT') hc.heap.st(taskIdx(hc.L, task, TK_RESUME), 1);
  else if (mode === 'TWA_SIGNAL' || mode === 'TWA_SIGNAL_NO_IPI') hc.heap.st(taskIdx(hc.L, task, TK_SIGNAL), 1);
}
