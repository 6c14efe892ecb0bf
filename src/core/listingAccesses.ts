// The footprint of a thread's next step, from the listing itself. Most steps are reads, then at most
// one write, then local code: walkAccesses follows their local code on a copy of the top frame's
// slots and logs the accesses without executing them (no copy of the thread, no write buffer). Any
// other step is run on a copy of the thread against a recording port that buffers its writes, so
// nothing changes. The explorer's dependencies come from here.
import { MemoryPort } from './memoryPort';
import type { Order } from './listingCode';
import { Listing, MInstr, MOp, SHARED_OPS } from './listingCode';
import { MThread, MFrame, InterpHost, StepResult, step, newResult } from './interp';
import { MODEL_FN_BASE, cpuIrqAddr } from './address';

import type { AccessKind } from './footprint';
export interface ListingAccess { addr: number; kind: AccessKind }

/** A step's accesses as parallel arrays, reused from step to step (footprints are a hot path). */
export class AccessLog {
  readonly addrs: number[] = [];
  readonly kinds: AccessKind[] = [];
  n = 0;
  clear(): void { this.n = 0; }
  push(addr: number, kind: AccessKind): void { this.addrs[this.n] = addr; this.kinds[this.n] = kind; this.n++; }
}

/** Reads through to the real port (or this step's own earlier writes); writes only into a buffer. Reused across steps. */
class RecordingPort implements MemoryPort {
  log = new AccessLog();
  private readonly written = new Map<number, number>();
  real!: MemoryPort;
  /** Set by the generated code at a callback step (a field: the port keeps one hidden class); nothing here reads it. */
  calling = false;
  reset(real: MemoryPort, log: AccessLog): void { this.real = real; this.log = log; if (this.written.size) this.written.clear(); }
  private rec(addr: number, kind: AccessKind): void { this.log.push(addr, kind); }
  private peek(addr: number, order: Order): number { return this.written.get(addr) ?? this.real.load(addr, order); }
  load(addr: number, order: Order): number { this.rec(addr, 'read'); return this.peek(addr, order); }
  store(addr: number, value: number): void { this.rec(addr, 'write'); this.written.set(addr, value); }
  cas(addr: number, expected: number, value: number, order: Order): number {
    this.rec(addr, 'cas');
    const seen = this.peek(addr, order);
    if (seen === expected) this.written.set(addr, value);
    return seen;
  }
  xchg(addr: number, value: number, order: Order): number { this.rec(addr, 'cas'); const old = this.peek(addr, order); this.written.set(addr, value); return old; }
  or(addr: number, bits: number, order: Order): number { this.rec(addr, 'write'); const old = this.peek(addr, order); this.written.set(addr, old | bits); return old; }
  and(addr: number, mask: number, order: Order): number { this.rec(addr, 'write'); const old = this.peek(addr, order); this.written.set(addr, old & mask); return old; }
  tryLock(addr: number): boolean { this.rec(addr, 'lock'); return !this.real.isLocked(addr); }
  irqQueue(cpu: number): void { this.rec(cpuIrqAddr(cpu), 'write'); }
  unlock(addr: number): void { this.rec(addr, 'lock'); }
  isLocked(addr: number): boolean { return this.real.isLocked(addr); }
}

/** The dry run's scratch: one recording port, one copy of the thread, one host (no allocation per footprint but the log). */
class DryRun {
  private readonly rec = new RecordingPort();
  private readonly copy: MThread = { done: false, ret: 0, frames: [] }; // cloneMThread's field order: one hidden class
  private readonly out = newResult();
  private host!: InterpHost;
  private readonly dryHost: InterpHost = {
    callPointer: (v, args) => this.host.callPointer(v, args, this.rec), warn: () => undefined,
    irqCpu: (tid) => this.host.irqCpu?.(tid) ?? -1,
  };

  /** `stepper`: the interpreter that runs the copy (the generic one, or a listing's generated code). */
  run(listing: Listing, th: MThread, tid: number, port: MemoryPort, host: InterpHost, log: AccessLog, stepper: Stepper = step): void {
    this.rec.reset(port, log);
    this.host = host;
    const copy = this.copy;
    copy.done = th.done; copy.ret = th.ret;
    copy.frames.length = th.frames.length;
    for (let k = 0; k < th.frames.length; k++) {
      const f = th.frames[k] as MFrame;
      copy.frames[k] = { fn: f.fn, pc: f.pc, dst: f.dst, slots: f.slots.slice() };
    }
    const r = stepper(listing, copy, tid, this.rec, this.dryHost, this.out);
    if (r.callback) log.push(r.callback.work + 1, 'write'); // the call: the callback may write anything of its work
  }
}

/** One atomic step of a listing thread, as interp.step does it. */
export type Stepper = (listing: Listing, th: MThread, tid: number, port: MemoryPort, host: InterpHost, out: StepResult) => StepResult;

export const DRY = new DryRun();

/** How the port records each shared op (unlockWait and fences touch nothing the recording sees). */
export const KIND: Partial<Record<MOp, AccessKind>> = {
  load: 'read', store: 'write', cas: 'cas', xchg: 'cas', or: 'write', andnot: 'write', lock: 'lock', unlock: 'lock', callback: 'read',
};

/**
 * Per function, per pc: whether local code from here up to the next step's start is free of shared
 * accesses and calls (CLEAN), and may reach `ret` on the way (RETURNS: the fold goes on in the caller).
 */
export const DIRTY = 0, CLEAN = 1, RETURNS = 2;
type Shape = Int8Array[];
const SHAPES = new WeakMap<Listing, { region: Shape }>();

function regionOf(code: readonly MInstr[], from: number): number {
  const seen = new Set<number>();
  const todo = [from];
  let out = CLEAN;
  while (todo.length) {
    const pc = todo.pop() as number;
    if (seen.has(pc)) continue;
    seen.add(pc);
    const i = code[pc];
    if (!i) { out = RETURNS; continue; } // the end of the code returns too
    if (i.step) continue;
    if (i.op === 'ret') { out = RETURNS; continue; }
    if (SHARED_OPS.has(i.op) || i.op === 'call' || i.op === 'callPtr' || i.op === 'irqQueue') return DIRTY;
    if (i.op === 'jump') todo.push(i.target);
    else if (i.op === 'jumpIfNot') todo.push(i.target, pc + 1);
    else todo.push(pc + 1);
  }
  return out;
}

/** The last listing asked about and its shape: a run asks about one listing over and over (no WeakMap lookup per footprint; it keeps one listing alive). */
let lastListing: Listing | undefined;
let lastShape: { region: Shape } = { region: [] };

export function shapeOf(listing: Listing): { region: Shape } {
  if (listing === lastListing) return lastShape;
  let sh = SHAPES.get(listing);
  if (!sh) {
    sh = { region: listing.functions.map((f) => Int8Array.from({ length: f.code.length + 1 }, (_, pc) => regionOf(f.code, pc))) };
    SHAPES.set(listing, sh);
  }
  lastListing = listing;
  lastShape = sh;
  return sh;
}

/**
 * Reads through to the real port and logs them; any write makes the caller fall back to the dry run
 * (after a write, later reads would have to see it).
 */
export class ReadingPort implements MemoryPort {
  log = new AccessLog();
  real!: MemoryPort;
  wrote = false;
  load(addr: number, order: Order): number { this.log.push(addr, 'read'); return this.real.load(addr, order); }
  store(): void { this.wrote = true; }
  cas(): number { this.wrote = true; return 0; }
  xchg(): number { this.wrote = true; return 0; }
  or(): number { this.wrote = true; return 0; }
  and(): number { this.wrote = true; return 0; }
  tryLock(): boolean { this.wrote = true; return false; }
  unlock(): void { this.wrote = true; }
  isLocked(addr: number): boolean { return this.real.isLocked(addr); }
}

export const READER = new ReadingPort();
const SCRATCH: number[] = [];
/** Local instructions the walk follows before it leaves the step to the dry run. */
export const MAX_WALK = 1000;

/** Whether the code after a write at (frame k, pc) is CLEAN up to the next step, through the callers it returns to. */
export function cleanAfter(listing: Listing, th: MThread, k: number, pc: number): boolean {
  const { region } = shapeOf(listing);
  let shape = region[th.frames[k]?.fn ?? -1]?.[pc] ?? DIRTY;
  while (shape === RETURNS && k > 0) { // the fold returns into the caller: its code after the call must be clean too
    const c = th.frames[--k];
    shape = c ? region[c.fn]?.[c.pc] ?? DIRTY : DIRTY;
  }
  return shape !== DIRTY;
}

/**
 * Logs the accesses of the next step by following its local code on a copy of the top frame's slots,
 * reading (never writing) the real memory: the step's reads come before its one write in the shipped
 * listings. False when only the dry run can tell (a call, a second write, a return into a caller).
 */
function walkAccesses(listing: Listing, th: MThread, port: MemoryPort, host: InterpHost, log: AccessLog): boolean {
  const k = th.frames.length - 1;
  const f = th.frames[k];
  const code = f ? listing.functions[f.fn]?.code : undefined;
  if (!f || !code) return false;
  // The frame's own slots until the walk writes one (most steps write none): then a copy.
  let s = f.slots;
  READER.real = port; READER.log = log; READER.wrote = false;
  let pc = f.pc;
  for (let n = 0; n < MAX_WALK; n++) {
    const i = code[pc];
    if (!i) return false;
    if (n > 0 && i.step) return true;
    switch (i.op) {
      case 'set': if (i.dst >= 0) { if (s === f.slots) s = scratchOf(s); s[i.dst] = i.a(s); } pc++; break;
      case 'jump': pc = i.target; break;
      case 'jumpIfNot': pc = i.addr(s) === 0 ? i.target : pc + 1; break;
      case 'warn': case 'fence': pc++; break;
      case 'unlockWait': return true; // it waits or does nothing: no access
      case 'load': {
        const addr = i.addr(s);
        log.push(addr, 'read');
        // Nothing after the load reads memory before the next step: its value does not matter here.
        if (cleanAfter(listing, th, k, pc + 1)) return true;
        if (s === f.slots) s = scratchOf(s);
        s[i.dst] = port.load(addr, i.order);
        pc++;
        break;
      }
      case 'callback': log.push(i.addr(s), 'read'); log.push((i.args[0]?.(s) ?? 0) + 1, 'write'); return true; // the callback may write anything of its work
      case 'callPtr': {
        const v = i.addr(s);
        if (v - MODEL_FN_BASE >= 0 && v - MODEL_FN_BASE < listing.functions.length) return false;
        const r = host.callPointer(v, i.args.map((a) => a(s)), READER);
        if (READER.wrote) return false;
        if (s === f.slots) s = scratchOf(s);
        if (i.dst >= 0) s[i.dst] = r;
        pc++;
        break;
      }
      case 'ret': return k === 0; // the outermost call ends the thread; a return into a caller folds on there
      case 'call': case 'irqQueue': return false;
      case 'lock': {
        const addr = i.addr(s);
        if (n === 0 && port.isLocked(addr)) return true; // blocked: the step does nothing
        log.push(addr, 'lock');
        return cleanAfter(listing, th, k, pc + 1);
      }
      default: { // store, cas, xchg, or, andnot, unlock: the step's write; what follows must touch nothing
        log.push(i.addr(s), KIND[i.op] as AccessKind);
        return cleanAfter(listing, th, k, pc + 1);
      }
    }
  }
  return false;
}

/** A copy of a frame's slots the walk may write (reused). */
export function scratchOf(slots: readonly number[]): number[] {
  const s = SCRATCH;
  s.length = slots.length;
  for (let n = 0; n < slots.length; n++) s[n] = slots[n] as number;
  return s;
}

/** Fills `log` with the shared accesses thread `th`'s next step would make, without making them. */
export function stepAccessesInto(listing: Listing, th: MThread, tid: number, port: MemoryPort, host: InterpHost, log: AccessLog): void {
  log.clear();
  if (!walkAccesses(listing, th, port, host, log)) { log.clear(); DRY.run(listing, th, tid, port, host, log); }
}

/** The same, always by the dry run (the reference the walk is tested against). */
export function dryRunAccesses(listing: Listing, th: MThread, tid: number, port: MemoryPort, host: InterpHost): ListingAccess[] {
  const log = new AccessLog();
  DRY.run(listing, th, tid, port, host, log);
  return log.addrs.slice(0, log.n).map((addr, n) => ({ addr, kind: log.kinds[n] as AccessKind }));
}

/** The shared accesses thread `th`'s next step would make, without making them. */
export function stepAccesses(listing: Listing, th: MThread, tid: number, port: MemoryPort, host: InterpHost): ListingAccess[] {
  const log = new AccessLog();
  stepAccessesInto(listing, th, tid, port, host, log);
  return log.addrs.slice(0, log.n).map((addr, n) => ({ addr, kind: log.kinds[n] as AccessKind }));
}
