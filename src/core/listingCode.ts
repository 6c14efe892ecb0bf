// The compiled form of a model listing: per function a flat instruction array whose local-only
// expressions are closures over the frame's slots, so executing a step never walks a syntax tree.
// Shared words are reached only through a MemoryPort (memoryPort.ts) by address (address.ts).

/** The ordering an access was written with; recorded on every access (sequential consistency ignores it). */
export type Order = 'plain' | 'once' | 'relaxed' | 'acquire' | 'release' | 'full';

/** A value computed from the frame's slots only (no shared access). */
export type LocalFn = (slots: number[]) => number;

/**
 * The JavaScript text of a LocalFn, kept by the compiler next to the closure (src/model/localFn.ts):
 * an expression over the slots `s` in which `$0`, `$1`, ... stand for the texts of `subs`. The
 * generated step code (listingFast.ts) inlines it rather than calling the closure from a function
 * too large for V8 to inline every call; the generic interpreter and the LKMM's tracer call the closure.
 */
export interface LocalText { readonly js: string; readonly subs: readonly LocalFn[] }

const TEXTS = new WeakMap<LocalFn, LocalText>();

/** Records fn's text (the same computation, written out) and returns fn. */
export function withText(fn: LocalFn, js: string, ...subs: LocalFn[]): LocalFn {
  TEXTS.set(fn, { js, subs });
  return fn;
}

/** The text withText recorded for fn, or undefined (the generated code then calls the closure). */
export function textOf(fn: LocalFn): LocalText | undefined { return TEXTS.get(fn); }

export type MOp =
  | 'load' | 'store' | 'cas' | 'xchg' | 'or' | 'andnot'   // shared accesses
  | 'lock' | 'unlock' | 'unlockWait'                       // spinlocks (raw_spin_unlock_wait: wait until free)
  | 'callback'                                             // work->func(work): reads func, then calls it
  | 'irqQueue'                                             // irq_work_queue(&w): the handler (target) runs later on this CPU, or at once
  | 'fence' | 'set' | 'jump' | 'jumpIfNot' | 'call' | 'callPtr' | 'ret' | 'warn';

export const SHARED_OPS: ReadonlySet<MOp> = new Set<MOp>(['load', 'store', 'cas', 'xchg', 'or', 'andnot', 'lock', 'unlock', 'unlockWait', 'callback']);

/** One instruction. Every instruction has every field (one object shape: a fast interpreter). */
export interface MInstr {
  op: MOp;
  /** Slot the result lands in, or -1. cas: the value seen; try_cmpxchg's success lands in `ok`. */
  dst: number;
  /** try_cmpxchg: slot of the success flag (the write-back of the value seen goes to `dst`), or -1. */
  ok: number;
  /** The shared word's address (shared ops), the callee's value (callPtr), the condition (jumpIfNot). */
  addr: LocalFn;
  /** store/xchg/or/andnot: the value; cas: the new value; set/ret/warn: the value. */
  a: LocalFn;
  /** cas: the expected value. */
  b: LocalFn;
  args: LocalFn[];
  /** jump targets (pc), the callee's function index. */
  target: number;
  /**
   * jumpIfNot: where the control dependency on its condition ends (the LKMM's ctrl reaches only the
   * branches): the pc of the join after an if/else, a `?:` or `&&`; -1 at the function's return (a
   * branch leaves by return, goto, break or continue); -2 never (loops, switch: the rest of the thread).
   */
  join: number;
  order: Order;
  /** This instruction starts an atomic step; the ones after it up to the next start fold into it. */
  step: boolean;
  /** The step's name: a `tw:` comment on its line, or derived (function.access:line). */
  label: string;
  line: number;
  column: number;
  /** What the access touches in words a person reads: 'task_works', 'next', 'func', 'flags', 'pi_lock'. */
  what: string;
}

/** A branch's control dependency while the thread is inside it: the loads the condition came from, and its join pc. */
export interface CtrlScope { join: number; deps: readonly number[] }

export type SlotKind = 'task' | 'work' | 'pwork' | 'int' | 'fn' | 'data' | 'flags';

export interface MSlot { name: string; kind: SlotKind; /** A compiler temporary (hidden from the Variables view). */ temp: boolean }

export interface MFunction {
  name: string;
  /** Parameters occupy slots 1..params; slot 0 holds `current`. */
  params: number;
  slots: MSlot[];
  code: MInstr[];
  /** 1-based lines of the name and of the closing brace. */
  line: number;
  endLine: number;
  /** The function returns a value (not void). */
  returns: boolean;
  /**
   * Where each compiler temporary may be live: strictly between `from` and `to` (pcs). Elsewhere its
   * value is dead and the machine clears it, so states that differ only there are one state.
   * A temporary not listed is always live.
   */
  liveTemps?: readonly { slot: number; from: number; to: number }[];
  /** Supplied by tw's prelude (do_exit, resume_user_mode_work) because the file does not define it: its lines are not the file's. */
  prelude?: boolean;
}

export interface Listing {
  file: string;
  functions: MFunction[];
  byName: ReadonlyMap<string, number>;
  /** Every step label, in order of appearance. */
  labels: string[];
}

/** A call of a listing function in progress: its slots and where it is. */
export interface MFrame {
  fn: number;
  pc: number;
  slots: number[];
  /** Caller's slot for the return value, or -1. */
  dst: number;
  /** Under the LKMM only: per slot, the ids of the load events its value came from (weakTrace.ts). */
  taint?: number[][];
  /** Under the LKMM only: the branches of this frame the thread is inside (weakTrace.ts). */
  ctrl?: readonly CtrlScope[];
}

/** One thread's stack of listing calls. */
export interface MThread {
  frames: MFrame[];
  done: boolean;
  /** What the outermost call returned. */
  ret: number;
}
