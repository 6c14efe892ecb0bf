// The listing interpreter: runs a thread's frames of compiled listing code one atomic step at a
// time over a MemoryPort. A step executes the instruction at pc (a shared access, a lock, or the
// first of a named line), then every following instruction that starts no step ("settle").
import { MemoryPort } from './memoryPort';
import { MODEL_FN_BASE } from './address';
import { Listing, MInstr, LocalFn, MFrame, MThread } from './listingCode';
import type { StepNote } from './listingNotes';
export type { MFrame, MThread };


export interface InterpHost {
  /** A call through a pointer that is none of the listing's functions (a scenario's match predicate); it reads through `port`. */
  callPointer(fnValue: number, args: number[], port: MemoryPort): number;
  /** WARN_ON_ONCE fired at this line. */
  warn(line: number): void;
  /**
   * Under the LKMM only: sees every instruction before and after it runs, to follow which loads a
   * value came from (address, data and control dependencies). Absent under SC: no cost there.
   */
  trace?: InstrTracer;
  /** The declared CPU thread `tid` runs on (an `on(CPU)` thread), whose irq_work runs later; -1 or absent: the handler runs at once. */
  irqCpu?(tid: number): number;
}

/** Follows dependencies through a thread's slots (weakTrace.ts). */
export interface InstrTracer {
  before(i: MInstr, f: MFrame, th: MThread): void;
  after(i: MInstr, f: MFrame, th: MThread): void;
}

/** What one step did; `callback` is set when it was `work->func(work)` (the host runs it, then settles). */
export interface StepResult {
  label: string;
  line: number;
  /** The step could not happen: its lock is held (the thread spins). */
  blocked: boolean;
  callback: { work: number; func: number } | null;
  /** Local-only code ran away (a loop without a shared access). */
  runaway: boolean;
  /** The record `callback` points at when set (one per result: no allocation per step). */
  readonly spare: { work: number; func: number };
  /**
   * Set by the generated code of a step annotated by a decision or a local (listingNotes.ts), null
   * for a step that shows its access: the note and, for a decision, the local it tests, read
   * before the step. The generic interpreter leaves it null (ListingOps looks the note up there).
   */
  note: StepNote | null;
  tested: number;
}

/** Local instructions one step may fold before it counts as a runaway loop. */
export const MAX_FOLD = 100000;

/** A thread calling `name(args)` as the task `current` (a task pointer value). */
export function startCall(listing: Listing, name: string, current: number, args: readonly number[]): MThread {
  const fn = listing.byName.get(name);
  const f = fn === undefined ? undefined : listing.functions[fn];
  // Fields in cloneMThread's order (state.ts): one hidden class for fresh and cloned threads; the
  // frames array made with its one frame (an API call starts on every step of a scenario's statement).
  if (fn === undefined || !f) return { done: fn === undefined, ret: 0, frames: [] };
  const slots = zeros(f.slots.length);
  slots[0] = current;
  for (let i = 0; i < f.params && i < args.length; i++) slots[i + 1] = args[i] ?? 0;
  return { done: false, ret: 0, frames: [{ fn, pc: 0, dst: -1, slots }] };
}

/** n zero slots (a loop: Array.prototype.fill is a call into the runtime). */
function zeros(n: number): number[] {
  const a = new Array<number>(n);
  for (let i = 0; i < n; i++) a[i] = 0;
  return a;
}

/** Pushes a frame of function `fn`; arguments are values, or closures over the caller's slots `from`. */
export function pushFrame(listing: Listing, th: MThread, fn: number, from: readonly number[], args: readonly (number | LocalFn)[], dst: number): void {
  const f = listing.functions[fn];
  if (!f) return;
  const slots = zeros(f.slots.length);
  slots[0] = from[0] ?? 0;
  for (let i = 0; i < f.params && i < args.length; i++) {
    const a = args[i] ?? 0;
    slots[i + 1] = typeof a === 'number' ? a : a(from as number[]);
  }
  th.frames.push({ fn, pc: 0, dst, slots }); // cloneMFrame's order (state.ts): one hidden class
}

/**
 * The innermost frame, or undefined once the thread has returned. Never frames[-1]: V8 looks a
 * negative index up as a property name through the prototype chain, a slow path at every call's end.
 */
export function topOf(th: MThread): MFrame | undefined {
  const n = th.frames.length;
  return n > 0 ? th.frames[n - 1] : undefined;
}

/** The instruction the thread's next step starts with (its label and line), or undefined when done. */
export function nextInstr(listing: Listing, th: MThread): MInstr | undefined {
  const f = topOf(th);
  return f ? listing.functions[f.fn]?.code[f.pc] : undefined;
}

/** False while the next step waits for a held lock (lock, or unlock_wait). */
export function canStep(listing: Listing, th: MThread, port: MemoryPort): boolean {
  const f = topOf(th);
  const i = nextInstr(listing, th);
  if (!f || !i) return false;
  return (i.op !== 'lock' && i.op !== 'unlockWait') || !port.isLocked(i.addr(f.slots));
}

export function newResult(): StepResult {
  return { label: '', line: 0, blocked: false, callback: null, runaway: false, spare: { work: 0, func: 0 }, note: null, tested: 0 };
}

/**
 * The start of a step: resets `out`, names the step, and gives the frame to run, or undefined when
 * the thread has ended or its lock is held (`out.blocked`). The generated code (listingFast.ts)
 * does the same with the instruction's label, line and lock as constants of its case.
 */
export function stepStart(listing: Listing, th: MThread, port: MemoryPort, out: StepResult): MFrame | undefined {
  out.blocked = false; out.callback = null; out.runaway = false;
  const f = topOf(th);
  const first = f ? listing.functions[f.fn]?.code[f.pc] : undefined;
  out.label = first?.label ?? '';
  out.line = first?.line ?? 0;
  if (!f || !first) return undefined;
  if ((first.op === 'lock' || first.op === 'unlockWait') && port.isLocked(first.addr(f.slots))) { out.blocked = true; return undefined; }
  return f;
}

/** One atomic step of thread `tid`. */
export function step(listing: Listing, th: MThread, tid: number, port: MemoryPort, host: InterpHost, out: StepResult = newResult()): StepResult {
  const f = stepStart(listing, th, port, out);
  if (!f) return out;
  const first = listing.functions[f.fn]!.code[f.pc]!;
  const tr = host.trace;
  if (tr !== undefined) tr.before(first, f, th);
  execOp(listing, th, tid, port, host, out, f, first);
  if (tr !== undefined) tr.after(first, f, th);
  if (!out.callback) settle(listing, th, tid, port, host, out);
  return out;
}

/** Runs instructions that start no step, up to the next step (or the end of the thread). */
export function settle(listing: Listing, th: MThread, tid: number, port: MemoryPort, host: InterpHost, out: StepResult = newResult()): void {
  // The LKMM's dependency tracer watches every instruction when present (checked once: a hot loop).
  const tr = host.trace;
  for (let n = 0; ; n++) {
    const f = topOf(th);
    const i = f ? listing.functions[f.fn]?.code[f.pc] : undefined;
    if (!f || !i || i.step) return;
    if (n > MAX_FOLD) { out.runaway = true; return; }
    if (tr !== undefined) tr.before(i, f, th);
    execOp(listing, th, tid, port, host, out, f, i);
    if (tr !== undefined) tr.after(i, f, th);
    if (out.callback) return;
  }
}

/** Executes instruction i, the one at f's pc (f is the thread's innermost frame). */
function execOp(listing: Listing, th: MThread, tid: number, port: MemoryPort, host: InterpHost, out: StepResult, f: MFrame, i: MInstr): void {
  const s = f.slots;
  f.pc++;
  switch (i.op) {
    case 'load': s[i.dst] = port.load(i.addr(s), i.order); return;
    case 'store': port.store(i.addr(s), i.a(s), i.order); return;
    case 'cas': {
      const seen = port.cas(i.addr(s), i.b(s), i.a(s), i.order);
      if (i.ok >= 0) { s[i.ok] = seen === i.b(s) ? 1 : 0; s[i.dst] = seen; } else s[i.dst] = seen;
      return;
    }
    case 'xchg': s[i.dst] = port.xchg(i.addr(s), i.a(s), i.order); return;
    case 'or': { const old = port.or(i.addr(s), i.a(s), i.order); if (i.dst >= 0) s[i.dst] = old; return; }
    case 'andnot': { const old = port.and(i.addr(s), i.a(s), i.order); if (i.dst >= 0) s[i.dst] = old; return; }
    case 'lock': port.tryLock(i.addr(s), tid); return;
    case 'unlock': port.unlock(i.addr(s), tid); return;
    case 'unlockWait': port.unlockWait?.(i.addr(s), tid); return;
    case 'fence': port.fence?.(i.order, i.what); return;
    case 'set': if (i.dst >= 0) s[i.dst] = i.a(s); return;
    case 'jump': f.pc = i.target; return;
    case 'jumpIfNot': if (i.addr(s) === 0) f.pc = i.target; return;
    case 'warn': if (i.a(s) !== 0) host.warn(i.line); return;
    case 'call': pushFrame(listing, th, i.target, s, i.args, i.dst); return;
    case 'irqQueue': {
      const cpu = host.irqCpu?.(tid) ?? -1;
      if (cpu >= 0 && port.irqQueue) port.irqQueue(cpu, i.target);
      else pushFrame(listing, th, i.target, s, i.args, -1); // no CPU that could switch: the handler at once, on current
      return;
    }
    case 'callPtr': return callPointer(listing, th, i, s, host, port);
    case 'callback': {
      const c = out.spare;
      c.work = i.args[0]?.(s) ?? 0;
      c.func = port.load(i.addr(s), i.order);
      out.callback = c;
      return;
    }
    case 'ret': return ret(th, i.a(s));
  }
}

export function callPointer(listing: Listing, th: MThread, i: MInstr, s: number[], host: InterpHost, port: MemoryPort): void {
  const v = i.addr(s);
  const fn = v - MODEL_FN_BASE;
  if (fn >= 0 && fn < listing.functions.length) pushFrame(listing, th, fn, s, i.args, i.dst);
  else if (i.dst >= 0) s[i.dst] = host.callPointer(v, i.args.map((a) => a(s)), port);
}

export function ret(th: MThread, value: number): void {
  const done = th.frames.pop() as MFrame;
  const caller = topOf(th);
  if (!caller) { th.done = true; th.ret = value; return; }
  if (done.dst >= 0) caller.slots[done.dst] = value;
}
