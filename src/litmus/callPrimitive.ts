// What each kernel primitive does to one thread's run: the events it adds (with their RMW
// pairing and dependencies) and the value it returns.
import type { AccessTag, Val } from '../lkmm';
import type { Expr, Pos } from './ast';
import type { PathEvent, TVal } from './pathTypes';
import type { Prim } from './primitives';
import { binaryOp } from './values';

/** The part of a thread's run a primitive works through. */
export interface PrimHost {
  readonly events: PathEvent[];
  eval(e: Expr): TVal;
  location(arg: Expr, form: 'lvalue' | 'pointer'): { loc: string; deps: number[] };
  readAt(loc: string, tag: AccessTag | undefined, addr: number[], text: string, more?: Partial<PathEvent>): TVal;
  push(e: Omit<PathEvent, 'ctrl'>): number;
  pick(n: number): number;
}

const NOTHING: TVal = { v: 0, deps: [] };

export function callPrimitive(h: PrimHost, p: Prim, name: string, args: Expr[], pos: Pos): TVal {
  const text = (loc: string): string => `${name}(${loc})`;
  const arg = (i: number): Expr => args[i] as Expr;
  switch (p.k) {
    case 'nop': return NOTHING;
    case 'fence': h.push({ kind: 'F', tag: p.tag, addr: [], data: [], text: `${name}()` }); return NOTHING;
    case 'load': { const at = h.location(arg(0), p.form); return h.readAt(at.loc, p.tag, at.deps, text(p.form === 'lvalue' ? `*${at.loc}` : at.loc)); }
    case 'store': {
      const at = h.location(arg(0), p.form);
      const v = h.eval(arg(1));
      h.push({ kind: 'W', loc: at.loc, value: v.v, tag: p.tag, addr: at.deps, data: v.deps, text: text(p.form === 'lvalue' ? `*${at.loc}` : at.loc) });
      if (p.fenceAfter) h.push({ kind: 'F', tag: p.fenceAfter, addr: [], data: [], text: `${name}()` });
      return NOTHING;
    }
    case 'sync-srcu': { const at = h.location(arg(0), 'pointer'); h.push({ kind: 'sync-srcu', loc: at.loc, addr: at.deps, data: [], text: text(at.loc) }); return NOTHING; }
    case 'xchg': {
      const at = h.location(arg(0), 'pointer');
      const v = h.eval(arg(1));
      return rmw(h, at, p.tag, text(at.loc), () => v);
    }
    case 'cmpxchg': {
      const at = h.location(arg(0), 'pointer');
      const old = h.eval(arg(1)); const neu = h.eval(arg(2));
      return rmw(h, at, p.tag, text(at.loc), (seen) => (seen === old.v ? neu : undefined));
    }
    case 'add-unless': {
      const at = h.location(arg(0), 'pointer');
      const a = h.eval(arg(1)); const u = h.eval(arg(2));
      const r = rmw(h, at, p.tag, text(at.loc), (seen) => (seen === u.v ? undefined : { v: binaryOp('+', seen, a.v, pos), deps: a.deps }));
      return { v: h.events[r.deps[0] ?? 0]?.rmwWrite === undefined ? 0 : 1, deps: r.deps };
    }
    case 'rmw': {
      const operand = p.fixed === undefined ? h.eval(arg(0)) : { v: p.fixed, deps: [] };
      const at = h.location(arg(p.fixed === undefined ? 1 : 0), 'pointer');
      let neu: Val = 0;
      const r = rmw(h, at, p.tag, text(at.loc), (seen) => { neu = binaryOp(p.op, seen, operand.v, pos); return { v: neu, deps: operand.deps }; });
      if (p.ret === 'none') return NOTHING;
      if (p.ret === 'old') return r;
      const v = p.ret === 'new' ? neu : p.ret === 'zero' ? Number(neu === 0) : Number(typeof neu === 'number' && neu < 0);
      return { v, deps: r.deps };
    }
    default: { const at = h.location(arg(0), 'pointer'); return lockPrimitive(h, p, text(at.loc), at); }
  }
}

/** A read, then (when `written` gives a value) the write paired with it; a failed RMW is the read alone. */
function rmw(h: PrimHost, at: { loc: string; deps: number[] }, tag: AccessTag, text: string, written: (seen: Val) => TVal | undefined): TVal {
  const r = h.readAt(at.loc, tag, at.deps, text, { rmwOp: true });
  const w = written(r.v);
  if (w) {
    const id = h.push({ kind: 'W', loc: at.loc, value: w.v, tag, rmwOp: true, addr: at.deps, data: w.deps, text });
    const read = h.events[r.deps[0] ?? 0];
    if (read) read.rmwWrite = id;
  }
  return r;
}

/** spin_lock, spin_unlock, spin_trylock, spin_is_locked over a lock word (0 free, 1 held). */
function lockPrimitive(h: PrimHost, p: Prim, text: string, at: { loc: string; deps: number[] }): TVal {
  const acquire = (): TVal => {
    const r = h.readAt(at.loc, undefined, at.deps, text, { lock: 'lock-read', value: 0 });
    const id = h.push({ kind: 'W', loc: at.loc, value: 1, lock: 'lock-write', addr: at.deps, data: [], text });
    const read = h.events[r.deps[0] ?? 0];
    if (read) read.rmwWrite = id;
    return { v: 1, deps: r.deps };
  };
  switch (p.k) {
    case 'lock': acquire(); return NOTHING;
    case 'unlock': h.push({ kind: 'W', loc: at.loc, value: 0, lock: 'unlock', addr: at.deps, data: [], text }); return NOTHING;
    case 'trylock': {
      if (h.pick(2) === 0) return acquire();
      const r = h.readAt(at.loc, undefined, at.deps, text, { lock: 'lock-fail', value: 1 });
      return { v: 0, deps: r.deps };
    }
    default: {
      const held = h.pick(2) === 0;
      const r = h.readAt(at.loc, undefined, at.deps, text, { lock: held ? 'read-locked' : 'read-unlocked', value: held ? 1 : 0 });
      return { v: held ? 1 : 0, deps: r.deps };
    }
  }
}
