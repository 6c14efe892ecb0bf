// Numeric codes for the strings the core keeps in its State (step labels, work lives, operation
// kinds, violation kinds), so they fit in Int32 cells of the shared heap. Records keyed by the
// core's union types make the compiler check that every member has a code.
import { StepLabel, WorkLife, OpKind, ViolationKind } from '../core';

export type LabelOrEnd = StepLabel | 'end';

const LABEL_CODES: Record<LabelOrEnd, number> = {
  'add.load': 0, 'add.check': 1, 'add.link': 2, 'add.cas': 3, 'add.notify': 4,
  'cancel.peek': 5, 'cancel.lock': 6, 'cancel.load': 7, 'cancel.match': 8, 'cancel.step': 9,
  'cancel.cas': 10, 'cancel.unlock': 11,
  'run.load': 12, 'run.check': 13, 'run.cas': 14, 'run.xchg': 15, 'run.store': 16, 'run.lock': 17,
  'run.unlock': 18, 'run.next': 19, 'run.call': 20, 'run.exited': 21,
  'exit.flag': 22, 'resume.clear': 23, 'resume.check': 24,
  free: 25, alloc: 26, set: 27, assert: 28, wait: 29, branch: 30, end: 31,
};
const LIFE_CODES: Record<WorkLife, number> = {
  unallocated: 0, idle: 1, pending: 2, detached: 3, running: 4, ran: 5, cancelled: 6, freed: 7,
};
const OP_CODES: Record<OpKind, number> = {
  add: 0, cancel_func: 1, cancel: 2, cancel_match: 3, run: 4, exit: 5, resume: 6,
};
const KIND_CODES: Record<ViolationKind, number> = {
  'use-after-free': 0, 'run-after-cancel': 1, 'double-run': 2, 'double-add': 3, 'null-func-call': 4,
  'list-cycle': 5, deadlock: 6, 'step-limit': 7, assertion: 8, 'lost-work': 9, 'data-race': 10,
};

function inverse<T extends string>(codes: Record<T, number>): T[] {
  const out: T[] = [];
  for (const k of Object.keys(codes) as T[]) out[codes[k]] = k;
  return out;
}

/** Code -> name tables (index = code). */
const LABELS: readonly LabelOrEnd[] = inverse(LABEL_CODES);
const LIVES: readonly WorkLife[] = inverse(LIFE_CODES);
const OPS: readonly OpKind[] = inverse(OP_CODES);
const KINDS: readonly ViolationKind[] = inverse(KIND_CODES);

export function labelCode(l: LabelOrEnd): number { return LABEL_CODES[l]; }
export function lifeCode(l: WorkLife): number { return LIFE_CODES[l]; }
export function opCode(o: OpKind): number { return OP_CODES[o]; }
export function kindCode(k: ViolationKind): number { return KIND_CODES[k]; }

export function labelOf(code: number): LabelOrEnd {
  const l = LABELS[code];
  if (l === undefined) throw new Error(`corrupt heap: step label code ${code}`);
  return l;
}
export function lifeOf(code: number): WorkLife {
  const l = LIVES[code];
  if (l === undefined) throw new Error(`corrupt heap: work life code ${code}`);
  return l;
}
export function opOf(code: number): OpKind {
  const o = OPS[code];
  if (o === undefined) throw new Error(`corrupt heap: operation code ${code}`);
  return o;
}
export function kindOf(code: number): ViolationKind {
  const k = KINDS[code];
  if (k === undefined) throw new Error(`corrupt heap: violation kind code ${code}`);
  return k;
}
