// Conversions between the shared heap and a core State: the controller rebuilds a State so the
// debugger's presenter, the trace text and outcomeText work unchanged, and can load a State into
// the heap (restore after a step back replayed on the core engine).
import { State, TaskState, Cell, WorkGhost, ThreadState, Violation } from '../core';
import { HCtx } from './heapCtx';
import {
  H_STEPS, H_FINISHED, H_VIOL_COUNT, H_TEXT_USED, H_VIOL_DROPPED, H_DEADLOCK, H_GHOST_LOCK, H_LOG_LOCK,
  taskIdx, cellIdx, ghostIdx, threadIdx, TK_HEAD, TK_LOCK, TK_EXITING, TK_RESUME, TK_SIGNAL, TK_EXITED,
  CL_WORK, CL_LAST, CL_NEXT, CL_FUNC, G_LIFE, G_ADDS, G_RUNS, G_CANCELS, G_CANCELLED, G_TASK,
  TH_DONE, TH_HAS_RET, TH_RET, TH_BLOCKED_AT,
} from './layout';
import { lifeCode, lifeOf } from './encoding';

function violationKey(v: Violation): string { return `${v.kind}|${v.label}|${v.works.join(',')}`; }

/** A core State equal to what the core would hold (threads = the scenario threads, not setup). */
export function heapToState(hc: HCtx): State {
  const h = hc.heap, L = hc.L, p = hc.program;
  const tasks: TaskState[] = p.tasks.map((_, i) => {
    const f = (x: number): number => h.ld(taskIdx(L, i, x));
    return { taskWorks: f(TK_HEAD), lockHolder: f(TK_LOCK), exiting: f(TK_EXITING) !== 0, notifyResume: f(TK_RESUME) !== 0,
      notifySignal: f(TK_SIGNAL) !== 0, exited: f(TK_EXITED) !== 0 };
  });
  const cells: Cell[] = [];
  for (let s = 0; s < p.slots; s++) {
    cells.push({ work: h.ld(cellIdx(L, s, CL_WORK)), last: h.ld(cellIdx(L, s, CL_LAST)), next: h.ld(cellIdx(L, s, CL_NEXT)),
      func: h.ld(cellIdx(L, s, CL_FUNC)) });
  }
  const works: WorkGhost[] = p.works.map((_, id) => {
    const g = (x: number): number => h.ld(ghostIdx(L, id, x));
    return { life: lifeOf(g(G_LIFE)), adds: g(G_ADDS), runs: g(G_RUNS), cancels: g(G_CANCELS),
      cancelledSinceAdd: g(G_CANCELLED) !== 0, task: g(G_TASK) };
  });
  const threads: ThreadState[] = p.threads.map((_, t) => ({
    frames: h.readStack(t),
    done: h.ld(threadIdx(L, t, TH_DONE)) !== 0,
    lastReturn: h.ld(threadIdx(L, t, TH_HAS_RET)) ? h.ld(threadIdx(L, t, TH_RET)) : null,
  }));
  const violations = h.violations();
  return { tasks, cells, works, threads, steps: h.ld(H_STEPS), violations, reported: violations.map(violationKey),
    finished: h.ld(H_FINISHED) !== 0 };
}

/** Loads a core State into the heap (threads beyond the state's, i.e. setup, are finished and empty). */
export function stateToHeap(hc: HCtx, s: State): void {
  const h = hc.heap, L = hc.L, p = hc.program;
  h.i32.fill(0);
  s.tasks.forEach((t, i) => {
    const set = (x: number, v: number): void => h.st(taskIdx(L, i, x), v);
    set(TK_HEAD, t.taskWorks); set(TK_LOCK, t.lockHolder); set(TK_EXITING, t.exiting ? 1 : 0);
    set(TK_RESUME, t.notifyResume ? 1 : 0); set(TK_SIGNAL, t.notifySignal ? 1 : 0); set(TK_EXITED, t.exited ? 1 : 0);
  });
  s.cells.forEach((c, i) => {
    h.st(cellIdx(L, i, CL_WORK), c.work); h.st(cellIdx(L, i, CL_LAST), c.last);
    h.st(cellIdx(L, i, CL_NEXT), c.next); h.st(cellIdx(L, i, CL_FUNC), c.func);
  });
  s.works.forEach((g, id) => {
    const set = (x: number, v: number): void => h.st(ghostIdx(L, id, x), v);
    set(G_LIFE, lifeCode(g.life)); set(G_ADDS, g.adds); set(G_RUNS, g.runs); set(G_CANCELS, g.cancels);
    set(G_CANCELLED, g.cancelledSinceAdd ? 1 : 0); set(G_TASK, g.task);
  });
  for (let t = 0; t <= p.threads.length; t++) {
    const th = s.threads[t];
    h.writeStack(t, th && t < p.threads.length ? th.frames : []);
    h.st(threadIdx(L, t, TH_DONE), th && t < p.threads.length ? (th.done ? 1 : 0) : 1);
    h.st(threadIdx(L, t, TH_HAS_RET), th && th.lastReturn !== null ? 1 : 0);
    h.st(threadIdx(L, t, TH_RET), th?.lastReturn ?? 0);
    h.st(threadIdx(L, t, TH_BLOCKED_AT), -1);
  }
  for (const key of [H_VIOL_COUNT, H_TEXT_USED, H_VIOL_DROPPED, H_DEADLOCK, H_GHOST_LOCK, H_LOG_LOCK]) h.st(key, 0);
  for (const v of s.violations) h.report(v.kind, v.message, v.step, v.thread, v.label, v.works);
  h.st(H_STEPS, s.steps);
  h.st(H_FINISHED, s.finished ? 1 : 0);
}
