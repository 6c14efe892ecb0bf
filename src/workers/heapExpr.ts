// Scenario expressions evaluated over the shared heap (core: expr.ts evalExpr), and whether an
// expression reads shared state at all (core's exprReads decides, so both fold the same steps).
import { Expr, Frame, NULL, funcValue, addressOfSlot, binary, isLocalExpr } from '../core';
import { HCtx, slotAt, cellWord, heapWorkAt, ghostEnter, ghostExit } from './heapCtx';
import { taskIdx, ghostIdx, TK_HEAD, TK_LOCK, TK_EXITING, TK_RESUME, TK_SIGNAL, CL_NEXT, CL_FUNC,
  G_LIFE, G_ADDS, G_RUNS, G_CANCELS } from './layout';
import { lifeCode } from './encoding';

const LIFE_FREED = lifeCode('freed');
const LIFE_PENDING = lifeCode('pending');
const LIFE_DETACHED = lifeCode('detached');

function taskBuiltin(hc: HCtx, fn: string, task: number): number {
  const f = (field: number): number => hc.heap.ld(taskIdx(hc.L, task, field));
  switch (fn) {
    case 'task_work_pending': return f(TK_HEAD) !== NULL ? 1 : 0;
    case 'held': return f(TK_LOCK) >= 0 ? 1 : 0;
    case 'exiting': return f(TK_EXITING) ? 1 : 0;
    case 'notify_resume': return f(TK_RESUME) ? 1 : 0;
    default: return f(TK_SIGNAL) ? 1 : 0;
  }
}

function builtin(hc: HCtx, e: Extract<Expr, { k: 'builtin' }>, frame: Frame | undefined): number {
  switch (e.fn) {
    case 'task_work_pending': case 'held': case 'exiting': case 'notify_resume': case 'notify_signal':
      return e.task !== undefined && e.task >= 0 && e.task < hc.program.tasks.length ? taskBuiltin(hc, e.fn, e.task) : 0;
    default: break;
  }
  const id = e.arg ? heapWorkAt(hc, heapEval(hc, e.arg, frame)) : -1;
  if (id < 0 || id >= hc.program.works.length) return 0;
  const g = (field: number): number => hc.heap.ld(ghostIdx(hc.L, id, field));
  switch (e.fn) {
    case 'runs': return g(G_RUNS);
    case 'adds': return g(G_ADDS);
    case 'cancels': return g(G_CANCELS);
    case 'freed': return g(G_LIFE) === LIFE_FREED ? 1 : 0;
    case 'queued': return g(G_LIFE) === LIFE_PENDING || g(G_LIFE) === LIFE_DETACHED ? 1 : 0;
    default: return 0;
  }
}

/** Evaluates e over the heap; `frame` supplies locals and `cb`. Callers hold the ghost lock when it reads shared state. */
export function heapEval(hc: HCtx, e: Expr, frame: Frame | undefined, cb?: number): number {
  switch (e.k) {
    case 'int': return e.v;
    case 'local': return frame?.locals[e.slot] ?? 0;
    case 'work': { const w = hc.program.works[e.id]; return w ? addressOfSlot(w.slot) : NULL; }
    case 'func': return funcValue(e.id);
    case 'exited': return 1;
    case 'cb': return cb ?? frame?.cb ?? NULL;
    case 'thread': return e.id;
    case 'taskField': return e.task >= 0 && e.task < hc.program.tasks.length ? hc.heap.ld(taskIdx(hc.L, e.task, TK_HEAD)) : NULL;
    case 'workField': {
      const slot = slotAt(hc, heapEval(hc, e.obj, frame, cb));
      return slot >= 0 ? cellWord(hc, slot, e.field === 'next' ? CL_NEXT : CL_FUNC) : NULL;
    }
    case 'builtin': return builtin(hc, e, frame);
    case 'unary': {
      const v = heapEval(hc, e.e, frame, cb);
      return e.op === '!' ? (v === 0 ? 1 : 0) : -v;
    }
    case 'binary': {
      const l = heapEval(hc, e.l, frame, cb);
      if (e.op === '&&') return l !== 0 && heapEval(hc, e.r, frame, cb) !== 0 ? 1 : 0;
      if (e.op === '||') return l !== 0 || heapEval(hc, e.r, frame, cb) !== 0 ? 1 : 0;
      return binary(e.op, l, heapEval(hc, e.r, frame, cb));
    }
  }
}

const localCache = new WeakMap<Expr, boolean>();

/** The core's isLocalExpr, cached per expression (the heap interpreter asks on every silent step). */
export function isLocal(hc: HCtx, e: Expr): boolean {
  let v = localCache.get(e);
  if (v === undefined) {
    v = isLocalExpr(hc, e);
    localCache.set(e, v);
  }
  return v;
}

/** Evaluates an expression that may read shared state as one indivisible step (under the ghost lock). */
export function evalShared(hc: HCtx, e: Expr, frame: Frame | undefined, cb?: number): number {
  if (isLocal(hc, e)) return heapEval(hc, e, frame, cb);
  ghostEnter(hc);
  try { return heapEval(hc, e, frame, cb); } finally { ghostExit(hc); }
}
