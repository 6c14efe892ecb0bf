// Evaluation of scenario expressions over the machine state, and the shared objects they read
// (so a statement that only computes on locals is folded into the step before it).
import { Expr, NULL, funcValue, addressOfSlot } from './program';
import { Ctx, cellAt } from './context';
import { workAt } from './ghost';
import { State, Frame } from './state';
import { Obj, taskHead, taskLock, taskFlags, cellObj } from './footprint';

function workAddress(ctx: Ctx, id: number): number {
  const w = ctx.program.works[id];
  return w ? addressOfSlot(w.slot) : NULL;
}

function builtin(ctx: Ctx, s: State, e: Extract<Expr, { k: 'builtin' }>, frame: Frame | undefined): number {
  const task = e.task !== undefined ? s.tasks[e.task] : undefined;
  switch (e.fn) {
    case 'task_work_pending': return task && task.taskWorks !== NULL ? 1 : 0;
    case 'held': return task && task.lockHolder >= 0 ? 1 : 0;
    case 'exiting': return task?.exiting ? 1 : 0;
    case 'notify_resume': return task?.notifyResume ? 1 : 0;
    case 'notify_signal': return task?.notifySignal ? 1 : 0;
    default: break;
  }
  const id = e.arg ? workAt(s, evalExpr(ctx, s, e.arg, frame)) : -1;
  const g = s.works[id];
  if (!g) return 0;
  switch (e.fn) {
    case 'runs': return g.runs;
    case 'adds': return g.adds;
    case 'cancels': return g.cancels;
    case 'freed': return g.life === 'freed' ? 1 : 0;
    case 'queued': return g.life === 'pending' || g.life === 'detached' ? 1 : 0;
    default: return 0;
  }
}

/** A non-short-circuit binary operator on values (shared with the worker-thread interpreter). */
export function binary(op: Extract<Expr, { k: 'binary' }>['op'], l: number, r: number): number {
  switch (op) {
    case '==': return l === r ? 1 : 0;
    case '!=': return l !== r ? 1 : 0;
    case '<': return l < r ? 1 : 0;
    case '<=': return l <= r ? 1 : 0;
    case '>': return l > r ? 1 : 0;
    case '>=': return l >= r ? 1 : 0;
    case '+': return l + r;
    case '-': return l - r;
    default: return 0; // && and || are short-circuited by the caller
  }
}

/** Evaluates e; `frame` supplies locals and `cb`. Reads never report violations: they are the user's probes. */
export function evalExpr(ctx: Ctx, s: State, e: Expr, frame: Frame | undefined, cb?: number): number {
  switch (e.k) {
    case 'int': return e.v;
    case 'local': return frame?.locals[e.slot] ?? 0;
    case 'work': return workAddress(ctx, e.id);
    case 'func': return funcValue(e.id);
    case 'exited': return 1;
    case 'cb': return cb ?? frame?.cb ?? NULL;
    case 'thread': return e.id;
    case 'taskField': return s.tasks[e.task]?.taskWorks ?? NULL;
    case 'workField': {
      const cell = cellAt(s, evalExpr(ctx, s, e.obj, frame, cb));
      return cell ? (e.field === 'next' ? cell.next : cell.func) : NULL;
    }
    case 'builtin': return builtin(ctx, s, e, frame);
    case 'unary': {
      const v = evalExpr(ctx, s, e.e, frame, cb);
      return e.op === '!' ? (v === 0 ? 1 : 0) : -v;
    }
    case 'binary': {
      const l = evalExpr(ctx, s, e.l, frame, cb);
      if (e.op === '&&') return l !== 0 && evalExpr(ctx, s, e.r, frame, cb) !== 0 ? 1 : 0;
      if (e.op === '||') return l !== 0 || evalExpr(ctx, s, e.r, frame, cb) !== 0 ? 1 : 0;
      return binary(e.op, l, evalExpr(ctx, s, e.r, frame, cb));
    }
  }
}

/**
 * Shared objects an expression reads, appended to `out`. Work fields and ghost queries read the
 * cell of whatever the operand names at run time, so they count as reading every cell (-1).
 */
export function exprReads(ctx: Ctx, e: Expr, out: Obj[]): void {
  switch (e.k) {
    case 'taskField': out.push(taskHead(e.task)); return;
    case 'workField': out.push(-1); exprReads(ctx, e.obj, out); return;
    case 'builtin':
      if (e.task !== undefined) {
        const t = e.task;
        out.push(e.fn === 'task_work_pending' ? taskHead(t) : e.fn === 'held' ? taskLock(t) : taskFlags(t));
      }
      if (e.arg) {
        const a = e.arg;
        out.push(a.k === 'work' ? cellObj(ctx, ctx.program.works[a.id]?.slot ?? 0) : -1);
        exprReads(ctx, a, out);
      }
      return;
    case 'unary': exprReads(ctx, e.e, out); return;
    case 'binary': exprReads(ctx, e.l, out); exprReads(ctx, e.r, out); return;
    default: return;
  }
}

/** True when the expression touches no shared state (it is computed on locals and constants only). */
export function isLocalExpr(ctx: Ctx, e: Expr): boolean {
  const reads: Obj[] = [];
  exprReads(ctx, e, reads);
  return reads.length === 0;
}
