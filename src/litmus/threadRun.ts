// One thread of a litmus test run along one path: every read takes a value from the chooser
// (the values that may reach its location), and the run records the thread's events with their
// address, data and control dependencies (as the reads each value was computed from).
import type { AccessTag, Val } from '../lkmm';
import type { Expr, Pos, Stmt, Thread } from './ast';
import { LitmusError } from './diagnostics';
import { arity, PRIMITIVES, REMOVED } from './primitives';
import { applyOp, binaryOp, truthy } from './values';
import { DeadPath, union } from './pathTypes';
import type { Choose, PathEvent, TVal, ThreadPath } from './pathTypes';
import { callPrimitive } from './callPrimitive';
import type { PrimHost } from './callPrimitive';

/** How many times a loop's body may run on one path (herd7's default unrolling bound). */
export const LOOP_BOUND = 2;
const MAX_ITERATIONS = 1000;

/** What ends a statement early: a `break` or `continue` on its way out to the innermost loop. */
type Jump = 'break' | 'continue' | undefined;

const JUMPS = new WeakMap<Stmt, Set<'break' | 'continue'>>();

/** The `break`s and `continue`s in a statement that leave it for the loop around it (not those of a loop inside it). */
function jumpsOut(s: Stmt): Set<'break' | 'continue'> {
  let found = JUMPS.get(s);
  if (!found) {
    found = new Set();
    if (s.k === 'break' || s.k === 'continue') found.add(s.k);
    if (s.k === 'if') for (const inner of [...s.then, ...s.else]) for (const j of jumpsOut(inner)) found.add(j);
    JUMPS.set(s, found);
  }
  return found;
}

export class ThreadRun implements PrimHost {
  readonly events: PathEvent[] = [];
  readonly regs = new Map<string, TVal>();
  private ctrl: number[] = [];
  /** The tests of the `if`s that might have broken out of the innermost loop and did not. */
  private breakCtrl: number[] = [];

  constructor(private readonly t: Thread, private readonly values: (loc: string) => Val[], private readonly choose: Choose, initRegs: Map<string, Val>, private readonly arrays: ReadonlyMap<string, number> = new Map()) {
    for (const [k, v] of initRegs) if (k.startsWith(`${t.index}:`)) this.regs.set(k.slice(k.indexOf(':') + 1), { v, deps: [] });
  }

  run(): ThreadPath {
    this.block(this.t.body);
    return { events: this.events, regs: new Map([...this.regs].map(([k, v]) => [k, v.v])) };
  }

  private block(stmts: Stmt[]): Jump {
    for (const s of stmts) {
      const jump = this.stmt(s);
      if (jump) return jump;
    }
    return undefined;
  }

  private stmt(s: Stmt): Jump {
    switch (s.k) {
      case 'decl': if (s.init) this.regs.set(s.name, this.eval(s.init)); else if (!this.regs.has(s.name)) this.regs.set(s.name, { v: 0, deps: [] }); return undefined;
      case 'expr': this.eval(s.e); return undefined;
      case 'assign': this.assign(s.target, s.value, s.pos); return undefined;
      case 'if': {
        const c = this.eval(s.cond);
        // The kernel model's control dependency reaches the events in the branches of the `if`,
        // not those after the end of the statement.
        const outside = this.ctrl;
        this.ctrl = union(outside, c.deps);
        const jump = this.block(truthy(c.v) ? s.then : s.else);
        // An `if` that may break or continue and did not: the rest of the loop body runs only
        // because it did not, so it depends on the test as if it were in the branch (`if (!r)
        // continue; W` is `if (r) W`). After a possible break, so do the later rounds.
        const escapes = jumpsOut(s);
        if (jump || escapes.size === 0) this.ctrl = outside;
        else if (escapes.has('break')) this.breakCtrl = union(this.breakCtrl, this.ctrl);
        return jump;
      }
      case 'loop': this.loop(s.cond, s.body, s.step, s.first, s.pos); return undefined;
      case 'break': case 'continue': return s.k;
    }
  }

  /**
   * A loop unrolled as herd7 does: `while (c) body` is `if (c) { body; if (c) { body; ... } }`, so
   * each iteration's events depend on every test before it, and the events after the loop on none.
   * A loop whose test reads memory (a spin on a flag) goes round at most LOOP_BOUND times: a path
   * that would go round again is dropped, as herd7 drops it. A test on registers alone (a counted
   * `for`) runs to its end, up to MAX_ITERATIONS. `break` leaves the loop (the events after it
   * depend on none of its tests, as after a loop that ends by its test); `continue` goes on to the
   * step of a `for` and the next test.
   */
  private loop(cond: Expr, body: Stmt[], step: Stmt[], first: boolean, pos: Pos): void {
    const outside = this.ctrl;
    const outerBreak = this.breakCtrl;
    this.breakCtrl = [];
    let spins = 0;
    for (let round = 0; ; round++) {
      if (!(first && round === 0)) {
        const c = this.eval(cond);
        if (!truthy(c.v)) break;
        this.ctrl = union(this.ctrl, c.deps);
        if (c.deps.length > 0 && ++spins > LOOP_BOUND) throw new DeadPath();
      }
      if (round >= MAX_ITERATIONS) throw new LitmusError('TW606', pos, `this loop goes round more than ${MAX_ITERATIONS} times`);
      const start = this.ctrl;
      if (this.block(body) === 'break') break;
      // Where a skipped `continue` left the rest of the body depending on its test, the next round
      // does not: it runs either way.
      this.ctrl = union(start, this.breakCtrl);
      this.block(step);
    }
    this.ctrl = outside;
    this.breakCtrl = outerBreak;
  }

  private assign(target: Expr, value: Expr, pos: Pos): void {
    if (target.k === 'name') {
      if (this.t.params.includes(target.name) && !this.regs.has(target.name)) throw new LitmusError('TW604', pos, `cannot assign to parameter '${target.name}' (write *${target.name} = ... to store to the location)`);
      this.regs.set(target.name, this.eval(value));
      return;
    }
    if (target.k !== 'deref' && target.k !== 'index' && target.k !== 'field') throw new LitmusError('TW604', target.pos, 'can only assign to a register, to *pointer, to an array element or to a struct field');
    const where = this.lvalue(target);
    const v = this.eval(value);
    this.push({ kind: 'W', loc: where.loc, value: v.v, tag: 'plain', addr: where.deps, data: v.deps, text: `*${where.loc} = ...` });
  }

  eval(e: Expr): TVal {
    switch (e.k) {
      case 'num': return { v: e.v, deps: [] };
      case 'name': return this.name(e.name, e.pos);
      case 'deref': case 'index': case 'field': { const p = this.lvalue(e); return this.read(p.loc, 'plain', p.deps, e.k === 'deref' ? `*${p.loc}` : p.loc); }
      case 'addr': {
        // Only an address: `&a[N]`, one past the end, is a pointer C allows (to compare with).
        if (e.e.k === 'deref' || e.e.k === 'index' || e.e.k === 'field') { const p = this.lvalue(e.e, false); return { v: p.loc, deps: p.deps }; }
        if (e.e.k === 'name') return { v: e.e.name, deps: [] };
        break;
      }
      case 'unary': { const a = this.eval(e.e); return { v: applyOp(e.op, a.v, e.pos), deps: a.deps }; }
      case 'binary': { const a = this.eval(e.a); const b = this.eval(e.b); return { v: binaryOp(e.op, a.v, b.v, e.pos), deps: union(a.deps, b.deps) }; }
      case 'call': return this.call(e.name, e.args, e.pos);
    }
    throw new LitmusError('TW604', e.pos, 'this expression is not supported');
  }

  private name(name: string, pos: Pos): TVal {
    const r = this.regs.get(name);
    if (r) return r;
    // An array's name is a pointer to its first element.
    if (this.t.params.includes(name)) return { v: this.arrays.has(name) ? `${name}[0]` : name, deps: [] };
    throw new LitmusError('TW603', pos, `unknown name '${name}': not a register of P${this.t.index} nor one of its parameters`);
  }

  /**
   * The location an address expression points to, with the reads it depends on (address
   * dependency). A path whose pointer is not one, or points outside its array, is dropped: values
   * are enumerated generously, so such a path may be one no execution takes.
   */
  private pointer(e: Expr): { loc: string; deps: number[] } { return this.pointerValue(this.eval(e)); }

  private pointerValue(p: TVal, inBounds = true): { loc: string; deps: number[] } {
    if (typeof p.v !== 'string') throw new DeadPath();
    if (!inBounds) return { loc: p.v, deps: p.deps };
    const element = /^(.*)\[(-?\d+)\]$/.exec(p.v);
    if (element) {
      const length = this.arrays.get(element[1] ?? '');
      const i = Number(element[2]);
      if (length !== undefined && (i < 0 || i >= length)) throw new DeadPath();
    }
    return { loc: p.v, deps: p.deps };
  }

  /** The location an lvalue names: `*p`, `a[i]` (the element i after the one a points to), `s->f`, `a[i].f`. */
  private lvalue(e: Expr, inBounds = true): { loc: string; deps: number[] } {
    switch (e.k) {
      case 'deref': return this.pointerValue(this.eval(e.e), inBounds);
      case 'index': {
        const base = this.eval(e.e);
        const i = this.eval(e.i);
        return this.pointerValue({ v: binaryOp('+', base.v, i.v, e.pos), deps: union(base.deps, i.deps) }, inBounds);
      }
      case 'field': {
        if (!e.arrow && e.e.k === 'name') throw new LitmusError('TW604', e.pos, `'${e.e.name}.${e.field}': a field of a value held in a register is not supported (a struct read whole, as READ_ONCE(*s) of a struct, is several accesses): read each field, READ_ONCE(s->${e.field})`);
        const s = e.arrow ? this.pointerValue(this.eval(e.e), inBounds) : this.lvalue(e.e, inBounds);
        return { loc: `${s.loc}.${e.field}`, deps: s.deps };
      }
    }
    throw new LitmusError('TW604', e.pos, 'expected a location here (*p, a[i] or s->f)');
  }

  private read(loc: string, tag: AccessTag | undefined, addr: number[], text: string, more: Partial<PathEvent> = {}): TVal {
    const options = more.lock ? [more.value ?? 0] : this.values(loc);
    const value = options[this.choose(options.length)] ?? 0;
    const id = this.push({ kind: 'R', loc, value, tag, addr, data: [], text, ...more });
    return { v: value, deps: [id] };
  }

  push(e: Omit<PathEvent, 'ctrl'>): number {
    this.events.push({ ...e, ctrl: this.ctrl });
    return this.events.length - 1;
  }

  private call(name: string, args: Expr[], pos: Pos): TVal {
    const p = PRIMITIVES.get(name);
    if (!p) throw new LitmusError('TW602', pos, REMOVED.get(name) ?? `unknown primitive '${name}'`);
    if (args.length !== arity(p)) throw new LitmusError('TW602', pos, `${name} takes ${arity(p)} argument(s), found ${args.length}`);
    return callPrimitive(this, p, name, args, pos);
  }

  /** The location of a primitive's first argument: `*x` for lvalue forms, `x` for pointer forms. */
  location(arg: Expr, form: 'lvalue' | 'pointer'): { loc: string; deps: number[] } {
    if (form === 'lvalue' && (arg.k === 'deref' || arg.k === 'index' || arg.k === 'field')) return this.lvalue(arg);
    return this.pointer(arg);
  }
  readAt(loc: string, tag: AccessTag | undefined, addr: number[], text: string, more: Partial<PathEvent> = {}): TVal { return this.read(loc, tag, addr, text, more); }
  pick(n: number): number { return this.choose(n); }
}

