// Lowers expressions of a listing: every shared access becomes its own instruction whose result
// lands in a temporary slot, and what is left is a closure over the frame's slots. Kernel helpers
// and macros the model knows are here (builtins.ts names them); anything else is a TW3xx error.
import { CExpr } from './cAst';
import { Emitter } from './emitter';
import { LocalFn, Order, SlotKind } from './listing';
import { ModelSink, at } from './diagnostics';
import { TASK_FIELDS, WORK_FIELDS, WORK_EXITED, MODEL_FN_BASE, LOCAL_HEAD } from '../core';
import { CONSTANTS } from './builtins';
import { constFn, slotFn, binFn, unaryFn, condFn, logicalFn, truthFn, afterFn, taskFieldFn, workFieldFn, opOf } from './localFn';

/** A lowered value: its closure, its kind, and its value when known at compile time. */
export interface Val { fn: LocalFn; kind: SlotKind | 'void' | 'lock' | 'object'; k?: number }
/** An lvalue: a local slot or a shared word (its address closure and what it is). */
export type Place =
  | { where: 'local'; slot: number; kind: SlotKind }
  | { where: 'shared'; addr: LocalFn; kind: SlotKind | 'lock'; what: string };

export class BailExpr extends Error {}

/** A local: its slot and kind; `head` for a `struct hlist_head` (the slot holds its `first`). */
export interface Local { slot: number; kind: SlotKind; head?: boolean }

/** struct task_work (3.5) embeds its hlist_node as `hlist`, its first member: `&twork->hlist` is the work. */
export const EMBEDDED_NODE = 'hlist';

export interface Scope {
  lookup(name: string): Local | undefined;
  functionIndex(name: string): number;
  functionReturns(index: number): boolean;
  /** A CONFIG_* option as the listing is configured. */
  isEnabled(option: string): boolean;
  /** The function index of the handler a per-CPU irq_work of this file runs, or -1. */
  irqHandler(name: string): number;
}

export class ExprLowerer {
  constructor(readonly em: Emitter, readonly sink: ModelSink, readonly scope: Scope,
    private readonly lowerCall: (x: ExprLowerer, e: Extract<CExpr, { k: 'call' }>) => Val) {}

  fail(e: { line: number; column: number }, message: string, code = 'TW320'): never {
    this.sink.error(code, at(e.line, e.column), message);
    throw new BailExpr();
  }

  konst(v: number): Val { return { fn: constFn(v), kind: 'int', k: v }; }

  /** An rvalue: loads through shared places (plain loads), evaluates calls and helpers. */
  value(e: CExpr): Val {
    switch (e.k) {
      case 'num': return this.konst(e.v);
      case 'str': return this.fail(e, `a string is not a value the model knows`);
      case 'ident': return this.ident(e);
      case 'member': case 'unary':
        if (e.k === 'unary' && e.op !== '*' && e.op !== '&') return this.unary(e.op, e.e, e);
        if (e.k === 'unary' && e.op === '&') return this.addressOf(e.e);
        return this.load(this.place(e), 'plain', e);
      case 'binary': return this.binary(e.op, e.l, e.r, e);
      case 'assign': return this.assign(e.op, e.l, e.r, e);
      case 'call': return this.call(e);
      case 'type': return this.fail(e, `a type is only an argument of container_of or hlist_entry`, 'TW331');
      case 'cond': {
        if (hasEffects(e.a) || hasEffects(e.b)) return this.lazyCond(e);
        const c = this.value(e.c), a = this.pure(e.a), b = this.pure(e.b);
        return { fn: condFn(c.fn, a.fn, b.fn), kind: a.kind };
      }
    }
  }

  /** A value that must not access shared memory (a branch of `?:` without effects). */
  private pure(e: CExpr): Val {
    const before = this.em.pc;
    const v = this.value(e);
    if (this.em.pc !== before) this.fail(e, `a shared access or call inside '?:' is not part of the listing subset (use if/else)`);
    return v;
  }

  /** `c ? a : b` whose branches access shared memory: only the chosen branch runs (3.6's `last ? last->next : work`). */
  private lazyCond(e: Extract<CExpr, { k: 'cond' }>): Val {
    const c = this.value(e.c).fn;
    const t = this.em.temp('data');
    const toElse = this.em.emit('jumpIfNot', e.line, e.column, { addr: c });
    const a = this.value(e.a);
    const af = a.fn;
    // The result depends on the condition too (its branch ends at the join): the set reads c's slots.
    this.em.emit('set', e.a.line, e.a.column, { dst: t, a: afterFn(c, af) });
    const toEnd = this.em.emit('jump', e.a.line, e.a.column);
    toElse.target = this.em.pc;
    const b = this.value(e.b).fn;
    this.em.emit('set', e.b.line, e.b.column, { dst: t, a: afterFn(c, b) });
    toEnd.target = this.em.pc;
    toElse.join = this.em.pc;
    return { fn: slotFn(t), kind: a.kind };
  }

  private ident(e: Extract<CExpr, { k: 'ident' }>): Val {
    const local = this.scope.lookup(e.name);
    if (local?.head) return this.fail(e, `'${e.name}' is a list head: write '&${e.name}' or '${e.name}.first'`, 'TW323');
    if (local) return { fn: slotFn(local.slot), kind: local.kind };
    const c = CONSTANTS[e.name];
    if (c !== undefined) return { ...this.konst(c.value), kind: c.kind };
    if (e.name === 'work_exited') return { fn: constFn(WORK_EXITED), kind: 'object' };
    const fi = this.scope.functionIndex(e.name);
    if (fi >= 0) return { fn: constFn(MODEL_FN_BASE + fi), kind: 'fn', k: MODEL_FN_BASE + fi };
    return this.fail(e, `unknown name '${e.name}' (not a local, a parameter, a function of this file or a kernel constant the model knows)`, 'TW321');
  }

  private unary(op: string, x: CExpr, e: CExpr): Val {
    const v = this.value(x);
    const f = v.fn;
    if (op === '!') return { fn: unaryFn('!', f), kind: 'int' };
    if (op === '-') return v.k !== undefined ? this.konst(-v.k) : { fn: unaryFn('-', f), kind: 'int' };
    if (op === '~') return v.k !== undefined ? this.konst(~v.k) : { fn: unaryFn('~', f), kind: 'int' };
    return this.fail(e, `operator '${op}' is not part of the listing subset`);
  }

  /** `&task->task_works`, `&work->next`, `&work_exited`, `&task->pi_lock`. */
  addressOf(x: CExpr): Val {
    if (x.k === 'ident' && x.name === 'work_exited') return { fn: constFn(WORK_EXITED), kind: 'work', k: WORK_EXITED };
    if (this.localHead(x) || x.k === 'member' && x.field === 'first' && !x.arrow && this.localHead(x.obj)) {
      return { fn: constFn(LOCAL_HEAD), kind: 'pwork', k: LOCAL_HEAD };
    }
    if (x.k === 'member' && x.field === EMBEDDED_NODE && x.arrow) {
      const w = this.value(x.obj);
      if (w.kind !== 'work' && w.kind !== 'data') this.fail(x, `'->${EMBEDDED_NODE}' of something that is not a work`, 'TW324');
      return { fn: w.fn, kind: 'work' };
    }
    if (x.k === 'ident' && this.scope.lookup(x.name)) {
      return this.fail(x, `the address of the local '${x.name}' can only be try_cmpxchg's second argument`, 'TW322');
    }
    if (x.k === 'unary' && x.op === '*') return this.value(x.e);
    const p = this.place(x);
    if (p.where === 'local') return this.fail(x, `the address of a local is not part of the listing subset`, 'TW322');
    return { fn: p.addr, kind: p.kind === 'lock' ? 'lock' : p.kind === 'work' ? 'pwork' : 'data' };
  }

  /** The local `struct hlist_head` this expression names, if it does. */
  localHead(e: CExpr): Local | undefined {
    const l = e.k === 'ident' ? this.scope.lookup(e.name) : undefined;
    return l?.head ? l : undefined;
  }

  /**
   * The `first` word of the list head a pointer argument points at: `&task->task_works` (the task's
   * word: a head is its first), `&task_works` (a local head's slot), or a `struct hlist_head *` value.
   */
  headPlace(h: CExpr): Place {
    if (h.k === 'unary' && h.op === '&') {
      const local = this.localHead(h.e);
      if (local) return { where: 'local', slot: local.slot, kind: 'work' };
      if (h.e.k === 'ident') return this.fail(h, `'&${h.e.name}' is not a list head (a local 'struct hlist_head' or '&task->task_works')`, 'TW322');
      return this.place(h.e);
    }
    const v = this.value(h);
    if (v.kind !== 'pwork' && v.kind !== 'data') return this.fail(h, `expected a pointer to a list head ('&task->task_works')`, 'TW323');
    return { where: 'shared', addr: v.fn, kind: 'work', what: 'first' };
  }

  /** The address of that `first` word (what hlist_add_head stores in the new node's pprev). */
  headAddr(h: CExpr): Val {
    if (h.k === 'unary' && h.op === '&') return this.addressOf(h.e);
    return { ...this.value(h), kind: 'pwork' };
  }

  /** An lvalue. */
  place(e: CExpr): Place {
    if (e.k === 'ident') {
      const local = this.scope.lookup(e.name);
      if (local) return { where: 'local', slot: local.slot, kind: local.kind };
      return this.fail(e, `'${e.name}' is not a variable that can be read or written here`, 'TW321');
    }
    if (e.k === 'unary' && e.op === '*') {
      const p = this.value(e.e);
      if (p.kind !== 'pwork' && p.kind !== 'data') this.fail(e, `'*' needs a pointer to a list link (struct callback_head **)`, 'TW323');
      return { where: 'shared', addr: p.fn, kind: 'work', what: '*pprev' };
    }
    if (e.k === 'member') return this.member(e);
    return this.fail(e, `expected something that can be read or written (a variable, 'x->field' or '*pprev')`, 'TW323');
  }

  private member(e: Extract<CExpr, { k: 'member' }>): Place {
    if (e.field === 'first') {
      // A list head's only field: `task_works.first` (a local head), `h->first`, `task->task_works.first`.
      if (!e.arrow) {
        const local = this.localHead(e.obj);
        if (local) return { where: 'local', slot: local.slot, kind: 'work' };
        if (e.obj.k === 'member' && e.obj.field === 'task_works') return this.place(e.obj);
      } else return this.headPlace(e.obj);
    }
    if (!e.arrow && e.obj.k === 'member' && e.obj.field === EMBEDDED_NODE && e.obj.arrow) {
      // `twork->hlist.next`: the node's words are the work's own.
      return this.member({ ...e, obj: e.obj.obj, arrow: true });
    }
    const isExited = e.obj.k === 'ident' && e.obj.name === 'work_exited';
    const obj = isExited ? { fn: constFn(WORK_EXITED), kind: 'work' as const } : this.value(e.obj);
    if (!isExited && !e.arrow) this.fail(e, `'.' on a pointer: write '->'`, 'TW323');
    if (obj.kind === 'task') {
      // 5.8 - 5.10 flag TWA_SIGNAL in task->jobctl: the model keeps it in the thread flags (TIF_NOTIFY_SIGNAL).
      const field = e.field === 'jobctl' ? 'thread_flags' : e.field;
      const fi = (TASK_FIELDS as readonly string[]).indexOf(field);
      if (fi < 0 || e.field === 'thread_flags') this.fail(e, `struct task_struct has no field '${e.field}' in the model (it has task_works, pi_lock and flags)`, 'TW324');
      const f = obj.fn;
      const kind = e.field === 'task_works' ? 'work' : e.field === 'pi_lock' ? 'lock' : 'flags';
      return { where: 'shared', addr: taskFieldFn(f, fi), kind, what: e.field };
    }
    if (obj.kind === 'work' || obj.kind === 'data') {
      const fi = (WORK_FIELDS as readonly string[]).indexOf(e.field);
      if (fi < 0) this.fail(e, `struct callback_head has no field '${e.field}' (it has next and func; 3.5's hlist node also pprev, and '&work->hlist' is the work)`, 'TW324');
      const f = obj.fn;
      return { where: 'shared', addr: workFieldFn(f, fi), kind: fi === 0 ? 'work' : fi === 1 ? 'fn' : 'pwork', what: e.field };
    }
    return this.fail(e, `'${e.field}' of something that is neither a task nor a work`, 'TW324');
  }

  /** Reads a place: a local is a closure; a shared word is a load instruction into a temporary. */
  load(p: Place, order: Order, e: { line: number; column: number }): Val {
    if (p.where === 'local') return { fn: slotFn(p.slot), kind: p.kind };
    if (p.kind === 'lock') return this.fail(e, `a spinlock is only taken and released (raw_spin_lock/unlock)`, 'TW325');
    const dst = this.em.temp(p.kind);
    this.em.emit('load', e.line, e.column, { dst, addr: p.addr, order, what: p.what });
    return { fn: slotFn(dst), kind: p.kind };
  }

  store(p: Place, v: Val, order: Order, e: { line: number; column: number }): void {
    if (p.where === 'local') { this.em.emit('set', e.line, e.column, { dst: p.slot, a: v.fn }); return; }
    this.em.emit('store', e.line, e.column, { addr: p.addr, a: v.fn, order, what: p.what });
  }

  private assign(op: string, l: CExpr, r: CExpr, e: CExpr): Val {
    const p = this.place(l);
    if (op === '=') {
      const v = this.value(r);
      this.store(p, v, 'plain', e);
      return v;
    }
    const v = this.value(r);
    if (p.where === 'shared' && (op === '|=' || op === '&=') && p.kind === 'flags') {
      // A flags word is written by its owner only; the read-modify-write is one step, as in the model.
      const bits = v.fn;
      if (op === '|=') this.em.emit('or', e.line, e.column, { addr: p.addr, a: bits, what: p.what });
      else this.em.emit('andnot', e.line, e.column, { addr: p.addr, a: unaryFn('~', bits), what: p.what });
      return v;
    }
    const old = this.load(p, 'plain', e);
    const res = this.arith(op.slice(0, -1), old, v, e);
    this.store(p, res, 'plain', e);
    return res;
  }

  private binary(op: string, l: CExpr, r: CExpr, e: CExpr): Val {
    if (op === '&&' || op === '||') return this.logical(op, l, r);
    return this.arith(op, this.value(l), this.value(r), e);
  }

  /** Short-circuit: a right side with shared accesses or calls only runs when the left side says so. */
  private logical(op: '&&' | '||', l: CExpr, r: CExpr): Val {
    const a = this.value(l).fn;
    if (!hasEffects(r)) {
      const b = this.value(r).fn;
      return { fn: logicalFn(op, a, b), kind: 'int' };
    }
    const t = this.em.temp();
    this.em.emit('set', l.line, l.column, { dst: t, a: truthFn(a) });
    const skip = this.em.emit('jumpIfNot', l.line, l.column, { addr: op === '&&' ? slotFn(t) : unaryFn('!', slotFn(t)) });
    const b = this.value(r).fn;
    // `(s[t] & 0) |`: the result depends on the left operand too (the branch on it ends here).
    this.em.emit('set', r.line, r.column, { dst: t, a: binFn('|', binFn('&', slotFn(t), constFn(0)), truthFn(b)) });
    skip.target = this.em.pc;
    skip.join = this.em.pc;
    return { fn: slotFn(t), kind: 'int' };
  }

  arith(op: string, l: Val, r: Val, e: { line: number; column: number }): Val {
    const f = opOf(op);
    if (!f) return this.fail(e, `operator '${op}' is not part of the listing subset`);
    if (l.k !== undefined && r.k !== undefined) return this.konst(f(l.k, r.k));
    return { fn: binFn(op, l.fn, r.fn), kind: op === '&' || op === '|' ? l.kind === 'flags' ? 'int' : l.kind as SlotKind : 'int' };
  }

  call(e: Extract<CExpr, { k: 'call' }>): Val {
    return this.lowerCall(this, e);
  }
}

/** Can evaluating e touch shared memory or call something? (Then `&&`/`||` must branch around it.) */
export function hasEffects(e: CExpr): boolean {
  switch (e.k) {
    case 'num': case 'str': case 'ident': case 'type': return false;
    case 'member': case 'call': case 'assign': return true;
    case 'unary': return e.op === '*' || hasEffects(e.e);
    case 'binary': return hasEffects(e.l) || hasEffects(e.r);
    case 'cond': return hasEffects(e.c) || hasEffects(e.a) || hasEffects(e.b);
  }
}
