// Step footprints as bit masks, for the dependency tests of DPOR, sleep sets and the race
// explanation. Starts from the core's m.footprint() and adds what the core's checks also read or
// write behind it (list walks of the cycle check and of the detach bookkeeping, match predicates,
// free's argument, invariants), so that "independent" really means "the two orders commute".
import { Machine, State, ANY_CELL, AccessKind, exprReads, Expr, Instr, NULL, WORK_EXITED, slotOfAddress } from '../core';

/** Masks over shared objects. Objects past bit 30 share bit 30 (over-approximation: still sound). */
export interface Fp {
  r: number;
  /** Plain writes and CASes. */
  w: number;
  /** pi_lock acquisitions (cancel.lock, run.lock). */
  acq: number;
  /** pi_lock releases (cancel.unlock, run.unlock). */
  rel: number;
}

/** A thread and the footprint of its next step: an entry of a sleep set or of the explored siblings. */
export interface SleepEntry { t: number; fp: Fp }

/** The threads of a sleep set as a bit mask (no intermediate array: this runs once per node). */
export function sleepMaskOf(entries: readonly SleepEntry[]): number {
  let m = 0;
  for (const e of entries) m |= 1 << e.t;
  return m;
}

const INV_BIT = 1 << 31;
const LAST_BIT = 30;

export class Footprints {
  private readonly ntasks: number;
  private readonly cellsMask: number;
  /** Objects the invariants read: a step writing one of them is visible to the invariant check. */
  private readonly invMask: number;

  constructor(private readonly m: Machine) {
    const p = m.program;
    this.ntasks = p.tasks.length;
    let cells = 0;
    for (let slot = 0; slot < p.slots; slot++) cells |= this.bit(this.ntasks * 3 + slot);
    this.cellsMask = cells;
    let inv = 0;
    for (const i of p.invariants) inv |= this.exprMask(i.e);
    this.invMask = inv;
  }

  private bit(obj: number): number {
    return obj === ANY_CELL ? this.cellsMask : 1 << Math.min(obj, LAST_BIT);
  }

  private exprMask(e: Expr): number {
    const objs: number[] = [];
    exprReads(this.m.ctx, e, objs);
    let mask = 0;
    for (const o of objs) mask |= this.bit(o);
    return mask;
  }

  /** Cells reachable from addr by following next (what a list walk reads). */
  private chainMask(s: State, addr: number): number {
    let mask = 0;
    let p = addr;
    for (let i = 0; i <= s.cells.length && p !== NULL && p !== WORK_EXITED; i++) {
      const slot = slotOfAddress(p);
      const cell = slot >= 0 ? s.cells[slot] : undefined;
      if (!cell) break;
      mask |= this.bit(this.ntasks * 3 + slot);
      p = cell.next;
    }
    return mask;
  }

  /** Ors each access the machine hands it into `fp` (one object, reused: no list of accesses per footprint). */
  private readonly sink = {
    fp: { r: 0, w: 0, acq: 0, rel: 0 } as Fp,
    /** The step is a pi_lock release (its lock access is a release). */
    unlock: false,
    add: (obj: number, kind: AccessKind): void => {
      const { fp } = this.sink;
      const b = this.bit(obj);
      if (kind === 'read') fp.r |= b;
      else if (kind !== 'lock') fp.w |= b;
      else if (this.sink.unlock) fp.rel |= b;
      else fp.acq |= b;
    },
  };

  /** The footprint of thread t's next step in state s (computed before the step). */
  of(s: State, t: number): Fp {
    const fp: Fp = { r: 0, w: 0, acq: 0, rel: 0 };
    const label = this.m.nextLabel(s, t);
    const { sink } = this;
    sink.fp = fp;
    sink.unlock = label === 'cancel.unlock' || label === 'run.unlock';
    this.m.footprintInto(s, t, sink);
    this.addHidden(s, t, label, fp);
    if (this.invMask !== 0 && ((fp.w | fp.acq | fp.rel) & this.invMask) !== 0) fp.w |= INV_BIT;
    return fp;
  }

  /** Accesses the core's footprint leaves out, per step label. */
  private addHidden(s: State, t: number, label: string | null, fp: Fp): void {
    const th = s.threads[t];
    const f = th?.frames[th.frames.length - 1];
    if (!th || !f) return;
    const head = s.tasks[f.task]?.taskWorks ?? NULL;
    switch (label) {
      case 'add.cas': // checkCycle walks the new list: f.work, then its next chain
        fp.r |= this.chainMask(s, f.work);
        return;
      case 'cancel.cas': { // checkCycle walks the list from the head after the unlink
        const slot = slotOfAddress(f.work);
        const next = slot >= 0 ? (s.cells[slot]?.next ?? NULL) : NULL;
        fp.r |= this.bit(f.task * 3) | this.chainMask(s, head) | this.chainMask(s, next);
        return;
      }
      case 'run.cas': case 'run.xchg': case 'run.store': // onDetached rewrites the ghost life of the chain
        fp.w |= this.chainMask(s, head);
        return;
      case 'cancel.match': {
        const caller = th.frames[th.frames.length - 2];
        const instr = caller ? this.instrAt(caller.block, caller.pc) : undefined;
        if (instr && instr.op === 'cancel_match') fp.r |= this.exprMask(instr.pred);
        return;
      }
      case 'free': {
        const instr = this.instrAt(f.block, f.pc);
        if (instr && instr.op === 'free') fp.r |= this.exprMask(instr.work);
        return;
      }
      default:
        return;
    }
  }

  private instrAt(block: number, pc: number): Instr | undefined {
    return this.m.program.blocks[block]?.instrs[pc];
  }
}

/** The two steps do not commute: same object, at least one writes (a lock operation writes the lock). */
export function dependent(a: Fp, b: Fp): boolean {
  const am = a.acq | a.rel;
  const bm = b.acq | b.rel;
  return ((a.w & (b.r | b.w | bm)) | (b.w & (a.r | am)) | (am & (b.r | bm)) | (bm & a.r)) !== 0;
}

/**
 * Dependent and possibly co-enabled: a release and a later acquisition of the same pi_lock are
 * ordered, but never a race to reverse (the acquirer is spinning until the release), so DPOR looks
 * for the race between the two acquisitions instead.
 */
export function racing(a: Fp, b: Fp): boolean {
  const lock = (a.acq & (b.r | b.acq)) | (a.rel & (b.r | b.rel)) | ((b.acq | b.rel) & a.r);
  return ((a.w & (b.r | b.w | b.acq | b.rel)) | (b.w & (a.r | a.acq | a.rel)) | lock) !== 0;
}

/** Labels whose step may be disabled by another thread (and so need a reversibility check). */
export function mayBlock(label: string | null): boolean {
  return label === 'cancel.lock' || label === 'run.lock' || label === 'wait' || label === 'alloc';
}
