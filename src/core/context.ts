// What every step function needs besides the state: the program, the variant, the limits,
// and the small shared helpers for reading memory, naming objects and reporting violations.
import { Program, NULL, WORK_EXITED, slotOfAddress, ViolationKind } from './program';
import { Variant } from './variants';
import { State, StepLabel, Cell, Frame } from './state';
import { taskFieldOf, TASK_FIELDS, LOCAL_HEAD } from './address';

export interface Limits {
  /** Atomic steps before a `step-limit` violation (a livelock, usually). */
  maxSteps: number;
  /** Iterations one `while` loop may run each time it is entered (a `repeat` is bounded by its count). */
  maxLoopIterations: number;
}
export const DEFAULT_LIMITS: Limits = { maxSteps: 10000, maxLoopIterations: 1000 };
/** The most `maxSteps` may be: a longer run is a livelock, and its trace would not fit in memory. */
export const MAX_STEPS_CEILING = 1_000_000;
/**
 * Backward jumps a thread may take between two visible steps: loops that only compute (nested
 * `repeat (1000)`s, say) are each legal but would otherwise keep one step busy for minutes.
 */
export const MAX_SILENT_ITERATIONS = 1_000_000;

/**
 * The bounds a `jump` checks (core and worker backend alike): a `while` back edge counts in its
 * hidden counter local; every backward jump counts towards `silent`, the thread's backward jumps
 * since its last visible step. Returns the bound exceeded, if any.
 */
export function loopBound(f: Frame, instr: { target: number; counter?: number }, limits: Limits, silent: number): 'loop' | 'silent' | undefined {
  if (instr.target > f.pc) return undefined;
  if (instr.counter !== undefined) {
    const n = (f.locals[instr.counter] ?? 0) + 1;
    f.locals[instr.counter] = n;
    if (n > limits.maxLoopIterations) return 'loop';
  }
  return silent > MAX_SILENT_ITERATIONS ? 'silent' : undefined;
}

/** The step-limit messages of a loop, shared by the core and the worker backend. */
export function loopLimitText(thread: string, line: number, limits: Limits, silent: boolean): string {
  return silent
    ? `${thread}: ${MAX_SILENT_ITERATIONS} loop iterations without a visible step at line ${line} (nested loops that only compute: a livelock?)`
    : `${thread}: a loop ran more than ${limits.maxLoopIterations} times at line ${line} (the bound on one loop each time it is entered: a livelock?)`;
}

export interface Ctx {
  program: Program;
  variant: Variant;
  limits: Limits;
}

/** The event one step produces: compact numbers, turned into text by trace.ts only when shown. */
export interface StepEvent {
  /** 1-based step number. */
  step: number;
  thread: number;
  /** The step taken; 'spin' when the thread could not move (held lock, wait, finished). */
  label: StepLabel | 'spin';
  /** The label the thread was blocked at, for spin events. */
  blockedAt?: StepLabel;
  /** Primary value read or written (pointer or int), per label: see trace.ts. */
  value: number;
  /** CAS / check outcome: 1 success, 0 failure, -1 not a CAS. */
  ok: number;
  /** The operation returned this value at this step (undefined if it goes on). */
  ret?: number;
  /** Index into state.violations of the first violation this step reported, or -1. */
  firstViolation: number;
}

/** Reports a violation once per key (kind + label + works), so livelocks do not flood the trace. */
export function report(s: State, kind: ViolationKind, message: string, thread: number,
  label: StepLabel | 'end', works: number[]): void {
  const key = `${kind}|${label}|${works.join(',')}`;
  if (s.reported.includes(key)) return;
  s.reported.push(key);
  s.violations.push({ kind, message, step: label === 'end' ? 0 : s.steps, thread, label, works });
}

/** The heap cell at a work address, or undefined for NULL / the sentinel / a garbage value. */
export function cellAt(s: State, addr: number): Cell | undefined {
  if (addr === NULL || addr === WORK_EXITED) return undefined;
  const slot = slotOfAddress(addr);
  return slot >= 0 ? s.cells[slot] : undefined;
}

/** A readable name for a pointer value: `NULL`, `&work_exited`, `A`, `freed A`. */
export function pointerName(ctx: Ctx, s: State, addr: number): string {
  if (addr === NULL) return 'NULL';
  if (addr === WORK_EXITED) return '&work_exited';
  if (addr === LOCAL_HEAD) return '&(local list head)';
  if (addr < 0) { // a task's word (3.5's pprev of a first work points at its task_works)
    const { task, field } = taskFieldOf(addr);
    return `&${ctx.program.tasks[task]?.name ?? '?'}.${TASK_FIELDS[field] ?? '?'}`;
  }
  const slot = slotOfAddress(addr);
  const cell = slot >= 0 ? s.cells[slot] : undefined;
  if (!cell) return `0x${addr.toString(16)}`;
  if (cell.work >= 0) return ctx.program.works[cell.work]?.name ?? '?';
  const last = cell.last >= 0 ? ctx.program.works[cell.last]?.name : undefined;
  return last ? `freed ${last}` : `0x${addr.toString(16)}`;
}

export function threadName(ctx: Ctx, t: number): string {
  return ctx.program.threads[t]?.name ?? 'setup';
}

/**
 * The task thread t runs as `current` now: its `current(TASK)`, or for a thread on a CPU (an
 * `on(CPU)` thread, a CPU's irq_work thread) the task that CPU runs in this state; -1 for none.
 */
export function threadCurrent(ctx: Ctx, s: State, t: number): number {
  const d = ctx.program.threads[t];
  if (!d) return -1;
  const cpu = d.cpu ?? d.irqOf;
  return cpu !== undefined ? s.cpus[cpu] ?? -1 : d.current;
}

export function taskName(ctx: Ctx, task: number): string {
  return ctx.program.tasks[task]?.name ?? '?';
}

/**
 * A memory access to a work: reports a use-after-free when the cell is free and names the access.
 * Returns the cell (freed or not: the stale contents are what a real machine would read).
 */
export function touch(ctx: Ctx, s: State, t: number, label: StepLabel, addr: number, access: string): Cell | undefined {
  const cell = cellAt(s, addr);
  if (cell && cell.work < 0) {
    const name = pointerName(ctx, s, addr);
    report(s, 'use-after-free', `${threadName(ctx, t)}: ${access} of ${name} at ${label}`, t, label,
      cell.last >= 0 ? [cell.last] : []);
  }
  return cell;
}

/** What a step function reports back to the machine (reused object: no allocation per step). */
export interface StepOut {
  value: number;
  ok: number;
  /** The operation returned `ret` at this step. */
  done: boolean;
  ret: number;
  /** run.call asks the machine to push this callback's code frame (func index), or -1. */
  call: number;
}

export const ESRCH = 3;
export const EINVAL = 22;

export function finishOp(out: StepOut, ret: number): void {
  out.done = true;
  out.ret = ret;
}
