// Compiles one checked body into a flat instruction list: structured control flow becomes
// jumpIfNot/jump with absolute targets (a target equal to instrs.length means "end of block").
// Hidden locals (names starting with '%') hold hoisted call results, loop counters and temps.
import type { CodeBlock, Expr, Instr, LocalType, Origin } from '../core/program';
import { StmtNode, CallNode, BinaryNode, ExprNode } from './ast';
import { findApi } from './api';
import { BodyInfo } from './checkBody';
import { DebugExpr } from './debugExpr';
import { LowerHooks, InternalError, lowerExpr, coreExpr } from './lower';

type DistOmit<T, K extends PropertyKey> = T extends unknown ? Omit<T, K> : never;
type InstrBody = DistOmit<Instr, 'origin'>;
type OpInstr = Extract<InstrBody, { op: 'add' | 'cancel_func' | 'cancel' | 'cancel_match' }>;

export function compileBody(name: string, body: readonly StmtNode[], info: BodyInfo, origin: Origin): CodeBlock {
  const c = new BodyCompiler(info, origin);
  for (const s of body) c.stmt(s);
  return { name, instrs: c.instrs, locals: c.locals };
}

class BodyCompiler implements LowerHooks {
  readonly instrs: Instr[] = [];
  readonly locals: { name: string; type: LocalType }[];
  private hidden = 0;

  constructor(info: BodyInfo, private origin: Origin) {
    this.locals = info.locals.map((l) => ({ ...l }));
  }

  private emit(i: InstrBody): number {
    this.instrs.push({ ...i, origin: this.origin } as Instr);
    return this.instrs.length - 1;
  }

  /** Points the jump at `index` to the next instruction to be emitted. */
  private patch(index: number): void {
    const i = this.instrs[index];
    if (i && (i.op === 'jump' || i.op === 'jumpIfNot')) i.target = this.instrs.length;
  }

  private temp(kind: string, type: LocalType): number {
    this.locals.push({ name: `%${kind}${++this.hidden}`, type });
    return this.locals.length - 1;
  }

  private value(e: ExprNode): DebugExpr {
    return lowerExpr(e, this);
  }

  stmt(s: StmtNode): void {
    const outer = this.origin;
    this.origin = s.origin;
    switch (s.kind) {
      case 'let': case 'assign': this.assign(s.slot, s.kind === 'let' ? s.init : s.value); break;
      case 'call': this.callStmt(s.call); break;
      case 'if': this.ifStmt(s); break;
      case 'while': this.whileStmt(s); break;
      case 'repeat': this.repeatStmt(s); break;
      case 'block': for (const b of s.body) this.stmt(b); break;
      case 'empty': break;
    }
    this.origin = outer;
  }

  private assign(slot: number | undefined, value: ExprNode): void {
    if (slot === undefined) throw new InternalError('internal error: an assignment without a local slot');
    if (value.kind === 'call' && findApi(value.callee.text)?.effect === 'op') this.emitOp(value, slot);
    else this.emit({ op: 'set', dst: slot, e: coreExpr(this.value(value)) });
  }

  private callStmt(call: CallNode): void {
    const spec = findApi(call.callee.text);
    const arg = call.args[0];
    switch (spec?.name) {
      case 'task_work_run': this.emit({ op: 'run' }); return;
      case 'do_exit': this.emit({ op: 'exit' }); return;
      case 'resume_user_mode_work': this.emit({ op: 'resume' }); return;
      case 'free': if (arg) this.emit({ op: 'free', work: coreExpr(this.value(arg)) }); return;
      case 'alloc': if (arg?.kind === 'name' && arg.res?.k === 'work') this.emit({ op: 'alloc', work: arg.res.id }); return;
      case 'wait_until': if (arg) this.emit({ op: 'wait', e: coreExpr(this.value(arg)) }); return;
      case 'context_switch': {
        const task = call.args[1];
        if (arg?.kind === 'name' && arg.res?.k === 'cpu' && task?.kind === 'name' && task.res?.k === 'task') this.emit({ op: 'switch', cpu: arg.res.id, task: task.res.id });
        return;
      }
      case 'assert': if (arg) this.emit({ op: 'assert', e: coreExpr(this.value(arg)) }); return;
      default: if (spec?.effect === 'op') this.emitOp(call); // a query statement was rejected by the checker
    }
  }

  /** An operation instruction; its arguments are lowered first (they may hoist calls themselves). */
  private emitOp(call: CallNode, dst?: number): void {
    const [a0, a1, a2] = call.args;
    const task = a0?.kind === 'name' && a0.res?.k === 'task' ? a0.res.id : -1;
    let op: OpInstr;
    switch (call.callee.text) {
      case 'task_work_add': {
        const work = this.argument(coreExpr(this.value(a1 ?? bad())));
        const mode = a2?.kind === 'name' && a2.res?.k === 'mode' ? a2.res.mode : bad();
        op = { op: 'add', task, work, mode };
        break;
      }
      case 'task_work_cancel_func':
        op = { op: 'cancel_func', task, func: a1?.kind === 'name' && a1.res?.k === 'func' ? a1.res.id : bad() };
        break;
      case 'task_work_cancel': op = { op: 'cancel', task, work: this.argument(coreExpr(this.value(a1 ?? bad()))) }; break;
      case 'task_work_cancel_match':
        op = { op: 'cancel_match', task, pred: coreExpr(this.value(a1?.kind === 'lambda' ? a1.body : bad())) };
        break;
      default: return bad();
    }
    if (task < 0 && !(a0?.kind === 'name' && a0.name === 'current')) bad(); // -1: an on(CPU) thread's current
    if (dst !== undefined) op.dst = dst;
    this.emit(op);
  }

  /**
   * An argument that reads shared memory (`T.task_works`, `A.next`) is loaded into a hidden local
   * first, as its own atomic step: the core evaluates arguments silently when the call starts,
   * so a shared read there would race without a footprint.
   */
  private argument(e: Expr): Expr {
    if (!readsShared(e)) return e;
    const t = this.temp('t', 'work');
    this.emit({ op: 'set', dst: t, e });
    return { k: 'local', slot: t, name: this.locals[t]?.name ?? '%t' };
  }

  private ifStmt(s: Extract<StmtNode, { kind: 'if' }>): void {
    const skip = this.emit({ op: 'jumpIfNot', e: coreExpr(this.value(s.cond)), target: -1 });
    this.stmt(s.then);
    if (!s.else) { this.patch(skip); return; }
    const end = this.emit({ op: 'jump', target: -1 });
    this.patch(skip);
    this.stmt(s.else);
    this.patch(end);
  }

  private whileStmt(s: Extract<StmtNode, { kind: 'while' }>): void {
    // Iterations are counted per entry of the loop, so a legal inner loop under an outer one
    // never adds up to the bound.
    const counter = this.temp('loop', 'int');
    this.emit({ op: 'set', dst: counter, e: { k: 'int', v: 0 } });
    const top = this.instrs.length; // hoisted calls of the condition run again on every iteration
    const exit = this.emit({ op: 'jumpIfNot', e: coreExpr(this.value(s.cond)), target: -1 });
    this.stmt(s.body);
    this.emit({ op: 'jump', target: top, counter });
    this.patch(exit);
  }

  /** `repeat (N) S`: a hidden counter counts down from N; the test comes first, like a while. */
  private repeatStmt(s: Extract<StmtNode, { kind: 'repeat' }>): void {
    const n = this.temp('repeat', 'int');
    const counter: DebugExpr = { k: 'local', slot: n, name: this.locals[n]?.name ?? '' };
    this.emit({ op: 'set', dst: n, e: { k: 'int', v: s.count } });
    const top = this.emit({ op: 'jumpIfNot', e: coreExpr({ k: 'binary', op: '>', l: counter, r: { k: 'int', v: 0 } }), target: -1 });
    this.stmt(s.body);
    this.emit({ op: 'set', dst: n, e: coreExpr({ k: 'binary', op: '-', l: counter, r: { k: 'int', v: 1 } }) });
    this.emit({ op: 'jump', target: top });
    this.patch(top);
  }

  // LowerHooks: what expressions inside this body may need.

  hoist(call: CallNode): DebugExpr {
    const type = findApi(call.callee.text)?.result;
    const t = this.temp('t', type === 'bool' ? 'bool' : type === 'int' ? 'int' : 'work');
    this.emitOp(call, t);
    return this.local(t);
  }

  outerCb(): DebugExpr {
    const t = this.temp('cb', 'work');
    this.emit({ op: 'set', dst: t, e: { k: 'cb' } });
    return this.local(t);
  }

  spill(e: DebugExpr): DebugExpr {
    const t = this.temp('t', 'int');
    this.emit({ op: 'set', dst: t, e: coreExpr(e) });
    return this.local(t);
  }

  /** t = !!a; if (&&: !t / ||: t) skip; t = !!b; — b's calls only run when C would run them. */
  shortCircuit(e: BinaryNode): DebugExpr {
    const t = this.temp('t', 'bool');
    const truth = (x: DebugExpr): DebugExpr => ({ k: 'unary', op: '!', e: { k: 'unary', op: '!', e: x } });
    this.emit({ op: 'set', dst: t, e: coreExpr(truth(this.value(e.left))) });
    const test: DebugExpr = e.op === '&&' ? this.local(t) : { k: 'unary', op: '!', e: this.local(t) };
    const skip = this.emit({ op: 'jumpIfNot', e: coreExpr(test), target: -1 });
    this.emit({ op: 'set', dst: t, e: coreExpr(truth(this.value(e.right))) });
    this.patch(skip);
    return this.local(t);
  }

  private local(slot: number): DebugExpr {
    return { k: 'local', slot, name: this.locals[slot]?.name ?? '' };
  }
}

function bad(): never {
  throw new InternalError('internal error: an operation call with arguments the checker should have rejected');
}

/** Does evaluating e read shared state (a task or work field, a query)? */
function readsShared(e: Expr): boolean {
  switch (e.k) {
    case 'taskField': case 'workField': case 'builtin': return true;
    case 'unary': return readsShared(e.e);
    case 'binary': return readsShared(e.l) || readsShared(e.r);
    default: return false;
  }
}
