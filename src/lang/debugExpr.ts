// DebugExpr: the debugger's condition/watch expressions. A core Expr plus three leaves that only
// make sense at a breakpoint; instantiateDebugExpr turns them into constants, giving a core Expr.
import type { Expr, Builtin, BinaryOp, WorkField } from '../core/program';
import type { OpLocalName } from './ast';

export type { OpLocalName };

/**
 * Every core Expr is a DebugExpr. The extra leaves:
 * - `step`: 1 if the thread's next atomic step has this label (`step == "add.cas"`), else 0;
 * - `opLocal`: a C local of the operation the thread is in (h, work, pprev, next, head), NULL if none;
 * - `thisThread`: the index of the thread the expression is evaluated for; `thread == "adder"`
 *   becomes `thisThread == {k:'thread', id}` (the core evaluates {k:'thread'} to its id).
 */
export type DebugExpr =
  | Exclude<Expr, { k: 'workField' | 'builtin' | 'unary' | 'binary' }>
  | { k: 'workField'; obj: DebugExpr; field: WorkField }
  | { k: 'builtin'; fn: Builtin; task?: number; arg?: DebugExpr }
  | { k: 'unary'; op: '!' | '-'; e: DebugExpr }
  | { k: 'binary'; op: BinaryOp; l: DebugExpr; r: DebugExpr }
  | { k: 'step'; label: string }
  | { k: 'opLocal'; name: OpLocalName }
  | { k: 'thisThread' };

type BuiltinExpr = Extract<Expr, { k: 'builtin' }>;

/** What the debugger knows about the thread at the point of evaluation. */
export interface DebugFrame {
  /** Index of the thread (Program.threads) the expression is evaluated for. */
  thread: number;
  /** Label of the atomic step that thread takes next; undefined when it has finished. */
  step?: string;
  /** The C locals of the operation in progress (the thread's top op frame), if any. */
  op?: Partial<Record<OpLocalName, number>>;
}

/** The debug leaves replaced by their values for this frame: a core Expr for the core's evalExpr. */
export function instantiateDebugExpr(d: DebugExpr, frame: DebugFrame): Expr {
  switch (d.k) {
    case 'step': return { k: 'int', v: frame.step === d.label ? 1 : 0 };
    case 'opLocal': return { k: 'int', v: frame.op?.[d.name] ?? 0 };
    case 'thisThread': return { k: 'int', v: frame.thread };
    case 'workField': return { k: 'workField', obj: instantiateDebugExpr(d.obj, frame), field: d.field };
    case 'builtin': {
      const out: BuiltinExpr = { k: 'builtin', fn: d.fn };
      if (d.task !== undefined) out.task = d.task;
      if (d.arg) out.arg = instantiateDebugExpr(d.arg, frame);
      return out;
    }
    case 'unary': return { k: 'unary', op: d.op, e: instantiateDebugExpr(d.e, frame) };
    case 'binary': return { k: 'binary', op: d.op, l: instantiateDebugExpr(d.l, frame), r: instantiateDebugExpr(d.r, frame) };
    default: return d;
  }
}

/** The same tree as a core Expr if it has no debug leaves (then it needs no DebugFrame). */
export function toCoreExpr(d: DebugExpr): Expr | undefined {
  switch (d.k) {
    case 'step': case 'opLocal': case 'thisThread': return undefined;
    case 'workField': {
      const obj = toCoreExpr(d.obj);
      return obj && { k: 'workField', obj, field: d.field };
    }
    case 'builtin': {
      const out: BuiltinExpr = { k: 'builtin', fn: d.fn };
      if (d.task !== undefined) out.task = d.task;
      if (d.arg) {
        const arg = toCoreExpr(d.arg);
        if (!arg) return undefined;
        out.arg = arg;
      }
      return out;
    }
    case 'unary': {
      const e = toCoreExpr(d.e);
      return e && { k: 'unary', op: d.op, e };
    }
    case 'binary': {
      const l = toCoreExpr(d.l);
      const r = toCoreExpr(d.r);
      return l && r && { k: 'binary', op: d.op, l, r };
    }
    default: return d;
  }
}
