// Ghost bookkeeping over the heap (core: ghost.ts): lifecycle and counters of each work, updated at
// the linearization points by the thread that performs them, inside a ghost section.
import { NULL, WORK_EXITED, StepLabel, threadName, taskName, ordinal } from '../core';
import { HCtx, slotAt, cellWord, heapWorkAt, heapReport } from './heapCtx';
import { ghostIdx, taskIdx, G_LIFE, G_ADDS, G_RUNS, G_CANCELS, G_CANCELLED, G_TASK, CL_WORK, CL_NEXT, TK_HEAD } from './layout';
import { lifeCode, lifeOf } from './encoding';

const PENDING = lifeCode('pending'), DETACHED = lifeCode('detached'), CANCELLED = lifeCode('cancelled');
const RUNNING = lifeCode('running'), RAN = lifeCode('ran'), FREED = lifeCode('freed');

function liveWorkAt(hc: HCtx, addr: number): number {
  const slot = slotAt(hc, addr);
  return slot >= 0 ? cellWord(hc, slot, CL_WORK) : -1;
}

function gi(hc: HCtx, id: number, field: number): number { return ghostIdx(hc.L, id, field); }
function valid(hc: HCtx, id: number): boolean { return id >= 0 && id < hc.program.works.length; }
function workName(hc: HCtx, id: number): string { return hc.program.works[id]?.name ?? '?'; }

/** add.cas succeeded: the work is pending from here on. */
export function heapOnAdded(hc: HCtx, t: number, label: StepLabel, addr: number, task: number): void {
  const id = liveWorkAt(hc, addr);
  if (!valid(hc, id)) return;
  const h = hc.heap;
  const life = h.ld(gi(hc, id, G_LIFE));
  if (life === PENDING || life === DETACHED) {
    heapReport(hc, 'double-add', `${threadName(hc, t)} added ${workName(hc, id)} to ${taskName(hc, task)} while it was still ${lifeOf(life)}: the list now links it twice`, t, label, [id]);
  }
  h.st(gi(hc, id, G_LIFE), PENDING);
  h.add(gi(hc, id, G_ADDS), 1);
  h.st(gi(hc, id, G_CANCELLED), 0);
  h.st(gi(hc, id, G_TASK), task);
}

/** cancel.cas unlinked the work. */
export function heapOnCancelled(hc: HCtx, addr: number): void {
  const id = liveWorkAt(hc, addr);
  if (!valid(hc, id)) return;
  hc.heap.st(gi(hc, id, G_LIFE), CANCELLED);
  hc.heap.add(gi(hc, id, G_CANCELS), 1);
  hc.heap.st(gi(hc, id, G_CANCELLED), 1);
}

/** The detach step took a chain: its pending works now belong to the running batch. */
export function heapOnDetached(hc: HCtx, first: number): void {
  let p = first;
  for (let i = 0; i <= hc.program.slots && p !== NULL && p !== WORK_EXITED; i++) {
    const slot = slotAt(hc, p);
    if (slot < 0) return;
    const id = cellWord(hc, slot, CL_WORK);
    if (valid(hc, id) && hc.heap.ld(gi(hc, id, G_LIFE)) === PENDING) hc.heap.st(gi(hc, id, G_LIFE), DETACHED);
    p = cellWord(hc, slot, CL_NEXT);
  }
}

/** run.call: what calling this work's func means, then the run is counted. */
export function heapOnCalled(hc: HCtx, t: number, addr: number): void {
  const id = heapWorkAt(hc, addr);
  if (!valid(hc, id)) return;
  const h = hc.heap;
  const name = workName(hc, id);
  if (h.ld(gi(hc, id, G_CANCELLED))) {
    heapReport(hc, 'run-after-cancel', `${threadName(hc, t)} calls ${name}'s func although a cancel already returned ${name}`, t, 'run.call', [id]);
  }
  const runs = h.add(gi(hc, id, G_RUNS), 1) + 1;
  const adds = h.ld(gi(hc, id, G_ADDS));
  if (runs > adds) {
    heapReport(hc, 'double-run', `${name} runs for the ${ordinal(runs)} time but was added only ${adds} time(s)`, t, 'run.call', [id]);
  }
  if (h.ld(gi(hc, id, G_LIFE)) !== FREED) h.st(gi(hc, id, G_LIFE), RUNNING);
}

/** The callback returned. */
export function heapOnReturned(hc: HCtx, addr: number): void {
  const id = liveWorkAt(hc, addr);
  if (valid(hc, id) && hc.heap.ld(gi(hc, id, G_LIFE)) === RUNNING) hc.heap.st(gi(hc, id, G_LIFE), RAN);
}

/** After a step that wrote a link: is the list reachable from the head cyclic? */
export function heapCheckCycle(hc: HCtx, t: number, label: StepLabel, task: number): void {
  let p = hc.heap.ld(taskIdx(hc.L, task, TK_HEAD));
  for (let i = 0; i <= hc.program.slots; i++) {
    if (p === NULL || p === WORK_EXITED) return;
    const slot = slotAt(hc, p);
    if (slot < 0) return;
    p = cellWord(hc, slot, CL_NEXT);
  }
  heapReport(hc, 'list-cycle', `${taskName(hc, task)}.task_works now leads into a cycle`, t, label, []);
}
