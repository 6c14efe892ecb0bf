// The fast path of the listing interpreter: each listing function's code, and each of its steps'
// own code, generated once per listing as JavaScript (listingStepCode.ts), runs from a frame's pc up
// to the next step start, so a step pays no dispatch on the instruction. It does exactly what
// interp.ts's step and settle do, instruction for instruction and in the same order
// (test/model/listingFast.test.ts compares them on every example and listing); the generic
// interpreter stays for the LKMM's dependency tracer, which watches every instruction.
// The footprint walks and lock checks of the same functions are generated here too.
import { MemoryPort } from './memoryPort';
import { Listing, MInstr, MThread, MFrame, LocalFn } from './listingCode';
import { InterpHost, StepResult, topOf } from './interp';
import { FnCode, EntryCode, STOP, CONT, FOLD, generateStepCode, inline } from './listingStepCode';
import { AccessLog, DRY, Stepper, KIND, CLEAN, DIRTY, shapeOf, READER, MAX_WALK, cleanAfter, scratchOf } from './listingAccesses';
import { MODEL_FN_BASE } from './address';
import { deadTempsOf } from './deadTemps';

/** A function's footprint walk (listingAccesses.ts's walkAccesses for its code): false when only the dry run can tell. */
type WalkCode = (fr: MFrame, th: MThread, port: MemoryPort, host: InterpHost, log: AccessLog) => boolean;

/** The address of the lock a function's lock or unlock_wait step at the frame's pc takes (or waits out); 0 at any other pc. */
type LockCode = (fr: MFrame) => number;

/**
 * The generated code of a listing, per function index: its code, its steps' own code (per pc), its
 * footprint walks, its lock checks, and the dry run over its steps.
 */
export interface FastCode { fns: FnCode[]; entries: (EntryCode | undefined)[][]; walks: WalkCode[]; locks: LockCode[]; stepper: Stepper }

/** Whether machines made from now on use the generated code (the differential test turns it off to compare with the generic interpreter). */
export const fastPath = { enabled: true };

const CACHE = new WeakMap<Listing, FastCode>();

export function fastCodeOf(listing: Listing): FastCode {
  let c = CACHE.get(listing);
  if (!c) {
    const { region } = shapeOf(listing);
    const dead = deadTempsOf(listing);
    const steps = listing.functions.map((f, n) => generateStepCode(listing, f.code, dead[n] ?? []));
    const fns = steps.map((x) => x.code);
    const entries = steps.map((x) => x.entries);
    const walks = listing.functions.map((f, n) => generateWalk(listing, f.code, region[n] ?? new Int8Array(0)));
    const locks = listing.functions.map((f) => generateLock(f.code));
    const code: FastCode = { fns, entries, walks, locks, stepper: (l, th, tid, port, host, out) => stepFast(code, l, th, tid, port, host, out) };
    c = code;
    CACHE.set(listing, c);
  }
  return c;
}

/**
 * One step of thread `th`: the same as interp.step without a tracer. The step's start (interp.ts's
 * stepStart: its label, line and held lock) is in the generated code, as constants of the case the
 * step starts at: no instruction object is read.
 */
export function stepFast(code: FastCode, _listing: Listing, th: MThread, tid: number, port: MemoryPort, host: InterpHost, out: StepResult): StepResult {
  out.blocked = false; out.callback = null; out.runaway = false;
  out.label = ''; out.line = 0; out.next = null; // no step: the thread has returned (the code names the step it starts)
  const n = th.frames.length;
  const f = n > 0 ? th.frames[n - 1] : undefined;
  if (!f) return out;
  FOLD.n = 0;
  // The step's own code (or its function's from that pc); the loop over frames only after a call or a return.
  const entry = code.entries[f.fn]?.[f.pc];
  const fn = code.fns[f.fn];
  const r = entry ? entry(f, th, tid, port, host, out) : fn ? fn(f, true, th, tid, port, host, out) : STOP;
  if (r === CONT) run(code, th, tid, port, host, out);
  return out;
}

/** Runs local code up to the next step: the same as interp.settle without a tracer. */
export function settleFast(code: FastCode, th: MThread, tid: number, port: MemoryPort, host: InterpHost, out: StepResult): void {
  FOLD.n = 0; out.next = null;
  run(code, th, tid, port, host, out);
}

/** Runs the thread's innermost frame's code, and the next one's while a call or a return moves to another frame (never a step's first instruction). */
function run(code: FastCode, th: MThread, tid: number, port: MemoryPort, host: InterpHost, out: StepResult): void {
  const fns = code.fns;
  for (;;) {
    const f = topOf(th);
    if (!f) return;
    const fn = fns[f.fn];
    if (!fn || fn(f, false, th, tid, port, host, out) === STOP) return;
  }
}

/**
 * A function's lock address (interp.ts's canStep for a frame at rest asks whether it is held): a
 * switch over its lock and unlock_wait pcs, each address written out as the step code writes it
 * (its text, or a call of its closure where it has none). ListingOps.sync asks it once as a step
 * ends at a lock; canMove then only asks the memory whether that address is held.
 */
function generateLock(code: readonly MInstr[]): LockCode {
  const consts: unknown[] = [];
  const k = (x: unknown): string => { consts.push(x); return `K${consts.length - 1}`; };
  const cases: string[] = [];
  code.forEach((i, pc) => {
    if (i.op !== 'lock' && i.op !== 'unlockWait') return;
    cases.push(`case ${pc}: return ${inline(i.addr, k)};`);
  });
  const text = ['return function lock(fr) {', 'const s = fr.slots;', 'switch (fr.pc) {', ...cases, 'default: return 0;', '}', '};'].join('\n');
  const make = new Function(...consts.map((_, n) => `K${n}`), text) as (...a: unknown[]) => LockCode;
  return make(...consts);
}

/** Fills `log` with the shared accesses thread `th`'s next step would make: listingAccesses.ts's stepAccessesInto on the generated code. */
export function stepAccessesFast(code: FastCode, listing: Listing, th: MThread, tid: number, port: MemoryPort, host: InterpHost, log: AccessLog): void {
  log.clear();
  const f = topOf(th);
  const walk = f ? code.walks[f.fn] : undefined;
  if (f && walk) {
    READER.real = port; READER.log = log; READER.wrote = false;
    if (walk(f, th, port, host, log)) return;
  }
  log.clear();
  DRY.run(listing, th, tid, port, host, log, code.stepper);
}

/**
 * The text of one function's footprint walk: walkAccesses with the instruction decoded. It follows
 * the local code on the frame's slots (a scratch copy once it writes one), logs the accesses, and
 * where walkAccesses asks whether the rest of the step is clean it asks the same (known per pc but
 * at a return into a caller).
 */
function generateWalk(listing: Listing, code: readonly MInstr[], region: Int8Array): WalkCode {
  const consts: unknown[] = [];
  const k = (x: unknown): string => { consts.push(x); return `K${consts.length - 1}`; };
  const call = (fn: LocalFn): string => `${k(fn)}(s)`;
  const own = (): string => 'if (s === s0) s = scratchOf(s0);';
  /** cleanAfter(listing, th, top, pc) of walkAccesses, decided here when the region does not return into a caller. */
  const clean = (pc: number): string => {
    const r = region[pc] ?? DIRTY;
    return r === CLEAN ? 'true' : r === DIRTY ? 'false' : `cleanAfter(L, th, th.frames.length - 1, ${pc})`;
  };
  const body: string[] = [];
  code.forEach((i, pc) => {
    body.push(`case ${pc}:`);
    body.push(`if (n >= ${MAX_WALK}) return false;`);
    if (i.step) body.push('if (n > 0) return true;');
    body.push('n++;');
    switch (i.op) {
      case 'set': if (i.dst >= 0) body.push(`${own()} s[${i.dst}] = ${call(i.a)};`); break;
      case 'jump': body.push(`pc = ${i.target}; continue;`); break;
      case 'jumpIfNot': body.push(`if (${call(i.addr)} === 0) { pc = ${i.target}; continue; }`); break;
      case 'warn': case 'fence': break;
      case 'unlockWait': body.push('return true;'); break;
      case 'load': {
        const c = clean(pc + 1);
        body.push(`{ const addr = ${call(i.addr)}; log.push(addr, 'read');`);
        if (c === 'true') body.push('return true; }');
        else body.push(`${c === 'false' ? '' : `if (${c}) return true; `}${own()} s[${i.dst}] = port.load(addr, ${JSON.stringify(i.order)}); }`);
        break;
      }
      case 'callback': {
        const a0 = i.args[0];
        body.push(`log.push(${call(i.addr)}, 'read'); log.push((${a0 ? call(a0) : '0'}) + 1, 'write'); return true;`);
        break;
      }
      case 'callPtr': {
        const args = i.args.map((a) => call(a)).join(', ');
        body.push(`{ const v = ${call(i.addr)}; if (v - ${MODEL_FN_BASE} >= 0 && v - ${MODEL_FN_BASE} < ${listing.functions.length}) return false;`);
        body.push(`const r = host.callPointer(v, [${args}], READER); if (READER.wrote) return false; ${own()}${i.dst >= 0 ? ` s[${i.dst}] = r;` : ''} }`);
        break;
      }
      case 'ret': body.push('return th.frames.length === 1;'); break;
      case 'call': case 'irqQueue': body.push('return false;'); break;
      case 'lock':
        body.push(`{ const addr = ${call(i.addr)}; if (n === 1 && port.isLocked(addr)) return true; log.push(addr, 'lock'); return ${clean(pc + 1)}; }`);
        break;
      default: body.push(`log.push(${call(i.addr)}, ${JSON.stringify(KIND[i.op])}); return ${clean(pc + 1)};`); break;
    }
  });
  const text = [
    'return function walk(fr, th, port, host, log) {',
    'const s0 = fr.slots; let s = s0; let pc = fr.pc; let n = 0;',
    'for (;;) switch (pc) {',
    ...body,
    'default: return false;',
    '}',
    '};',
  ].join('\n');
  const names = consts.map((_, n) => `K${n}`);
  const make = new Function('L', 'READER', 'cleanAfter', 'scratchOf', ...names, text) as (...a: unknown[]) => WalkCode;
  return make(listing, READER, cleanAfter, scratchOf, ...consts);
}
