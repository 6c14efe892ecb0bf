// Where a thread arrives with a step: the atomic step it is now before (listing line), the function
// or callback it entered, the .tw statement it is now at the start of. Breakpoints fire on arrivals,
// so a breakpoint "before add.cas" fires once per CAS attempt and never again while parked there.
import { Frame, Machine, OpKind, Program, State, StepEvent, StepLabel } from '../core';
import { listingFnOf } from './listing/table';

/** The API name of each operation frame, as function breakpoints and frame names use it. */
export const OP_API: Readonly<Record<OpKind, string>> = {
  add: 'task_work_add', cancel_func: 'task_work_cancel_func', cancel: 'task_work_cancel',
  cancel_match: 'task_work_cancel_match', run: 'task_work_run', exit: 'do_exit', resume: 'resume_user_mode_work',
  irq: 'irq_work_run',
};

/** Thread t before a step: which frames it had and the label its top frame was at. */
export interface Before {
  frames: Frame[];
  topLabel: StepLabel | null;
}

export interface Arrival {
  thread: number;
  /** The step the thread is now before (an operation's step, or a statement's: free, assert, ...). */
  label?: StepLabel;
  /** Functions entered with this step: listing function names and the operation's API name. */
  entered: string[];
  /** Index into Program.funcs of a callback entered with this step, or -1. */
  callback: number;
  /** The .tw statement the thread is now at the start of. */
  statement?: { block: number; pc: number; line: number; column: number };
}

export function captureBefore(s: State, t: number): Before {
  const frames = s.threads[t]?.frames ?? [];
  const top = frames[frames.length - 1];
  return { frames: frames.slice(), topLabel: top && top.kind === 'op' ? top.label : null };
}

/** Position 0: every thread "arrives" where it starts. */
export const NOTHING_BEFORE: Before = { frames: [], topLabel: null };

function statementOf(program: Program, f: Frame): Arrival['statement'] {
  const instr = program.blocks[f.block]?.instrs[f.pc];
  if (!instr) return undefined;
  return { block: f.block, pc: f.pc, line: instr.origin.range.line, column: instr.origin.range.column };
}

/** What thread t arrived at with its step `ev` (null for a spin or a finished thread). */
export function arrivalOf(m: Machine, s: State, t: number, before: Before, ev: StepEvent | null): Arrival | null {
  if (ev && ev.label === 'spin') return null;
  const program = m.program;
  const frames = s.threads[t]?.frames ?? [];
  const top = frames[frames.length - 1];
  if (!top) return null;
  const isNew = !before.frames.includes(top);
  const a: Arrival = { thread: t, entered: [], callback: -1 };
  if (top.kind === 'op') {
    a.label = top.label;
    const fn = listingFnOf(top.label);
    if (isNew) a.entered.push(OP_API[top.op]);
    if (fn && (isNew || listingFnOf(before.topLabel ?? 'set') !== fn) && !a.entered.includes(fn)) a.entered.push(fn);
    const below = frames[frames.length - 2];
    if (isNew && below && below.kind === 'code') a.statement = statementOf(program, below);
    return a;
  }
  if (isNew && frames.length > 1) {
    a.callback = program.funcs.findIndex((f) => f.block === top.block);
    const name = program.funcs[a.callback]?.name;
    if (name) a.entered.push(name);
  }
  a.statement = statementOf(program, top);
  const label = m.nextLabel(s, t);
  if (label) a.label = label;
  return a;
}
