// Lowers the statements of one function to jumps over the flat code array: if/else, while, do,
// for, switch/case, break/continue, goto and labels, return. Block scopes map names to slots.
import { CStmt, CExpr, CType } from './cAst';
import { Emitter } from './emitter';
import { ExprLowerer, BailExpr, Scope, Val, Local } from './lowerExpr';
import { FIRST_MEMBERS } from './lowerHlist';
import { binFn, slotFn } from './localFn';
import { SlotKind, MInstr, LocalFn } from './listing';
import { ModelSink, at } from './diagnostics';
import { noteSubject } from '../core';

interface Loop { breaks: MInstr[]; continues: MInstr[] }

/**
 * 3.5's list types are the model's: a struct task_work or its embedded hlist_node is a work (the
 * node is its first member), a pointer to a link is a `struct callback_head **`, and so is a pointer
 * to an hlist_head (the head is its `first` link).
 */
const NODE_TYPES = new Set(['struct callback_head', 'struct task_work', 'struct hlist_node']);

/** What a declared type is to the model. */
export function kindOf(t: CType): SlotKind | undefined {
  if (t.fn) return 'fn';
  if (t.base === 'struct task_struct' && t.ptr === 1) return 'task';
  if (NODE_TYPES.has(t.base) && t.ptr === 1) return 'work';
  if (NODE_TYPES.has(t.base) && t.ptr === 2 || t.base === 'struct hlist_head' && t.ptr === 1) return 'pwork';
  if (t.base === 'void' && t.ptr === 1) return 'data';
  if (t.ptr === 0 && ['int', 'bool', 'long', 'unsigned long', 'unsigned', 'unsigned int', 'long long', 'u32', 'u64', 'size_t'].includes(t.base)) return 'int';
  if (t.ptr === 0 && t.base.startsWith('enum ')) return 'int';
  if (t.ptr === 1 && t.base.startsWith('struct ')) return 'data'; // an opaque kernel object (struct irq_work *)
  return undefined;
}

export class StmtLowerer {
  /** Slot 0 of every frame holds `current` (the thread's task). */
  private readonly scopes: Map<string, Local>[] = [new Map([['current', { slot: 0, kind: 'task' as SlotKind }]])];
  private readonly loops: Loop[] = [];
  private readonly labels = new Map<string, number>();
  private readonly gotos: { instr: MInstr; label: string; line: number; column: number }[] = [];
  readonly x: ExprLowerer;

  constructor(readonly em: Emitter, readonly sink: ModelSink, outer: Omit<Scope, 'lookup'>,
    lowerCall: ConstructorParameters<typeof ExprLowerer>[3]) {
    const lookup = (name: string): Local | undefined => {
      for (let i = this.scopes.length - 1; i >= 0; i--) { const v = this.scopes[i]?.get(name); if (v) return v; }
      return undefined;
    };
    this.x = new ExprLowerer(em, sink, { ...outer, lookup }, lowerCall);
  }

  declare(name: string, type: CType, pos: { line: number; column: number }): number {
    if (type.base === 'struct hlist_head' && type.ptr === 0) {
      // A local list head (3.5's task_work_run): its `first` in a slot; its address is LOCAL_HEAD.
      const slot = this.em.slot(`${name}.first`, 'work');
      this.scopes[this.scopes.length - 1]?.set(name, { slot, kind: 'work', head: true });
      return slot;
    }
    const kind = kindOf(type);
    if (!kind) this.sink.error('TW340', at(pos.line, pos.column), `a variable of type '${type.base}${'*'.repeat(type.ptr)}' is not part of the listing subset`);
    const slot = this.em.slot(name, kind ?? 'int');
    this.scopes[this.scopes.length - 1]?.set(name, { slot, kind: kind ?? 'int' });
    return slot;
  }

  /** Lowers a function body and resolves its gotos. */
  body(s: CStmt): void {
    this.stmt(s);
    for (const g of this.gotos) {
      const target = this.labels.get(g.label);
      if (target === undefined) this.sink.error('TW341', at(g.line, g.column), `'goto ${g.label}': no such label in this function`);
      else g.instr.target = target;
    }
  }

  stmt(s: CStmt): void {
    const m = this.em.mark();
    try { this.lower(s); } catch (e) { if (!(e instanceof BailExpr)) throw e; }
    this.em.closeTemps(m);
  }

  private cond(c: CExpr): Val { return this.x.value(c); }

  private jumpIfNot(c: CExpr): MInstr {
    const m = this.em.mark();
    const v = this.cond(c);
    const j = this.em.emit('jumpIfNot', c.line, c.column, { addr: v.fn });
    this.em.closeTemps(m); // a loop's test: its temporaries are dead in the body
    return j;
  }

  /**
   * The local a condition tests, for the trace (listingNotes.ts): `h == &work_exited` tests h,
   * `!match(work, data)` tests work (a predicate tests its first argument), `work` tests work.
   */
  private subject(c: CExpr): LocalFn | undefined {
    if (c.k === 'ident') { const l = this.x.scope.lookup(c.name); return l && !l.head ? slotFn(l.slot) : undefined; }
    if (c.k === 'unary' && c.op === '!') return this.subject(c.e);
    if (c.k === 'binary' && ['==', '!=', '<', '>', '<=', '>='].includes(c.op)) return this.subject(c.l);
    if (c.k === 'call' && c.args[0]) return this.subject(c.args[0]);
    return undefined;
  }

  private jump(line: number, column: number, target = -1): MInstr {
    return this.em.emit('jump', line, column, { target });
  }

  private lower(s: CStmt): void {
    const em = this.em;
    switch (s.k) {
      case 'empty': em.ensureNamed(s.line, s.column); return;
      case 'case': return; // cases are placed by switchStmt
      case 'block':
        this.scopes.push(new Map());
        for (const b of s.body) this.stmt(b);
        this.scopes.pop();
        return;
      case 'decl':
        for (const d of s.decls) {
          let init: Val | undefined;
          try {
            init = d.init ? this.x.value(d.init) : undefined; // C: the initialiser cannot see the new name
          } finally {
            const slot = this.declare(d.name, d.type, d); // declared even when its initialiser is an error: one error, not one per use
            if (init) em.emit('set', d.line, d.column, { dst: slot, a: init.fn });
          }
        }
        return;
      case 'expr': {
        const first = em.pc;
        this.x.value(s.e);
        em.ensureNamed(s.line, s.column);
        const i = em.code[first];
        const tested = s.e.k === 'ident' ? this.subject(s.e) : undefined; // `(void)h;`: a check that cannot fail
        if (i && tested) noteSubject(i, tested);
        return;
      }
      case 'if': {
        const skip = this.jumpIfNot(s.c);
        const tested = this.subject(s.c);
        if (tested) noteSubject(skip, tested);
        const start = em.pc;
        this.stmt(s.then);
        if (!s.else) { skip.target = em.pc; skip.join = this.joinOf(start); return; }
        const end = this.jump(s.line, s.column);
        skip.target = em.pc;
        this.stmt(s.else);
        end.target = em.pc;
        skip.join = this.joinOf(start);
        return;
      }
      case 'while': return this.loop(s.c, s.body, undefined, s);
      case 'for':
        this.scopes.push(new Map());
        if (s.init) this.stmt(s.init);
        this.loop(s.c, s.body, s.step, s);
        this.scopes.pop();
        return;
      case 'do': {
        const top = em.pc;
        const loop: Loop = { breaks: [], continues: [] };
        this.loops.push(loop);
        this.stmt(s.body);
        this.loops.pop();
        em.leaveLine();
        const test = em.pc;
        const exit = this.jumpIfNot(s.c);
        this.jump(s.c.line, s.c.column, top);
        exit.target = em.pc;
        exit.join = em.pc; // the condition's control dependency reaches the loop body only (left by goto: until return)
        for (const c of loop.continues) c.target = test;
        for (const b of loop.breaks) b.target = em.pc;
        return;
      }
      case 'goto': this.gotos.push({ instr: this.jump(s.line, s.column), label: s.label, line: s.line, column: s.column }); return;
      case 'label':
        if (this.labels.has(s.label)) this.sink.error('TW341', at(s.line, s.column), `label '${s.label}' is defined twice`);
        em.leaveLine();
        this.labels.set(s.label, em.pc);
        this.stmt(s.body);
        return;
      case 'return': {
        const v = s.e ? this.x.value(s.e) : undefined;
        em.emit('ret', s.line, s.column, v ? { a: v.fn } : {});
        return;
      }
      case 'break': case 'continue': {
        // `continue` inside a switch belongs to the loop around it.
        const loop = [...this.loops].reverse().find((l) => s.k === 'break' || l.continues !== NO_CONTINUE);
        if (!loop) {
          this.sink.error('TW342', at(s.line, s.column), `'${s.k}' outside a loop${s.k === 'break' ? ' or switch' : ''}`);
          return;
        }
        (s.k === 'break' ? loop.breaks : loop.continues).push(this.jump(s.line, s.column));
        return;
      }
      case 'switch': return this.switchStmt(s);
      case 'foreach': return this.foreach(s);
    }
  }

  /**
   * The hlist walks as the for loops they expand to (the node is its entry's first member, so an
   * entry and its node are one pointer): `hlist_for_each(pos, head)` and 3.9's
   * `hlist_for_each_entry(pos, head, member)` walk pos from head->first along ->next; 3.5's
   * `hlist_for_each_entry(tpos, pos, head, member)` also sets tpos to pos's entry each time round.
   */
  private foreach(s: Extract<CStmt, { k: 'foreach' }>): void {
    const p = { line: s.line, column: s.column };
    const shape = s.macro === 'hlist_for_each' ? 2 : s.macro === 'hlist_for_each_entry' ? [3, 4] : undefined;
    const n = s.args.length;
    if (!shape) {
      this.sink.error('TW330', at(s.line, s.column), `'${s.macro}' is not a list walk the model knows (hlist_for_each, hlist_for_each_entry)`);
      return;
    }
    if (typeof shape === 'number' ? n !== shape : !shape.includes(n)) {
      this.sink.error('TW331', at(s.line, s.column), `'${s.macro}' takes ${typeof shape === 'number' ? shape : shape.join(' or ')} arguments, found ${n}`);
      return;
    }
    const [first, second] = s.args as [CExpr, CExpr];
    const pos = n === 4 ? second : first;
    const head = s.args[n === 2 ? 1 : n - 2] as CExpr;
    const member = s.args[n - 1] as CExpr;
    if (n > 2 && (member.k !== 'ident' || !FIRST_MEMBERS.has(member.name))) {
      this.sink.error('TW324', at(member.line, member.column), `'${s.macro}' over a member the model does not lay out first (it knows ${[...FIRST_MEMBERS].join(', ')})`);
      return;
    }
    const init: CStmt = { ...p, k: 'expr', e: { ...p, k: 'assign', op: '=', l: pos, r: { ...p, k: 'member', obj: head, field: 'first', arrow: true } } };
    const step: CExpr = { ...p, k: 'assign', op: '=', l: pos, r: { ...p, k: 'member', obj: pos, field: 'next', arrow: true } };
    const body: CStmt = n === 4
      ? { ...p, k: 'block', body: [{ ...p, k: 'expr', e: { ...p, k: 'assign', op: '=', l: first, r: pos } }, s.body] }
      : s.body;
    this.lower({ ...p, k: 'for', init, c: pos, step, body });
  }

  /**
   * Where the control dependency of an if whose branches span [start, pc) ends: at the join (pc),
   * unless a branch leaves by return, goto, break or continue: then what follows the if runs only on
   * one side too, so the dependency lasts until the function returns (-1).
   */
  private joinOf(start: number): number {
    const end = this.em.pc;
    for (let k = start; k < end; k++) {
      const i = this.em.code[k] as MInstr;
      if (i.op === 'ret' || (i.op === 'jump' && (i.target < start || i.target > end))) return -1;
    }
    return end;
  }

  /** while / for: test at the top; `continue` goes to the step expression. */
  private loop(c: CExpr | undefined, body: CStmt, step: CExpr | undefined, at0: { line: number; column: number }): void {
    const em = this.em;
    em.leaveLine();
    const top = em.pc;
    const exit = c ? this.jumpIfNot(c) : undefined;
    const loop: Loop = { breaks: [], continues: [] };
    this.loops.push(loop);
    this.stmt(body);
    this.loops.pop();
    const cont = em.pc;
    const m = em.mark();
    if (step) { try { this.x.value(step); } catch (e) { if (!(e instanceof BailExpr)) throw e; } }
    em.closeTemps(m);
    this.jump(at0.line, at0.column, top);
    if (exit) { exit.target = em.pc; exit.join = em.pc; } // as the LKMM's: the loop body only (left by goto: until return)
    for (const x of loop.continues) x.target = cont;
    for (const b of loop.breaks) b.target = em.pc;
  }

  /** switch: compare in order, jump to the matching case (or default, or past the end). */
  private switchStmt(s: Extract<CStmt, { k: 'switch' }>): void {
    const em = this.em;
    const v = this.x.value(s.e).fn;
    const t = em.temp();
    em.emit('set', s.line, s.column, { dst: t, a: v });
    const body = s.body.k === 'block' ? s.body.body : [s.body];
    const cases = body.filter((b): b is Extract<CStmt, { k: 'case' }> => b.k === 'case');
    const jumps = cases.map((c) => {
      if (c.e === null) return null;
      const k = this.x.value(c.e).fn;
      return em.emit('jumpIfNot', c.line, c.column, { addr: binFn('!=', slotFn(t), k) });
    });
    const toDefault = this.jump(s.line, s.column);
    const loop: Loop = { breaks: [], continues: NO_CONTINUE };
    this.loops.push(loop);
    this.scopes.push(new Map());
    let ci = 0;
    let hasDefault = false;
    for (const b of body) {
      if (b.k === 'case') {
        em.leaveLine();
        const j = jumps[ci++];
        if (j) j.target = em.pc; else { toDefault.target = em.pc; hasDefault = true; }
        continue;
      }
      this.stmt(b);
    }
    this.scopes.pop();
    this.loops.pop();
    if (!hasDefault) toDefault.target = em.pc;
    for (const b of loop.breaks) b.target = em.pc;
  }
}

/** A switch is a break target but not a continue target. */
const NO_CONTINUE: MInstr[] = [];
