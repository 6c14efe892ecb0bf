// The fast path of the listing interpreter: each listing function's code, and each of its steps'
// own code, generated once per listing as JavaScript (listingStepCode.ts), runs from a frame's pc up
// to the next step start, so a step pays no dispatch on the instruction. It does exactly what
// interp.ts's step and settle do, instruction for instruction and in the same order
// (test/model/listingFast.test.ts compares them on every example and listing); the generic
// interpreter stays for the LKMM's dependency tracer, which watches every instruction.
// The footprint walks of the same functions are generated here too.
import { MemoryPort } from './memoryPort';
import { Listing, MInstr, MThread, MFrame, LocalFn } from './listingCode';
import { InterpHost, StepResult, topOf } from './interp';
import { FnCode, EntryCode, STOP, CONT, FOLD, generateStepCode } from './listingStepCode';
import { AccessLog, DRY, Stepper, KIND, CLEAN, DIRTY, shapeOf, READER, MAX_WALK, cleanAfter, scratchOf } from './listingAccesses';
import { MODEL_FN_BASE } from './address';
import { deadTempsOf } from './deadTemps';
import { Frame, opFrame } from './state';
import { notesOf } from './listingNotes';

/** A function's footprint walk (listingAccesses.ts's walkAccesses for its code): false when only the dry run can tell. */
type WalkCode = (fr: MFrame, th: MThread, port: MemoryPort, host: InterpHost, log: AccessLog) => boolean;

/**
 * The generated code of a listing, per function index: its code, its steps' own code (per pc), its
 * footprint walks, and the dry run over its steps.
 */
export interface FastCode { fns: FnCode[]; entries: (EntryCode | undefined)[][]; walks: WalkCode[]; stepper: Stepper }

/** The op frame a dry run's steps name their next step in (a Frame like any other: the code's stores to it see one hidden class); nothing reads it. */
const DRY_OP: Frame = opFrame('run', 'set', -1);

/** Whether machines made from now on use the generated code (the differential test turns it off to compare with the generic interpreter). */
export const fastPath = { enabled: true };

const CACHE = new WeakMap<Listing, FastCode>();

export function fastCodeOf(listing: Listing): FastCode {
  let c = CACHE.get(listing);
  if (!c) {
    const { region } = shapeOf(listing);
    const dead = deadTempsOf(listing);
    const notes = notesOf(listing);
    const steps = listing.functions.map((f, n) => generateStepCode(listing, f.code, dead[n] ?? [], notes[n]));
    const fns = steps.map((x) => x.code);
    const entries = steps.map((x) => x.entries);
    const walks = listing.functions.map((f, n) => generateWalk(listing, f.code, region[n] ?? new Int8Array(0)));
    const code: FastCode = { fns, entries, walks, stepper: (_l, th, tid, port, host, out) => stepFast(code, th, tid, port, host, out, DRY_OP) };
    c = code;
    CACHE.set(listing, c);
  }
  return c;
}

/**
 * One step of thread `th`: the same as interp.step without a tracer. The step's start (interp.ts's
 * stepStart: its line and held lock) is in the generated code, as constants of the case the step
 * starts at: no instruction object is read. Where the thread comes to rest, the code names the
 * step it rests before in `op` (FnCode): the machine's op frame, or a dry run's scratch frame.
 */
export function stepFast(code: FastCode, th: MThread, tid: number, port: MemoryPort, host: InterpHost, out: StepResult, op: Frame): StepResult {
  out.blocked = false; out.callback = null; out.runaway = false; out.line = 0; out.note = null;
  const n = th.frames.length;
  const f = n > 0 ? th.frames[n - 1] : undefined;
  if (!f) return out;
  FOLD.n = 0;
  // The step's own code (or its function's from that pc); the loop over frames only after a call or a return.
  const entry = code.entries[f.fn]?.[f.pc];
  const fn = code.fns[f.fn];
  const r = entry ? entry(f, th, tid, port, host, out, op) : fn ? fn(f, true, th, tid, port, host, out, op) : STOP;
  if (r === CONT) runFast(code, th, tid, port, host, out, op);
  return out;
}

/** Runs local code up to the next step: the same as interp.settle without a tracer (the code names that step in `op`). */
export function settleFast(code: FastCode, th: MThread, tid: number, port: MemoryPort, host: InterpHost, out: StepResult, op: Frame): void {
  FOLD.n = 0;
  runFast(code, th, tid, port, host, out, op);
}

/** Runs the thread's innermost frame's code, and the next one's while a call or a return moves to another frame (never a step's first instruction). */
function runFast(code: FastCode, th: MThread, tid: number, port: MemoryPort, host: InterpHost, out: StepResult, op: Frame): void {
  const fns = code.fns;
  for (;;) {
    const f = topOf(th);
    if (!f) return;
    const fn = fns[f.fn];
    if (!fn || fn(f, false, th, tid, port, host, out, op) === STOP) return;
  }
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
    "'use strict';", // as the step code (listingStepCode.ts): no receiver conversion per call
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
