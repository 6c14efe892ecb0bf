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
 * The current state as plain data, kept and updated in place like the core's own State: the
 * threads are the view's (their frames keep their identity from step to step, as the core's do),
 * the shared words are copied into plain objects made once, the violations only when one was added.
 */
export class LiveState {
  readonly state: State;
  /** The view's violation array last copied (the view replaces it when the log changes). */
  private seen: unknown;

  constructor(private readonly view: HeapState) {
    view.sync(true);
    this.state = cloneState({ ...view, cpus: view.cpus, tasks: view.tasks, cells: view.cells, works: view.works, threads: [], steps: view.steps, finished: view.finished });
    this.state.threads = view.threads;
    this.seen = view.violations;
  }

  /** Brings the state up to date with the heap; returns it. */
  refresh(): State {
    const v = this.view, s = this.state;
    v.sync(true);
    copyShared(v, s);
    s.steps = v.steps;
    s.finished = v.finished;
    if (this.seen !== v.violations) {
      s.violations = v.violations.slice();
      s.reported = s.violations.map(violationKey);
      this.seen = v.violations;
    }
    return s;
  }
}

/** Copies the shared words (tasks, cells, work ghosts) of `from` into the plain objects of `to`. */
function copyShared(from: State, to: State): void {
  from.tasks.forEach((h, i) => {
    const t = to.tasks[i];
    if (!t) return;
    t.taskWorks = h.taskWorks; t.lockHolder = h.lockHolder; t.exiting = h.exiting;
    t.notifyResume = h.notifyResume; t.notifySignal = h.notifySignal; t.exited = h.exited;
  });
  from.cells.forEach((h, i) => {
    const c = to.cells[i];
    if (c) { c.work = h.work; c.last = h.last; c.next = h.next; c.func = h.func; c.pprev = h.pprev; }
  });
  from.works.forEach((h, i) => {
    const g = to.works[i];
    if (g) { g.life = h.life; g.adds = h.adds; g.runs = h.runs; g.cancels = h.cancels; g.cancelledSinceAdd = h.cancelledSinceAdd; g.task = h.task; }
  });
}

/** Loads a core State into the heap: every shared word, every thread's stack, the violation log. */
export function stateToHeap(heap: Heap, program: Program, s: State): void {
  copyShared(s, new HeapState(heap, program, -1));
  for (let t = 0; t < program.threads.length; t++) heap.writeThread(t, s.threads[t] ?? { frames: [], done: true, lastReturn: null });
  for (const key of [H_VIOL_COUNT, H_TEXT_USED, H_VIOL_DROPPED, H_STEP_LOCK, H_LOG_LOCK]) heap.st(key, 0);
  for (const v of s.violations) heap.report(v.kind, v.message, v.step, v.thread, v.label, v.works);
  heap.st(H_STEPS, s.steps);
  heap.st(H_FINISHED, s.finished ? 1 : 0);
}
