// Lowers checked expression trees to DebugExpr (a superset of the core Expr). Operation calls
// inside an expression are handed to the caller (hoisted into hidden locals by the compiler).
import type { Expr } from '../core/program';
import { ExprNode, CallNode, BinaryNode } from './ast';
import { findApi } from './api';
import { DebugExpr, toCoreExpr } from './debugExpr';

/** Hooks for what a pure expression cannot do by itself; only the compiler provides them. */
export interface LowerHooks {
  /** Emits an operation call into a hidden local now and returns that local. */
  hoist(call: CallNode): DebugExpr;
  /** The callback's own parameter seen from inside a match predicate (copied to a hidden local). */
  outerCb(): DebugExpr;
  /** Stores an already lowered value in a hidden local now, to keep left-to-right evaluation. */
  spill(e: DebugExpr): DebugExpr;
  /** `a && b` / `a || b` whose right side calls an operation: needs a branch. */
  shortCircuit(e: BinaryNode): DebugExpr;
}

/** Unreachable after a successful check: reported as an internal error by the caller. */
export class InternalError extends Error {}

function missing(what: string): never {
  throw new InternalError(`internal error: ${what} in an expression that has no place for it`);
}

export const NO_HOOKS: LowerHooks = {
  hoist: () => missing('an operation call'),
  outerCb: () => missing("the callback's parameter"),
  spill: () => missing('a spill'),
  shortCircuit: () => missing('a short-circuit operation call'),
};

/** True if evaluating e calls a task_work_* operation (which takes atomic steps of its own). */
function containsOp(e: ExprNode): boolean {
  switch (e.kind) {
    case 'call': return findApi(e.callee.text)?.effect === 'op' || e.args.some(containsOp);
    case 'field': return containsOp(e.obj);
    case 'unary': return containsOp(e.operand);
    case 'binary': return containsOp(e.left) || containsOp(e.right);
    default: return false;
  }
}

/** Values no operation can change: no need to evaluate them before one. */
function isStable(d: DebugExpr): boolean {
  return d.k === 'int' || d.k === 'local' || d.k === 'work' || d.k === 'func' || d.k === 'exited' || d.k === 'cb';
}

export function lowerExpr(e: ExprNode, hooks: LowerHooks): DebugExpr {
  switch (e.kind) {
    case 'int': return { k: 'int', v: e.value };
    case 'bool': return { k: 'int', v: e.value ? 1 : 0 };
    case 'null': return { k: 'int', v: 0 };
    case 'exited': return { k: 'exited' };
    case 'name': return lowerName(e, hooks);
    case 'field': {
      if (e.obj.kind === 'name' && e.obj.res?.k === 'task') return { k: 'taskField', task: e.obj.res.id, field: 'task_works' };
      const field = e.field.text === 'func' ? 'func' : 'next';
      return { k: 'workField', obj: lowerExpr(e.obj, hooks), field };
    }
    case 'call': return lowerCall(e, hooks);
    case 'unary': return { k: 'unary', op: e.op, e: lowerExpr(e.operand, hooks) };
    case 'binary': return lowerBinary(e, hooks);
    default: return missing(`a ${e.kind}`);
  }
}

function lowerName(e: Extract<ExprNode, { kind: 'name' }>, hooks: LowerHooks): DebugExpr {
  const r = e.res;
  switch (r?.k) {
    case 'local': return { k: 'local', slot: r.slot, name: e.name };
    case 'work': return { k: 'work', id: r.id };
    case 'func': return { k: 'func', id: r.id };
    case 'cb': return { k: 'cb' };
    case 'outerCb': return hooks.outerCb();
    case 'exited': return { k: 'exited' };
    case 'int': return { k: 'int', v: r.v };
    case 'opLocal': return { k: 'opLocal', name: r.name };
    default: return missing(`the name '${e.name}'`);
  }
}

function lowerBinary(e: BinaryNode, hooks: LowerHooks): DebugExpr {
  const s = e.special;
  if (s) {
    const test: DebugExpr = s.k === 'step' ? { k: 'step', label: s.label }
      : { k: 'binary', op: '==', l: { k: 'thisThread' }, r: { k: 'thread', id: s.id } };
    return e.op === '!=' ? { k: 'unary', op: '!', e: test } : test;
  }
  if ((e.op === '&&' || e.op === '||') && containsOp(e.right)) return hooks.shortCircuit(e);
  let l = lowerExpr(e.left, hooks);
  if (containsOp(e.right) && !isStable(l)) l = hooks.spill(l);
  return { k: 'binary', op: e.op, l, r: lowerExpr(e.right, hooks) };
}

function lowerCall(e: CallNode, hooks: LowerHooks): DebugExpr {
  const spec = findApi(e.callee.text);
  if (spec?.effect === 'op') return hooks.hoist(e);
  if (!spec?.builtin) return missing(`a call of ${e.callee.text}()`);
  const a = e.args[0];
  const taskNode = a?.kind === 'field' && spec.args[0] === 'lock' ? a.obj : a;
  if (spec.args[0] === 'task' || spec.args[0] === 'lock') {
    const r = taskNode?.kind === 'name' ? taskNode.res : undefined;
    return r?.k === 'task' ? { k: 'builtin', fn: spec.builtin, task: r.id } : missing('a task argument');
  }
  return { k: 'builtin', fn: spec.builtin, arg: a ? lowerExpr(a, hooks) : missing('an argument') };
}

/** For the compiler: the lowered tree must be a plain core Expr. */
export function coreExpr(d: DebugExpr): Expr {
  return toCoreExpr(d) ?? missing('a debugger-only value');
}
