// How a listing step annotates its trace event (the value column and yes/no), worked out from the
// listing's own code once per listing, so that a shipped listing's trace reads as the built-in step
// functions' did and a user's listing gets the same kind of annotation:
// - a step that writes shared memory (a store, CAS, xchg, lock, callback) shows its access: what the
//   port saw (a CAS: the value it leaves, and ok/FAILED);
// - a decision: a line that reads and assigns nothing of its own but tests a local (`if (h ==
//   &work_exited) return ...;`, `if (!match(work, data))`, or only evaluates it: `(void)h;`) shows
//   the local it tested, and yes when it goes on past the if's body (the branch around the body is
//   taken, or there is no if), no when it enters the body;
// - any other step only reads: it shows the work pointer its line leaves in a local (the last one
//   its line assigns: `work = READ_ONCE(*pprev)`, run.check's `head`), else the last value it read.
import type { Listing, MInstr, LocalFn, MFunction, MThread, MFrame } from './listingCode';
import { SHARED_OPS, textOf } from './listingCode';

/** What an `if` tests, or what an expression statement evaluates: the local it names (set by the compiler). */
const SUBJECTS = new WeakMap<MInstr, LocalFn>();

/** The compiler: instruction i (an if's jumpIfNot, an expression statement's first instruction) tests the local `fn` reads. */
export function noteSubject(i: MInstr, fn: LocalFn): void { SUBJECTS.set(i, fn); }

export function subjectOf(i: MInstr): LocalFn | undefined { return SUBJECTS.get(i); }

/** How a step is annotated (the kinds above). */
export const BY_ACCESS = 0, DECIDES = 1, SHOWS_LOCAL = 2;
/** Where a step leaves the thread, besides a pc of its function: it returned, or it is in another frame. */
const REST_RET = -1, REST_OTHER = -2;

export interface StepNote {
  kind: number;
  /** DECIDES: the local tested, read before the step (nothing before the test writes a local). */
  subject: LocalFn | undefined;
  /** SHOWS_LOCAL: the slot shown, read after the step. */
  slot: number;
  /** DECIDES: where the step rests when its branch is taken (yes) or falls into the if's body (no); `always`: no branch (yes). */
  taken: readonly number[];
  fell: readonly number[];
  always: boolean;
}

const NOTES = new WeakMap<Listing, (StepNote | undefined)[][]>();

/** Per function, per pc where a step starts: its note (undefined elsewhere). */
export function notesOf(listing: Listing): (StepNote | undefined)[][] {
  let n = NOTES.get(listing);
  if (!n) {
    n = listing.functions.map((f) => f.code.map((i, pc) => (i.step ? noteOf(f, pc) : undefined)));
    NOTES.set(listing, n);
  }
  return n;
}

/** Ops after which the step shows its own access (they change memory, or hand the work to a callback). */
const WRITES = new Set(['store', 'cas', 'xchg', 'or', 'andnot', 'lock', 'unlock', 'unlockWait', 'callback', 'irqQueue']);

function noteOf(f: MFunction, start: number): StepNote {
  const code = f.code;
  const line = code[start]?.line ?? -1;
  const pcs = stepPcs(code, start);
  const by = (kind: number, rest: Partial<StepNote> = {}): StepNote => ({ kind, subject: undefined, slot: -1, taken: [], fell: [], always: false, ...rest });
  const returned = code[start]?.op === 'unlock' ? returnedWork(f, start, pcs) : -1;
  if (returned >= 0) return by(SHOWS_LOCAL, { slot: returned });
  if (pcs.some((pc) => WRITES.has(code[pc]?.op ?? 'set') || code[pc]?.op === 'call')) return by(BY_ACCESS);
  const own = pcs.filter((pc) => code[pc]?.line === line);
  const assigns = (i: MInstr): boolean => (i.op === 'set' || i.op === 'load') && i.dst >= 0 && f.slots[i.dst]?.temp === false;
  const quiet = own.every((pc) => { const i = code[pc] as MInstr; return !SHARED_OPS.has(i.op) && !assigns(i); });
  const tested = own.find((pc) => subjectOf(code[pc] as MInstr) !== undefined);
  if (quiet && tested !== undefined) {
    const i = code[tested] as MInstr;
    if (i.op !== 'jumpIfNot') return by(DECIDES, { subject: subjectOf(i), always: true });
    return by(DECIDES, { subject: subjectOf(i), taken: rests(code, i.target), fell: rests(code, tested + 1) });
  }
  const shown = own.filter((pc) => { const i = code[pc] as MInstr; return assigns(i) && f.slots[i.dst]?.kind === 'work'; });
  const slot = shown.length ? code[Math.max(...shown)]?.dst ?? -1 : -1;
  if (slot < 0 || !assignedOnEveryPath(code, start, slot) || copiesItsOnlyRead(code, pcs, slot)) return by(BY_ACCESS);
  return by(SHOWS_LOCAL, { slot });
}

/**
 * The slot of the work local an unlock step returns (`raw_spin_unlock(...); return work;`), or -1:
 * such a step shows the work its call returns, as the built-in cancel.unlock did (the trace text
 * shows no value for an unlock; `tw run --json` and the debugger's events do). The rest of the step
 * must be local code ending in that one return.
 */
function returnedWork(f: MFunction, start: number, pcs: readonly number[]): number {
  const rest = pcs.filter((pc) => pc !== start).map((pc) => f.code[pc] as MInstr);
  const rets = rest.filter((i) => i.op === 'ret');
  const only = rets.length === 1 ? rets[0] : undefined;
  if (!only || rest.some((i) => i.op !== 'ret' && i.op !== 'set' && i.op !== 'jump')) return -1;
  const slot = slotRead(only.a);
  return slot >= 0 && f.slots[slot]?.kind === 'work' ? slot : -1;
}

/** The slot a local value only reads (the compiler's text for a plain local, `(s[N] ?? 0)`), or -1. */
function slotRead(fn: LocalFn): number {
  const m = /^\(s\[(\d+)\] \?\? 0\)$/.exec(textOf(fn)?.js ?? '');
  return m ? Number(m[1]) : -1;
}

/** The pcs of the step starting at `start`: its local code, up to the next step starts (in this function). */
function stepPcs(code: readonly MInstr[], start: number): number[] {
  const seen = new Set<number>();
  const todo = [start];
  while (todo.length) {
    const pc = todo.pop() as number;
    const i = code[pc];
    if (seen.has(pc) || !i || (pc !== start && i.step)) continue;
    seen.add(pc);
    if (i.op === 'ret' || i.op === 'callback') continue;
    if (i.op === 'jump') todo.push(i.target);
    else if (i.op === 'jumpIfNot') todo.push(i.target, pc + 1);
    else todo.push(pc + 1);
  }
  return [...seen].sort((a, b) => a - b);
}

/**
 * Whether the local is the step's one read, copied (`work = READ_ONCE(...)`): then the access shows
 * the same value, and the step needs no note (most steps: nothing to do after them).
 */
function copiesItsOnlyRead(code: readonly MInstr[], pcs: readonly number[], slot: number): boolean {
  const loads = pcs.filter((pc) => SHARED_OPS.has(code[pc]?.op ?? 'set'));
  const load = loads.length === 1 ? code[loads[0] as number] : undefined;
  if (!load || load.op !== 'load') return false;
  return pcs.every((pc) => {
    const i = code[pc] as MInstr;
    if (i.dst !== slot || (i.op !== 'set' && i.op !== 'load')) return true;
    return i === load || (i.op === 'set' && slotRead(i.a) === load.dst && pc > (loads[0] as number));
  });
}

/**
 * Whether every way through the step from `start` assigns `slot` before the step ends (a local the
 * step leaves on one path only would show a stale value on the others: they show what they read).
 */
function assignedOnEveryPath(code: readonly MInstr[], start: number, slot: number): boolean {
  const seen = new Set<number>();
  const todo = [start];
  while (todo.length) {
    const pc = todo.pop() as number;
    const i = code[pc];
    if (!i || (pc !== start && i.step) || i.op === 'ret' || i.op === 'callback') return false;
    if (seen.has(pc)) continue;
    seen.add(pc);
    if ((i.op === 'set' || i.op === 'load') && i.dst === slot) continue;
    if (i.op === 'jump') todo.push(i.target);
    else if (i.op === 'jumpIfNot') todo.push(i.target, pc + 1);
    else todo.push(pc + 1);
  }
  return true;
}

/** Where local code from `from` on can leave the thread at the end of the step: step starts, a return, another frame. */
function rests(code: readonly MInstr[], from: number): number[] {
  const out = new Set<number>();
  const seen = new Set<number>();
  const todo = [from];
  while (todo.length) {
    const pc = todo.pop() as number;
    if (seen.has(pc)) continue;
    seen.add(pc);
    const i = code[pc];
    if (!i || i.op === 'ret') { out.add(REST_RET); continue; }
    if (i.step) { out.add(pc); continue; }
    if (i.op === 'jump') todo.push(i.target);
    else if (i.op === 'jumpIfNot') todo.push(i.target, pc + 1);
    else {
      if (i.op === 'call' || i.op === 'callPtr') out.add(REST_OTHER); // a callee of the listing runs the rest of the step
      todo.push(pc + 1);
    }
  }
  return [...out];
}

/**
 * Where the step left the thread: `top` was its innermost frame and `depth` its depth before the
 * step. A return (of the thread, or into a caller) is REST_RET; a deeper or other frame REST_OTHER.
 */
export function restOf(m: MThread, top: MFrame, depth: number): number {
  const n = m.frames.length;
  if (m.done || n < depth) return REST_RET;
  return n === depth && m.frames[n - 1] === top ? top.pc : REST_OTHER;
}

/** A decision's yes (1) or no (0) from where the step rested; -1 when that does not tell. */
export function decided(note: StepNote, rest: number): number {
  if (note.always) return 1;
  const yes = note.taken.includes(rest), no = note.fell.includes(rest);
  return yes && !no ? 1 : no && !yes ? 0 : -1;
}
