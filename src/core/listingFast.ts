// The fast path of the listing interpreter: each listing function becomes one JavaScript function,
// generated once per listing, that runs from a frame's pc up to the next step start. The op codes,
// slots, orderings and jump targets are constants in its text and every closure is called from a
// call site of its own (V8 inlines it), so a step pays no dispatch on the instruction. It does
// exactly what interp.ts's step and settle do, instruction for instruction and in the same order
// (test/model/listingFast.test.ts compares them on every example and listing); the generic
// interpreter stays for the LKMM's dependency tracer, which watches every instruction.
import { MemoryPort } from './memoryPort';
import { Listing, MInstr, MThread, MFrame, LocalFn, textOf } from './listingCode';
import { InterpHost, StepResult, MAX_FOLD, pushFrame, callPointer, ret, topOf } from './interp';
import { AccessLog, DRY, Stepper, KIND, CLEAN, DIRTY, shapeOf, READER, MAX_WALK, cleanAfter, scratchOf } from './listingAccesses';
import { MODEL_FN_BASE, taskFieldAddr, workFieldAddr } from './address';
import { deadTempsOf } from './deadTemps';

/** What a function's code returns: stopped (at a step start, the end, a callback or a runaway), or go on in the new top frame. */
const STOP = 0;
const CONT = 1;

/** The code of one listing function: runs frame `fr` from its pc (`first`: the step's own first instruction, not a step boundary). */
type FnCode = (fr: MFrame, first: boolean, th: MThread, tid: number, port: MemoryPort, host: InterpHost, out: StepResult) => number;

/** A function's footprint walk (listingAccesses.ts's walkAccesses for its code): false when only the dry run can tell. */
type WalkCode = (fr: MFrame, th: MThread, port: MemoryPort, host: InterpHost, log: AccessLog) => boolean;

/** Whether the lock a function's lock or unlock_wait step at the frame's pc takes (or waits out) is held; false at any other pc. */
type HeldCode = (fr: MFrame, port: MemoryPort) => boolean;

/** The generated code of a listing, per function index: its steps, its footprint walks, its lock checks, and the dry run over its steps. */
export interface FastCode { fns: FnCode[]; walks: WalkCode[]; held: HeldCode[]; stepper: Stepper }

/** Whether machines made from now on use the generated code (the differential test turns it off to compare with the generic interpreter). */
export const fastPath = { enabled: true };

const CACHE = new WeakMap<Listing, FastCode>();

/** Instructions folded into the current step so far (the runaway check of settle), shared by every generated function. */
interface Fold { n: number }
const FOLD: Fold = { n: 0 };

export function fastCodeOf(listing: Listing): FastCode {
  let c = CACHE.get(listing);
  if (!c) {
    const { region } = shapeOf(listing);
    const dead = deadTempsOf(listing);
    const fns = listing.functions.map((f, n) => generate(listing, f.code, dead[n] ?? []));
    const walks = listing.functions.map((f, n) => generateWalk(listing, f.code, region[n] ?? new Int8Array(0)));
    const held = listing.functions.map((f) => generateHeld(f.code));
    const code: FastCode = { fns, walks, held, stepper: (l, th, tid, port, host, out) => stepFast(code, l, th, tid, port, host, out) };
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
  out.label = ''; out.line = 0; // no step: the thread has returned (the code names the step it starts)
  const n = th.frames.length;
  const f = n > 0 ? th.frames[n - 1] : undefined;
  if (!f) return out;
  FOLD.n = 0;
  // Most steps stay in the function they start in: its code is called here, the loop only after a call or a return.
  const fn = code.fns[f.fn];
  if (fn && fn(f, true, th, tid, port, host, out) === CONT) run(code, th, tid, port, host, out);
  return out;
}

/** Runs local code up to the next step: the same as interp.settle without a tracer. */
export function settleFast(code: FastCode, th: MThread, tid: number, port: MemoryPort, host: InterpHost, out: StepResult): void {
  FOLD.n = 0;
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

/** The functions a local value's text (listingCode.ts's withText) may call, by the names it uses. */
const LOCAL_HELPER_NAMES = ['taskFieldAddr', 'workFieldAddr'];
const LOCAL_HELPERS: unknown[] = [taskFieldAddr, workFieldAddr];

/**
 * A local value as an expression over the slots `s`: its text with each `$n` replaced by its n-th
 * part's, or, where the compiler kept no text, a call of the closure (`k` makes it a constant of the code).
 */
function inline(fn: LocalFn, k: (x: unknown) => string): string {
  const t = textOf(fn);
  if (!t) return `${k(fn)}(s)`;
  return t.js.replace(/\$(\d+)/g, (_, n: string) => {
    const sub = t.subs[Number(n)];
    return sub ? `(${inline(sub, k)})` : `${k(fn)}(s)`; // a text naming a part it lacks: the closure itself
  });
}

/**
 * The text of one function's code: a loop over a switch on pc whose cases fall through in order.
 * Each case first decides whether its instruction belongs to the step (a step start ends it unless
 * it is the step's own first instruction; settle's runaway count otherwise), then runs it.
 */
function generate(listing: Listing, code: readonly MInstr[], dead: readonly Int32Array[]): FnCode {
  const consts: unknown[] = [];
  const k = (x: unknown): string => { consts.push(x); return `K${consts.length - 1}`; };
  const call = (fn: LocalFn): string => inline(fn, k);
  /** Zeroes the temporaries dead at pc (deadTemps.ts), as ListingOps's sync would after the step. */
  const clear = (pc: number): string => Array.from(dead[pc] ?? [], (slot) => `s[${slot}] = 0; `).join('');
  /** After a call pushed its callee: the caller's temporaries dead where it will resume (it changes no slot until the callee returns). */
  const clearCaller = (pc: number): string => { const c = clear(pc); return c ? `if (th.frames[th.frames.length - 1] !== fr) { ${c}}` : ''; };
  const body: string[] = [];
  code.forEach((i, pc) => {
    body.push(`case ${pc}:`);
    // The step's start (stepStart): its name, and a held lock stops it before anything runs.
    const start = `first = false; out.label = ${JSON.stringify(i.label)}; out.line = ${i.line};`
      + (i.op === 'lock' || i.op === 'unlockWait' ? ` if (port.isLocked(${call(i.addr)})) { out.blocked = true; return ${STOP}; }` : '');
    body.push(i.step
      ? `if (first) { ${start} } else { ${clear(pc)}fr.pc = ${pc}; return ${STOP}; }`
      : `if (first) { ${start} } else if (F.n++ > ${MAX_FOLD}) { ${clear(pc)}fr.pc = ${pc}; out.runaway = true; return ${STOP}; }`);
    const order = JSON.stringify(i.order);
    const leave = `fr.pc = ${pc + 1};`;
    switch (i.op) {
      case 'load': body.push(`s[${i.dst}] = port.load(${call(i.addr)}, ${order});`); break;
      case 'store': body.push(`port.store(${call(i.addr)}, ${call(i.a)}, ${order});`); break;
      case 'cas': {
        const b = call(i.b); // evaluated twice, as interp.ts does: a local value has no side effects
        body.push(`{ const seen = port.cas(${call(i.addr)}, ${b}, ${call(i.a)}, ${order});`);
        body.push(i.ok >= 0 ? `s[${i.ok}] = seen === ${b} ? 1 : 0; s[${i.dst}] = seen; }` : `s[${i.dst}] = seen; }`);
        break;
      }
      case 'xchg': body.push(`s[${i.dst}] = port.xchg(${call(i.addr)}, ${call(i.a)}, ${order});`); break;
      case 'or': case 'andnot': {
        const m = i.op === 'or' ? 'or' : 'and';
        body.push(`{ const old = port.${m}(${call(i.addr)}, ${call(i.a)}, ${order});${i.dst >= 0 ? ` s[${i.dst}] = old;` : ''} }`);
        break;
      }
      case 'lock': body.push(`port.tryLock(${call(i.addr)}, tid);`); break;
      case 'unlock': body.push(`port.unlock(${call(i.addr)}, tid);`); break;
      case 'unlockWait': body.push(`if (port.unlockWait !== undefined) port.unlockWait(${call(i.addr)}, tid);`); break;
      case 'fence': body.push(`if (port.fence !== undefined) port.fence(${order}, ${JSON.stringify(i.what)});`); break;
      case 'set': if (i.dst >= 0) body.push(`s[${i.dst}] = ${call(i.a)};`); break;
      case 'jump': body.push(`pc = ${i.target}; continue;`); break;
      case 'jumpIfNot': body.push(`if (${call(i.addr)} === 0) { pc = ${i.target}; continue; }`); break;
      case 'warn': body.push(`if (${call(i.a)} !== 0) host.warn(${i.line});`); break;
      case 'call': body.push(`${leave} pushFrame(L, th, ${i.target}, s, ${k(i.args)}, ${i.dst}); ${clearCaller(pc + 1)}return ${CONT};`); break;
      case 'irqQueue':
        body.push(`${leave} { const cpu = host.irqCpu?.(tid) ?? -1;`);
        body.push(`if (cpu >= 0 && port.irqQueue) port.irqQueue(cpu, ${i.target}); else { pushFrame(L, th, ${i.target}, s, ${k(i.args)}, -1); ${clearCaller(pc + 1)}} }`);
        body.push(`return ${CONT};`);
        break;
      case 'callPtr': body.push(`${leave} callPointer(L, th, ${k(i)}, s, host, port); ${clearCaller(pc + 1)}return ${CONT};`); break;
      case 'callback': {
        const a0 = i.args[0];
        body.push(`${leave} { const c = out.spare; c.work = ${a0 ? call(a0) : '0'}; c.func = port.load(${call(i.addr)}, ${order}); out.callback = c; }`);
        body.push(`return ${STOP};`);
        break;
      }
      case 'ret': body.push(`${leave} ret(th, ${call(i.a)}); return ${CONT};`); break;
    }
  });
  const text = [
    `return function code(fr, first, th, tid, port, host, out) {`,
    `const s = fr.slots; let pc = fr.pc;`,
    `for (;;) switch (pc) {`,
    ...body,
    `case ${code.length}: if (first) return ${STOP}; ${clear(code.length)}fr.pc = ${code.length}; return ${STOP};`,
    `default: if (first) return ${STOP}; fr.pc = pc; return ${STOP};`,
    `}`,
    `};`,
  ].join('\n');
  const names = consts.map((_, n) => `K${n}`);
  // The listing's code as JavaScript, made once per listing from the compiler's own instructions
  const make = new Function('L', 'F', 'pushFrame', 'callPointer', 'ret', ...LOCAL_HELPER_NAMES, ...names, text) as (...a: unknown[]) => FnCode;
  return make(listing, FOLD, pushFrame, callPointer, ret, ...LOCAL_HELPERS, ...consts);
}

/**
 * A function's lock check (interp.ts's canStep for a frame at rest): a switch over its lock and
 * unlock_wait pcs, each address closure called from a site of its own. canMove asks it of every
 * thread resting at a lock, on every step of a schedule.
 */
function generateHeld(code: readonly MInstr[]): HeldCode {
  const consts: LocalFn[] = [];
  const cases: string[] = [];
  code.forEach((i, pc) => {
    if (i.op !== 'lock' && i.op !== 'unlockWait') return;
    consts.push(i.addr);
    cases.push(`case ${pc}: return port.isLocked(K${consts.length - 1}(fr.slots));`);
  });
  const text = ['return function held(fr, port) {', 'switch (fr.pc) {', ...cases, 'default: return false;', '}', '};'].join('\n');
  const make = new Function(...consts.map((_, n) => `K${n}`), text) as (...a: LocalFn[]) => HeldCode;
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
