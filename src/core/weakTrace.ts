// Dependencies under the LKMM: which loads each slot's value came from (its taint), followed
// through assignments, calls and returns, so an access knows its address and data dependencies,
// and a branch on a loaded value gives the events in its branches a control dependency (up to the
// if's join pc, compiled into the jumpIfNot; a loop's or switch's: every later event of the thread).
// Only the LKMM memory installs it (InterpHost.trace): sequential consistency never pays for it.
import type { InstrTracer } from './interp';
import type { MInstr, MFrame, MThread, LocalFn } from './listingCode';
import { WeakMemory, union } from './weakMemory';

const NONE: number[] = [];

/** The slots a closure reads, found by running it over a recording view of the slots. */
function slotsRead(fn: LocalFn, slots: number[]): number[] {
  const seen: number[] = [];
  const view = new Proxy(slots, {
    get(target, key) {
      if (typeof key === 'string' && key.length > 0 && key.charCodeAt(0) >= 48 && key.charCodeAt(0) <= 57) seen.push(Number(key));
      return Reflect.get(target, key) as unknown;
    },
  });
  fn(view);
  return seen;
}

function taintOf(f: MFrame, fn: LocalFn): number[] {
  const t = f.taint;
  if (!t) return NONE;
  let out = NONE;
  for (const s of slotsRead(fn, f.slots)) out = union(out, t[s] ?? NONE);
  return out;
}

function setTaint(f: MFrame, slot: number, deps: number[]): void {
  if (slot < 0) return;
  if (!f.taint) { if (deps.length === 0) return; f.taint = []; }
  f.taint[slot] = deps;
}

/** Leaves the branches of f whose join is pc (the if has ended: what follows does not depend on it). */
function leaveJoined(f: MFrame): void {
  const c = f.ctrl;
  if (c && c.some((x) => x.join === f.pc)) f.ctrl = c.filter((x) => x.join !== f.pc);
}

/** The control dependencies of the thread's next event: the branches every frame of it is inside. */
function ctrlOf(th: MThread): number[] {
  let out = NONE;
  for (const f of th.frames) for (const x of f.ctrl ?? NONE_SCOPES) out = union(out, x.deps);
  return out;
}

const NONE_SCOPES: readonly { join: number; deps: readonly number[] }[] = [];

/** The scopes plus one ending at `join`; a loop's condition tested again joins its open scope (one per loop, not per iteration). */
function withScope(scopes: readonly { join: number; deps: readonly number[] }[], join: number, deps: number[]): { join: number; deps: readonly number[] }[] {
  const last = scopes[scopes.length - 1];
  if (last && last.join === join && join >= 0) return [...scopes.slice(0, -1), { join, deps: union(last.deps, deps) }];
  return [...scopes, { join, deps }];
}

export class DepTracer implements InstrTracer {
  private pending: number[] = NONE;
  private args: number[][] = [];

  constructor(private readonly weak: WeakMemory) {}

  before(i: MInstr, f: MFrame, th: MThread): void {
    const w = this.weak;
    const g = w.g;
    if (!g) return;
    w.lastRead = -1;
    if (f.ctrl) leaveJoined(f);
    w.ctrlDeps = ctrlOf(th);
    switch (i.op) {
      case 'load': case 'callback': w.addrDeps = taintOf(f, i.addr); w.dataDeps = NONE; return;
      case 'store': case 'xchg': case 'or': case 'andnot': case 'cas':
        w.addrDeps = taintOf(f, i.addr);
        w.dataDeps = i.op === 'cas' ? union(taintOf(f, i.a), taintOf(f, i.b)) : taintOf(f, i.a);
        return;
      case 'set': this.pending = taintOf(f, i.a); return;
      case 'ret': this.pending = taintOf(f, i.a); return;
      case 'jumpIfNot': {
        const deps = taintOf(f, i.addr);
        if (deps.length === 0) return;
        if (i.join === -2) g.ctrl[w.thread] = union(g.ctrl[w.thread] ?? NONE, deps);
        else f.ctrl = withScope(f.ctrl ?? NONE_SCOPES, i.join, deps); // -1: until the function returns
        return;
      }
      case 'call': case 'callPtr': this.args = i.args.map((a) => taintOf(f, a)); return;
      default: w.addrDeps = NONE; w.dataDeps = NONE;
    }
  }

  after(i: MInstr, f: MFrame, th: MThread): void {
    const w = this.weak;
    if (!w.g) return;
    const read = w.lastRead >= 0 ? [w.lastRead] : NONE;
    switch (i.op) {
      case 'load': case 'cas': case 'xchg': case 'or': case 'andnot':
        setTaint(f, i.dst, read);
        if (i.op === 'cas') setTaint(f, i.ok, read);
        break;
      case 'set': setTaint(f, i.dst, this.pending); break;
      case 'ret': { const caller = th.frames[th.frames.length - 1]; if (caller && caller !== f) setTaint(caller, f.dst, this.pending); break; }
      case 'call': case 'callPtr': {
        const top = th.frames[th.frames.length - 1];
        if (top && top !== f) this.args.forEach((a, k) => setTaint(top, k + 1, a));
        else setTaint(f, i.dst, read); // a scenario's match predicate: its answer comes from the func it loaded
        break;
      }
      default: break;
    }
    w.addrDeps = NONE;
    w.dataDeps = NONE;
    w.ctrlDeps = NONE;
  }
}
