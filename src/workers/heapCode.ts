// The visible .tw statements that are not API calls (core: codeStep.ts), over the shared heap:
// free, alloc, assert, wait_until, and assignments or branches that read shared state.
import { Instr, Frame, StepOut, NULL, funcValue, addressOfSlot, threadName, waitCondition } from '../core';
import { HCtx, heapTouch, heapReport, ghostEnter, ghostExit } from './heapCtx';
import { heapEval, evalShared } from './heapExpr';
import { ghostIdx, cellIdx, CL_WORK, CL_LAST, CL_FUNC, G_LIFE } from './layout';
import { lifeCode } from './encoding';

/** Why a statement cannot proceed now, or null (core: codeBlocked). */
export function heapCodeBlocked(hc: HCtx, f: Frame, instr: Instr): string | null {
  if (instr.op === 'wait' && evalShared(hc, instr.e, f) === 0) return `waiting until ${waitCondition(instr.origin.text)}`;
  if (instr.op === 'alloc') {
    const w = hc.program.works[instr.work];
    if (!w) return null;
    const live = hc.heap.ld(cellIdx(hc.L, w.slot, CL_WORK));
    if (live >= 0) return `waiting for ${hc.program.works[live]?.name}'s address to be freed`;
  }
  return null;
}

/** Returns false when the statement could not proceed (wait_until false, address still in use): nothing changed. */
export function heapCodeStep(hc: HCtx, t: number, f: Frame, instr: Instr, out: StepOut): boolean {
  switch (instr.op) {
    case 'free': f.pc++; free(hc, t, f, instr.work, out); return true;
    case 'alloc': if (!alloc(hc, instr.work, out)) return false; f.pc++; return true;
    case 'set': f.pc++; f.locals[instr.dst] = out.value = evalShared(hc, instr.e, f); return true;
    case 'assert':
      f.pc++;
      out.ok = evalShared(hc, instr.e, f) !== 0 ? 1 : 0;
      if (!out.ok) {
        heapReport(hc, 'assertion', `${threadName(hc, t)}: ${instr.origin.text} failed (line ${instr.origin.range.line})`, t, 'assert', []);
      }
      return true;
    case 'wait':
      if (evalShared(hc, instr.e, f) === 0) return false;
      f.pc++;
      return true;
    case 'jumpIfNot':
      f.pc++;
      out.ok = evalShared(hc, instr.e, f) !== 0 ? 1 : 0;
      if (!out.ok) f.pc = instr.target;
      return true;
    default:
      f.pc++;
      return true;
  }
}

/** kfree(work): the address becomes free; the allocator's view and the ghost change together. */
function free(hc: HCtx, t: number, f: Frame, e: Extract<Instr, { op: 'free' }>['work'], out: StepOut): void {
  ghostEnter(hc);
  try {
    const addr = heapEval(hc, e, f);
    out.value = addr;
    if (addr === NULL) return;
    const slot = heapTouch(hc, t, 'free', addr, 'free');
    if (slot < 0) return;
    const work = hc.heap.ld(cellIdx(hc.L, slot, CL_WORK));
    if (work < 0) return;
    if (work < hc.program.works.length) hc.heap.st(ghostIdx(hc.L, work, G_LIFE), lifeCode('freed'));
    hc.heap.st(cellIdx(hc.L, slot, CL_LAST), work);
    hc.heap.st(cellIdx(hc.L, slot, CL_WORK), -1);
  } finally {
    ghostExit(hc);
  }
}

/** A new work at a reused address, once the address is free; false while it is still in use. */
function alloc(hc: HCtx, id: number, out: StepOut): boolean {
  const w = hc.program.works[id];
  if (!w || w.slot < 0 || w.slot >= hc.program.slots) return true;
  ghostEnter(hc);
  try {
    if (hc.heap.ld(cellIdx(hc.L, w.slot, CL_WORK)) >= 0) return false;
    hc.heap.st(cellIdx(hc.L, w.slot, CL_WORK), id);
    hc.heap.st(cellIdx(hc.L, w.slot, CL_FUNC), w.func >= 0 ? funcValue(w.func) : NULL);
    hc.heap.st(ghostIdx(hc.L, id, G_LIFE), lifeCode('idle'));
    out.value = addressOfSlot(w.slot);
    return true;
  } finally {
    ghostExit(hc);
  }
}
