// Pure: the `tw/state` snapshot (src/protocol/messages.ts) the extension draws the queue from,
// built from the same View as the Variables view so the picture and the tree never disagree.
import { NULL, WORK_EXITED, addressOfSlot, cellAt, pointerName, threadName, funcOfValue } from '../core';
import type { StateSnapshot, TaskSnapshot, ThreadSnapshot, WorkSnapshot } from '../protocol/messages';
import { View, lockSpinners, threadStatus } from './presenter';
import { opLocal, pprevText } from './exprs';
import { linkText } from './presenterVars';
import { endVerdict, violationWhere } from './verdict';

/** Names from a head pointer: `B`, `A`, then `NULL`, `&work_exited` or `...(cycle)`. */
function chainNames(v: View, head: number): string[] {
  const out: string[] = [];
  let p = head;
  for (let i = 0; i <= v.s.cells.length; i++) {
    out.push(pointerName(v.m.ctx, v.s, p));
    if (p === NULL || p === WORK_EXITED) return out;
    const cell = cellAt(v.s, p);
    if (!cell) return out;
    p = cell.next;
  }
  out.push('...(cycle)');
  return out;
}

function tasks(v: View): TaskSnapshot[] {
  return v.m.program.tasks.map((d, i) => {
    const t = v.s.tasks[i];
    const spinners = lockSpinners(v, i);
    return {
      name: d.name,
      chain: t ? chainNames(v, t.taskWorks) : [],
      lock: { holder: t && t.lockHolder >= 0 ? threadName(v.m.ctx, t.lockHolder) : null, spinners },
      exiting: t?.exiting ?? false,
      notifyResume: t?.notifyResume ?? false,
      notifySignal: t?.notifySignal ?? false,
    };
  });
}

function works(v: View): WorkSnapshot[] {
  return v.m.program.works.map((d, id) => {
    const g = v.s.works[id];
    const cell = v.s.cells[d.slot];
    const live = cell?.work === id;
    const func = live && cell ? (v.m.program.funcs[funcOfValue(cell.func)]?.name ?? 'NULL') : 'NULL';
    return {
      name: d.name,
      address: `0x${addressOfSlot(d.slot).toString(16)}`,
      life: g?.life ?? 'unallocated',
      next: live && cell ? pointerName(v.m.ctx, v.s, cell.next) : 'NULL',
      func,
      adds: g?.adds ?? 0,
      runs: g?.runs ?? 0,
      cancels: g?.cancels ?? 0,
    };
  });
}

function thread(v: View, t: number): ThreadSnapshot {
  const th = v.s.threads[t];
  const op = th ? [...th.frames].reverse().find((f) => f.kind === 'op') : undefined;
  const pointers: ThreadSnapshot['pointers'] = [];
  let detached: string[] = [];
  const top = op?.m?.frames[op.m.frames.length - 1];
  const fn = top ? v.m.variant.listing?.functions[top.fn] : undefined;
  if (op && v.m.variant.listing) {
    // Under a listing the step functions' fields stay 0: the arrows are the named pointers of the
    // innermost listing function the operation is in.
    if (top && fn) {
      fn.slots.forEach((slot, i) => {
        if (i === 0 || slot.temp) return;
        const x = top.slots[i] ?? 0;
        if (slot.kind === 'work') pointers.push({ name: slot.name, target: pointerName(v.m.ctx, v.s, x) });
        else if (slot.kind === 'pwork') pointers.push({ name: slot.name, target: linkText(v, x) });
      });
      const work = opLocal(v.m, op, 'work');
      const batch = ['run.lock', 'run.unlock', 'run.next', 'run.call'].includes(op.label);
      if (batch && work !== NULL) detached = chainNames(v, work).filter((n) => n !== 'NULL');
    }
  } else if (op) {
    const ptr = (name: string, addr: number): void => { pointers.push({ name, target: pointerName(v.m.ctx, v.s, addr) }); };
    if (op.op === 'add') { ptr('work', op.work); ptr('h', op.h); }
    else if (op.label.startsWith('cancel.')) {
      pointers.push({ name: 'pprev', target: op.pprev === 0 ? 'NULL' : pprevText(v.m.ctx, v.s, op.pprev) });
      ptr('work', op.work);
    } else if (op.label.startsWith('run.')) {
      ptr('work', op.work); ptr('next', op.next); ptr('head', op.head);
      const batch = ['run.lock', 'run.unlock', 'run.next', 'run.call'].includes(op.label);
      if (batch && op.work !== NULL) detached = chainNames(v, op.work).filter((n) => n !== 'NULL');
    }
  }
  const status = v.parked.has(t) && th && !th.done ? 'parked' : threadStatus(v, t);
  return { id: t + 1, name: threadName(v.m.ctx, t), status, next: v.m.nextLabel(v.s, t), pointers, detached };
}

export function stateSnapshot(v: View): StateSnapshot {
  const last = v.events[v.events.length - 1];
  const stale = v.stale?.() ?? [];
  return {
    file: v.m.program.file,
    variant: v.m.variant.name,
    step: v.s.steps,
    lastThread: last ? last.thread + 1 : null,
    lastLabel: last ? last.label : null,
    tasks: tasks(v),
    works: works(v),
    threads: v.m.program.threads.map((_, t) => thread(v, t)),
    violations: v.s.violations.map((x) => ({
      kind: x.kind, message: x.message, step: x.step, thread: x.thread >= 0 ? threadName(v.m.ctx, x.thread) : '', where: violationWhere(v.m, x),
    })),
    finished: v.s.finished,
    ...(v.s.finished ? { verdict: endVerdict(v.m, v.s) } : {}),
    ...(stale.length ? { stale } : {}),
  };
}
