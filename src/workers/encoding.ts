// Numeric codes for the strings the core keeps in its State (step labels, work lives, operation
// kinds, violation kinds), so they fit in Int32 cells of the shared heap. Step labels come from
// the listing a variant runs (a user's file derives its own), so their table is built per listing;
// the controller and every worker compile the same text and so build the same table.
import { StepLabel, STEP_LABELS, WorkLife, OpKind, ViolationKind, Listing } from '../core';

export type LabelOrEnd = StepLabel | 'end' | 'spin';

const LIFE_CODES: Record<WorkLife, number> = {
  unallocated: 0, idle: 1, pending: 2, detached: 3, running: 4, ran: 5, cancelled: 6, freed: 7,
};
const OP_CODES: Record<OpKind, number> = {
  add: 0, cancel_func: 1, cancel: 2, cancel_match: 3, run: 4, exit: 5, resume: 6, irq: 7,
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

const LIVES: readonly WorkLife[] = inverse(LIFE_CODES);
const OPS: readonly OpKind[] = inverse(OP_CODES);
const KINDS: readonly ViolationKind[] = inverse(KIND_CODES);

/** Step label <-> code: the core's fixed labels, then the listing's own in order of appearance. */
export class LabelTable {
  private readonly names: string[];
  private readonly codes = new Map<string, number>();

  constructor(listing: Listing | undefined) {
    this.names = [...new Set<string>([...STEP_LABELS, 'end', 'spin', ...(listing?.labels ?? [])])];
    this.names.forEach((n, i) => this.codes.set(n, i));
  }

  code(label: string): number {
    const c = this.codes.get(label);
    if (c === undefined) throw new Error(`step label '${label}' is not in the listing's table`);
    return c;
  }

  of(code: number): LabelOrEnd {
    const l = this.names[code];
    if (l === undefined) throw new Error(`corrupt heap: step label code ${code}`);
    return l as LabelOrEnd;
  }
}

export function lifeCode(l: WorkLife): number { return LIFE_CODES[l]; }
export function opCode(o: OpKind): number { return OP_CODES[o]; }
export function kindCode(k: ViolationKind): number { return KIND_CODES[k]; }

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
