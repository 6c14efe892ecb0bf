// Conversions between the shared heap and a core State: the controller copies its heap view into
// plain data so the debugger's presenter, the trace text and outcomeText work unchanged, and loads
// a State into the heap (setup's result, a restore after a step back).
import { State, cloneState, Program } from '../core';
import { Heap } from './heap';
import { HeapState, violationKey } from './heapState';
import { H_VIOL_COUNT, H_TEXT_USED, H_VIOL_DROPPED, H_STEP_LOCK, H_LOG_LOCK, H_STEPS, H_FINISHED } from './layout';

/** Plain data equal to what the core would hold (a fresh object each call). */
export function heapToState(view: HeapState): State {
  view.sync(true);
  const plain = cloneState(view);
  plain.reported = plain.violations.map(violationKey);
  return plain;
}

/**
 * The current state as plain data, but for the threads, which are the view's own (their frames
 * keep their identity from step to step, as the core's do): the debugger's picture of "now".
 */
export function liveState(view: HeapState): State {
  view.sync(true);
  const copy = cloneState({ ...view, tasks: view.tasks, cells: view.cells, works: view.works, threads: [], steps: view.steps, finished: view.finished });
  copy.threads = view.threads.slice();
  copy.reported = copy.violations.map(violationKey);
  return copy;
}

/** Loads a core State into the heap: every shared word, every thread's stack, the violation log. */
export function stateToHeap(heap: Heap, program: Program, s: State): void {
  const view = new HeapState(heap, program, -1);
  s.tasks.forEach((t, i) => {
    const h = view.tasks[i];
    if (!h) return;
    h.taskWorks = t.taskWorks; h.lockHolder = t.lockHolder; h.exiting = t.exiting;
    h.notifyResume = t.notifyResume; h.notifySignal = t.notifySignal; h.exited = t.exited;
  });
  s.cells.forEach((c, i) => {
    const h = view.cells[i];
    if (h) { h.work = c.work; h.last = c.last; h.next = c.next; h.func = c.func; h.pprev = c.pprev; }
  });
  s.works.forEach((g, i) => {
    const h = view.works[i];
    if (h) { h.life = g.life; h.adds = g.adds; h.runs = g.runs; h.cancels = g.cancels; h.cancelledSinceAdd = g.cancelledSinceAdd; h.task = g.task; }
  });
  for (let t = 0; t < program.threads.length; t++) heap.writeThread(t, s.threads[t] ?? { frames: [], done: true, lastReturn: null });
  for (const key of [H_VIOL_COUNT, H_TEXT_USED, H_VIOL_DROPPED, H_STEP_LOCK, H_LOG_LOCK]) heap.st(key, 0);
  for (const v of s.violations) heap.report(v.kind, v.message, v.step, v.thread, v.label, v.works);
  heap.st(H_STEPS, s.steps);
  heap.st(H_FINISHED, s.finished ? 1 : 0);
}
