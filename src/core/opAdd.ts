// task_work_add(task, work, mode): the lock-free push (model.md §2). One case per atomic step.
import { Instr, WORK_EXITED, NULL, slotOfAddress } from './program';
import { Ctx, StepOut, touch, finishOp, ESRCH, EINVAL, threadCurrent } from './context';
import { State, Frame } from './state';
import { Access, taskHead, taskFlags, cellObj } from './footprint';
import { onAdded, checkCycle } from './ghost';

type AddInstr = Extract<Instr, { op: 'add' }>;

export function stepAdd(ctx: Ctx, s: State, t: number, f: Frame, instr: AddInstr, out: StepOut): void {
  const task = s.tasks[f.task];
  if (!task) return finishOp(out, -EINVAL);
  switch (f.label) {
    case 'add.load':
      // TWA_NMI_CURRENT is only valid on current: the kernel refuses before touching the list.
      if (instr.mode === 'TWA_NMI_CURRENT' && threadCurrent(ctx, s, t) !== f.task) return finishOp(out, -EINVAL);
      f.h = task.taskWorks;
      out.value = f.h;
      f.label = 'add.check';
      return;
    case 'add.check':
      out.value = f.h;
      if (ctx.variant.sentinel && f.h === WORK_EXITED) { out.ok = 0; return finishOp(out, -ESRCH); }
      out.ok = 1;
      f.label = 'add.link';
      return;
    case 'add.link': {
      const cell = touch(ctx, s, t, 'add.link', f.work, 'write next');
      if (cell) cell.next = f.h;
      out.value = f.h;
      f.label = 'add.cas';
      return;
    }
    case 'add.cas':
      if (task.taskWorks === f.h) {
        task.taskWorks = f.work;
        out.ok = 1;
        out.value = f.work;
        onAdded(ctx, s, t, 'add.cas', f.work, f.task);
        checkCycle(ctx, s, t, 'add.cas', f.task);
        f.label = 'add.notify';
      } else {
        f.h = task.taskWorks; // try_cmpxchg hands back the value it saw
        out.ok = 0;
        out.value = f.h;
        f.label = 'add.check';
      }
      return;
    case 'add.notify':
      notify(task, instr.mode);
      return finishOp(out, 0);
    default:
      return finishOp(out, NULL);
  }
}

function notify(task: State['tasks'][number], mode: AddInstr['mode']): void {
  if (mode === 'TWA_RESUME' || mode === 'TWA_NMI_CURRENT') task.notifyResume = true;
  else if (mode === 'TWA_SIGNAL' || mode === 'TWA_SIGNAL_NO_IPI') task.notifySignal = true;
}

export function footprintAdd(ctx: Ctx, f: Frame): Access[] {
  switch (f.label) {
    case 'add.load': return [{ obj: taskHead(f.task), kind: 'read' }];
    case 'add.link': return [{ obj: cellObj(ctx, Math.max(0, slotOfAddress(f.work))), kind: 'write' }];
    // The CAS publishes the work: its ghost state (adds, life) changes too, hence the cell write.
    case 'add.cas': return [{ obj: taskHead(f.task), kind: 'cas' }, { obj: cellObj(ctx, Math.max(0, slotOfAddress(f.work))), kind: 'write' }];
    case 'add.notify': return [{ obj: taskFlags(f.task), kind: 'write' }];
    default: return [];
  }
}
