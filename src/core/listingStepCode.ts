// The step code of a listing function as JavaScript, generated once per listing (listingFast.ts runs
// it). Two forms from one emitter:
// - the function's code: a loop over a switch on pc whose cases fall through in order; it runs a
//   frame from any pc (a step's start, a callee's first instruction, a caller after a return);
// - per step start, the step's own code: the path from that pc to every place the step can end,
//   written out without the loop and the switch. Most steps run one or two instructions, so this is
//   a small function whose few calls (the memory port's) V8 inlines, where the whole function's
//   code is too large for its inlining budget. A path that would come back to a pc it passed (a
//   local loop) or grow past a bound goes on in the function's code instead.
// The op codes, slots, orderings and jump targets are constants of the text, and each local value
// is its text (listingCode.ts's withText) or a call of its closure.
import { Listing, MInstr, MFrame, MThread, LocalFn, textOf } from './listingCode';
import { InterpHost, StepResult, MAX_FOLD, pushFrame, ret } from './interp';
import { MODEL_FN_BASE } from './address';
import { MemoryPort } from './memoryPort';
import type { Frame } from './state';
import { StepNote, BY_ACCESS, DECIDES } from './listingNotes';

/** What generated code returns: stopped (at a step start, the end, a callback or a runaway), or go on in the new top frame. */
export const STOP = 0;
export const CONT = 1;

/**
 * The code of one listing function: runs frame `fr` from its pc (`first`: the step's own first
 * instruction, not a step boundary). Where the thread comes to rest before a step, the code writes
 * that step's label, whether it may wait, and the lock it waits for into `op`, the API call's frame
 * (Frame.label, wait, lock): the caller reads nothing back.
 */
export type FnCode = (fr: MFrame, first: boolean, th: MThread, tid: number, port: MemoryPort, host: InterpHost, out: StepResult, op: Frame) => number;

/** The code of the step starting at one pc: FnCode with `first` true and the frame at that pc. */
export type EntryCode = (fr: MFrame, th: MThread, tid: number, port: MemoryPort, host: InterpHost, out: StepResult, op: Frame) => number;

/** A function's code, and per pc where a step starts the step's own code (undefined elsewhere). */
export interface StepCode { code: FnCode; entries: (EntryCode | undefined)[] }

/** Instructions folded into the current step so far (the runaway check of settle), shared by every generated function. */
export const FOLD = { n: 0 };

/** Instructions one step's own code writes out, branches counted apart, before it goes on in the function's code. */
const ENTRY_BUDGET = 24;

/**
 * A local value as an expression over the slots `s`: its text with each `$n` replaced by its n-th
 * part's, or, where the compiler kept no text, a call of the closure (`k` makes it a constant of the code).
 */
export function inline(fn: LocalFn, k: (x: unknown) => string): string {
  const t = textOf(fn);
  if (!t) return `${k(fn)}(s)`;
  return t.js.replace(/\$(\d+)/g, (_, n: string) => {
    const sub = t.subs[Number(n)];
    return sub ? `(${inline(sub, k)})` : `${k(fn)}(s)`; // a text naming a part it lacks: the closure itself
  });
}

export function generateStepCode(listing: Listing, code: readonly MInstr[], dead: readonly Int32Array[], notes: readonly (StepNote | undefined)[] = []): StepCode {
  const consts: unknown[] = [];
  const k = (x: unknown): string => { consts.push(x); return `K${consts.length - 1}`; };
  const call = (fn: LocalFn): string => inline(fn, k);
  /** Zeroes the temporaries dead at pc (deadTemps.ts), as ListingOps's sync would after the step. */
  const clear = (pc: number): string => Array.from(dead[pc] ?? [], (slot) => `s[${slot}] = 0; `).join('');
  /** After a call pushed its callee: the caller's temporaries dead where it will resume (it changes no slot until the callee returns). */
  const clearCaller = (pc: number): string => { const c = clear(pc); return c ? `if (th.frames[th.frames.length - 1] !== fr) { ${c}}` : ''; };
  /** The step's start (interp.ts's stepStart): its name, and a held lock stops it before anything runs. */
  // A step starting at `work->func(work)` tells the port so (its read of func is the call: a freed
  // work's use-after-free is named 'call func'); the caller clears the flag after the step.
  const start = (i: MInstr): string => `out.line = ${i.line};`
    + (i.op === 'lock' || i.op === 'unlockWait' ? ` if (port.isLocked(${call(i.addr)})) { out.blocked = true; return ${STOP}; }` : '')
    + (i.op === 'callback' ? ' port.calling = true;' : '');
  /**
   * Where the thread stops at pc: the op frame rests before the step starting there (its label;
   * whether it takes or waits out a lock, and that lock's address from the slots as they are now,
   * dead temporaries cleared: canMove then asks the memory only whether that address is held).
   */
  const rest = (pc: number): string => {
    const i = code[pc];
    if (!i) return '';
    const waits = i.op === 'lock' || i.op === 'unlockWait';
    return `op.label = ${JSON.stringify(i.label)}; op.wait = ${String(waits)}; op.lock = ${waits ? call(i.addr) : '0'}; `;
  };
  const stopAt = (pc: number): string => `${clear(pc)}fr.pc = ${pc}; ${rest(pc)}return ${STOP};`;
  const runaway = (pc: number): string => `if (F.n++ > ${MAX_FOLD}) { ${clear(pc)}fr.pc = ${pc}; ${rest(pc)}out.runaway = true; return ${STOP}; }`;

  /**
   * What instruction i at pc does, as interp.ts's execOp. `go(target)` is the text that continues at
   * a jump's target; `ends` tells whether control never falls through to pc + 1.
   */
  const op = (i: MInstr, pc: number, go: (target: number) => string): { text: string; ends: boolean } => {
    const order = JSON.stringify(i.order);
    const leave = `fr.pc = ${pc + 1};`;
    const on = (text: string): { text: string; ends: boolean } => ({ text, ends: false });
    const end = (text: string): { text: string; ends: boolean } => ({ text, ends: true });
    switch (i.op) {
      case 'load': return on(`s[${i.dst}] = port.load(${call(i.addr)}, ${order});`);
      case 'store': return on(`port.store(${call(i.addr)}, ${call(i.a)}, ${order});`);
      case 'cas': {
        const b = call(i.b); // evaluated twice, as interp.ts does: a local value has no side effects
        return on(`{ const seen = port.cas(${call(i.addr)}, ${b}, ${call(i.a)}, ${order}); `
          + (i.ok >= 0 ? `s[${i.ok}] = seen === ${b} ? 1 : 0; s[${i.dst}] = seen; }` : `s[${i.dst}] = seen; }`));
      }
      case 'xchg': return on(`s[${i.dst}] = port.xchg(${call(i.addr)}, ${call(i.a)}, ${order});`);
      case 'or': case 'andnot':
        return on(`{ const old = port.${i.op === 'or' ? 'or' : 'and'}(${call(i.addr)}, ${call(i.a)}, ${order});${i.dst >= 0 ? ` s[${i.dst}] = old;` : ''} }`);
      case 'lock': return on(`port.tryLock(${call(i.addr)}, tid);`);
      case 'unlock': return on(`port.unlock(${call(i.addr)}, tid);`);
      case 'unlockWait': return on(`if (port.unlockWait !== undefined) port.unlockWait(${call(i.addr)}, tid);`);
      case 'fence': return on(`if (port.fence !== undefined) port.fence(${order}, ${JSON.stringify(i.what)});`);
      case 'set': return on(i.dst >= 0 ? `s[${i.dst}] = ${call(i.a)};` : '');
      case 'jump': return end(go(i.target));
      case 'jumpIfNot': return on(`if (${call(i.addr)} === 0) { ${go(i.target)} }`);
      case 'warn': return on(`if (${call(i.a)} !== 0) host.warn(${i.line});`);
      case 'call': return end(`${leave} pushFrame(L, th, ${i.target}, s, ${k(i.args)}, ${i.dst}); ${clearCaller(pc + 1)}return ${CONT};`);
      case 'irqQueue':
        return end(`${leave} { const cpu = host.irqCpu?.(tid) ?? -1; `
          + `if (cpu >= 0 && port.irqQueue) port.irqQueue(cpu, ${i.target}); else { pushFrame(L, th, ${i.target}, s, ${k(i.args)}, -1); ${clearCaller(pc + 1)}} } return ${CONT};`);
      case 'callPtr': {
        // interp.ts's callPointer written out: a listing function's pointer pushes its frame (the
        // step goes on there); any other is the scenario's predicate, answered here, and the step
        // goes on at pc + 1 without leaving this code (its arguments in an array literal, no closure).
        const args = i.args.map((a) => call(a)).join(', ');
        return on(`{ const v = ${call(i.addr)}; const callee = v - ${MODEL_FN_BASE}; `
          + `if (callee >= 0 && callee < ${listing.functions.length}) { ${leave} pushFrame(L, th, callee, s, ${k(i.args)}, ${i.dst}); ${clearCaller(pc + 1)}return ${CONT}; }`
          + `${i.dst >= 0 ? ` s[${i.dst}] = host.callPointer(v, [${args}], port);` : ''} }`);
      }
      case 'callback': {
        const a0 = i.args[0];
        return end(`${leave} { const c = out.spare; c.work = ${a0 ? call(a0) : '0'}; c.func = port.load(${call(i.addr)}, ${order}); out.callback = c; } return ${STOP};`); // ListingOps.call names the step after the callback returns
      }
      case 'ret': return end(`${leave} ret(th, ${call(i.a)}); return ${CONT};`);
    }
  };

  // The function's code. Each case first decides whether its instruction belongs to the step (a step
  // start ends it unless it is the step's own first instruction; settle's runaway count otherwise).
  const body: string[] = [];
  code.forEach((i, pc) => {
    body.push(`case ${pc}:`);
    body.push(i.step
      ? `if (first) { first = false; ${start(i)} } else { ${stopAt(pc)} }`
      : `if (first) { first = false; ${start(i)} } else ${runaway(pc)}`);
    body.push(op(i, pc, (target) => `pc = ${target}; continue;`).text);
  });
  const fnText = [
    `const s = fr.slots; let pc = fr.pc;`,
    `for (;;) switch (pc) {`,
    ...body,
    `case ${code.length}: if (first) return ${STOP}; ${stopAt(code.length)}`,
    `default: if (first) return ${STOP}; fr.pc = pc; return ${STOP};`,
    `}`,
  ].join('\n');

  /**
   * The path from pc on, inside one step's own code (`seen`: the pcs on the way there; `left`: the
   * budget; `n`: the instructions folded so far). The path is straight code of at most ENTRY_BUDGET
   * instructions, far below settle's runaway bound: it counts them as it writes them and hands the
   * count over (F.n) only where the step goes on in a function's code, which checks the bound.
   */
  const path = (pc: number, seen: ReadonlySet<number>, left: { n: number }, n: number): string => {
    if (pc === code.length) return stopAt(pc);
    const i = code[pc];
    if (!i) return `fr.pc = ${pc}; return ${STOP};`;
    if (i.step) return stopAt(pc);
    const count = (k: number): string => (k > 0 ? `F.n = ${k}; ` : '');
    if (seen.has(pc) || left.n <= 0) return `fr.pc = ${pc}; ${count(n)}return code(fr, false, th, tid, port, host, out, op);`; // a loop, or long: the function's code
    left.n--;
    const on = new Set(seen).add(pc);
    const o = op(i, pc, (target) => path(target, on, left, n + 1));
    const cont = i.op === 'call' || i.op === 'irqQueue' || i.op === 'callPtr' || i.op === 'ret'; // the step goes on in another frame's code
    return `${cont ? count(n + 1) : ''}${o.text}${o.ends ? '' : ` ${path(pc + 1, on, left, n + 1)}`}`;
  };
  /**
   * A step annotated by a decision or a local names its note in `out` (the caller annotates the
   * event after the step); a decision's tested local is read here, before the step, inline.
   */
  const noteText = (pc: number): string => {
    const note = notes[pc];
    if (!note || note.kind === BY_ACCESS) return '';
    const subject = note.kind === DECIDES ? `out.tested = ${note.subject ? call(note.subject) : '0'}; ` : '';
    return `out.note = ${k(note)}; ${subject}`;
  };
  const entries: string[] = [];
  code.forEach((i, pc) => {
    if (!i.step) return;
    const left = { n: ENTRY_BUDGET };
    const o = op(i, pc, (target) => path(target, new Set([pc]), left, 0));
    entries.push(`entries[${pc}] = function (fr, th, tid, port, host, out, op) { const s = fr.slots; ${noteText(pc)}${start(i)} ${o.text}`
      + `${o.ends ? '' : ` ${path(pc + 1, new Set([pc]), left, 0)}`} };`);
  });

  const text = [
    // Strict: a call of a sloppy function converts its undefined receiver to the global object, on every step.
    `'use strict';`,
    `const code = function code(fr, first, th, tid, port, host, out, op) {`, fnText, `};`,
    `const entries = [];`,
    ...entries,
    `return { code, entries };`,
  ].join('\n');
  const names = consts.map((_, n) => `K${n}`);
  // The listing's code as JavaScript, made once per listing from the compiler's own instructions
  const make = new Function('L', 'F', 'pushFrame', 'ret', ...names, text) as (...a: unknown[]) => StepCode;
  return make(listing, FOLD, pushFrame, ret, ...consts);
}
