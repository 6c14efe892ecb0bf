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

export class ThreadRun implements PrimHost {
  readonly events: PathEvent[] = [];
  readonly regs = new Map<string, TVal>();
  private ctrl: number[] = [];

  constructor(private readonly t: Thread, private readonly values: (loc: string) => Val[], private readonly choose: Choose, initRegs: Map<string, Val>) {
    for (const [k, v] of initRegs) if (k.startsWith(`${t.index}:`)) this.regs.set(k.slice(k.indexOf(':') + 1), { v, deps: [] });
  }

  run(): ThreadPath {
    this.block(this.t.body);
    return { events: this.events, regs: new Map([...this.regs].map(([k, v]) => [k, v.v])) };
  }

  private block(stmts: Stmt[]): void { for (const s of stmts) this.stmt(s); }

  private stmt(s: Stmt): void {
    switch (s.k) {
      case 'decl': if (s.init) this.regs.set(s.name, this.eval(s.init)); else if (!this.regs.has(s.name)) this.regs.set(s.name, { v: 0, deps: [] }); return;
      case 'expr': this.eval(s.e); return;
      case 'assign': return this.assign(s.target, s.value, s.pos);
      case 'if': {
        const c = this.eval(s.cond);
        // The kernel model's control dependency reaches the events in the branches of the `if`,
        // not those after the end of the statement.
        const outside = this.ctrl;
        this.ctrl = union(outside, c.deps);
        this.block(truthy(c.v) ? s.then : s.else);
        this.ctrl = outside;
        return;
      }
      case 'loop': return this.loop(s.cond, s.body, s.first, s.pos);
    }
  }

  /**
   * A loop unrolled as herd7 does: `while (c) body` is `if (c) { body; if (c) { body; ... } }`, so
   * each iteration's events depend on every test before it, and the events after the loop on none.
   * A loop whose test reads memory (a spin on a flag) goes round at most LOOP_BOUND times: a path
   * that would go round again is dropped, as herd7 drops it. A test on registers alone (a counted
   * `for`) runs to its end, up to MAX_ITERATIONS.
   */
  private loop(cond: Expr, body: Stmt[], first: boolean, pos: Pos): void {
    const outside = this.ctrl;
    let spins = 0;
    for (let round = 0; ; round++) {
      if (!(first && round === 0)) {
        const c = this.eval(cond);
        if (!truthy(c.v)) break;
        this.ctrl = union(this.ctrl, c.deps);
        if (c.deps.length > 0 && ++spins > LOOP_BOUND) throw new DeadPath();
      }
      if (round >= MAX_ITERATIONS) throw new LitmusError('TW606', pos, `this loop goes round more than ${MAX_ITERATIONS} times`);
      this.block(body);
    }
    this.ctrl = outside;
  }

  private assign(target: Expr, value: Expr, pos: Pos): void {
    if (target.k === 'name') {
      if (this.t.params.includes(target.name) && !this.regs.has(target.name)) throw new LitmusError('TW604', pos, `cannot assign to parameter '${target.name}' (write *${target.name} = ... to store to the location)`);
      this.regs.set(target.name, this.eval(value));
      return;
    }
    if (target.k !== 'deref') throw new LitmusError('TW604', target.pos, 'can only assign to a register or to *pointer');
    const where = this.pointer(target.e);
    const v = this.eval(value);
    this.push({ kind: 'W', loc: where.loc, value: v.v, tag: 'plain', addr: where.deps, data: v.deps, text: `*${where.loc} = ...` });
  }

  eval(e: Expr): TVal {
    switch (e.k) {
      case 'num': return { v: e.v, deps: [] };
      case 'name': return this.name(e.name, e.pos);
      case 'deref': { const p = this.pointer(e.e); return this.read(p.loc, 'plain', p.deps, `*${p.loc}`); }
      case 'addr': if (e.e.k === 'deref') return this.eval(e.e.e); if (e.e.k === 'name') return { v: e.e.name, deps: [] }; break;
      case 'unary': { const a = this.eval(e.e); return { v: applyOp(e.op, a.v, e.pos), deps: a.deps }; }
      case 'binary': { const a = this.eval(e.a); const b = this.eval(e.b); return { v: binaryOp(e.op, a.v, b.v, e.pos), deps: union(a.deps, b.deps) }; }
      case 'call': return this.call(e.name, e.args, e.pos);
    }
    throw new LitmusError('TW604', e.pos, 'this expression is not supported');
  }

  private name(name: string, pos: Pos): TVal {
    const r = this.regs.get(name);
    if (r) return r;
    if (this.t.params.includes(name)) return { v: name, deps: [] };
    throw new LitmusError('TW603', pos, `unknown name '${name}': not a register of P${this.t.index} nor one of its parameters`);
  }

  /** The location an address expression points to, with the reads it depends on (address dependency). */
  private pointer(e: Expr): { loc: string; deps: number[] } {
    const p = this.eval(e);
    if (typeof p.v !== 'string') throw new DeadPath();
    return { loc: p.v, deps: p.deps };
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
    if (form === 'lvalue' && arg.k === 'deref') return this.pointer(arg.e);
    return this.pointer(arg);
  }
  readAt(loc: string, tag: AccessTag | undefined, addr: number[], text: string, more: Partial<PathEvent> = {}): TVal { return this.read(loc, tag, addr, text, more); }
  pick(n: number): number { return this.choose(n); }
}

