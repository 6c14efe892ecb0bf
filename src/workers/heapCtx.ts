// What every heap step function needs: the core context (program, variant, limits), the shared
// heap, and the step number reports carry; plus the heap versions of core's small helpers
// (cellAt, pointerName, touch, report), producing the same texts as the core.
import { Ctx, NULL, WORK_EXITED, slotOfAddress, ViolationKind, threadName } from '../core';
import { Heap } from './heap';
import { Layout, cellIdx, CL_WORK, CL_LAST } from './layout';
import { LabelOrEnd } from './encoding';

export interface HCtx extends Ctx {
  heap: Heap;
  L: Layout;
  /** Step number that violations found now are reported at (core: s.steps at that moment). */
  step: number;
  /** Nesting depth of this thread's hold on the ghost lock (the heap lock itself is not re-entrant). */
  ghostDepth: number;
}

export function makeHCtx(ctx: Ctx, heap: Heap): HCtx {
  return { program: ctx.program, variant: ctx.variant, limits: ctx.limits, heap, L: heap.L, step: 0, ghostDepth: 0 };
}

/** Heap slot of a work address, or -1 for NULL, the sentinel or a garbage value (core: cellAt). */
export function slotAt(hc: HCtx, addr: number): number {
  if (addr === NULL || addr === WORK_EXITED) return -1;
  const slot = slotOfAddress(addr);
  return slot >= 0 && slot < hc.program.slots ? slot : -1;
}

export function cellWord(hc: HCtx, slot: number, field: number): number {
  return hc.heap.ld(cellIdx(hc.L, slot, field));
}

/** Work living at (or last living at) an address, or -1 (core: workAt). */
export function heapWorkAt(hc: HCtx, addr: number): number {
  const slot = slotAt(hc, addr);
  if (slot < 0) return -1;
  const w = cellWord(hc, slot, CL_WORK);
  return w >= 0 ? w : cellWord(hc, slot, CL_LAST);
}

/** `NULL`, `&work_exited`, `A`, `freed A` (core: pointerName). */
function heapPointerName(hc: HCtx, addr: number): string {
  if (addr === NULL) return 'NULL';
  if (addr === WORK_EXITED) return '&work_exited';
  const slot = slotAt(hc, addr);
  if (slot < 0) return `0x${addr.toString(16)}`;
  const work = cellWord(hc, slot, CL_WORK);
  if (work >= 0) return hc.program.works[work]?.name ?? '?';
  const lastId = cellWord(hc, slot, CL_LAST);
  const last = lastId >= 0 ? hc.program.works[lastId]?.name : undefined;
  return last ? `freed ${last}` : `0x${addr.toString(16)}`;
}

export function heapReport(hc: HCtx, kind: ViolationKind, message: string, thread: number, label: LabelOrEnd,
  works: readonly number[]): void {
  hc.heap.report(kind, message, hc.step, thread, label, works);
}

/**
 * A memory access to a work (core: touch): reports a use-after-free when the cell is free.
 * Returns the slot, or -1 when the address names no cell. Callers hold the ghost lock.
 */
export function heapTouch(hc: HCtx, t: number, label: LabelOrEnd, addr: number, access: string): number {
  const slot = slotAt(hc, addr);
  if (slot >= 0 && cellWord(hc, slot, CL_WORK) < 0) {
    const last = cellWord(hc, slot, CL_LAST);
    heapReport(hc, 'use-after-free', `${threadName(hc, t)}: ${access} of ${heapPointerName(hc, addr)} at ${label}`, t, label,
      last >= 0 ? [last] : []);
  }
  return slot;
}

/**
 * Enters a ghost section: one shared access plus the bookkeeping that describes it, indivisible for
 * every other thread. Re-entrant per thread, so a step may call helpers that also enter.
 */
export function ghostEnter(hc: HCtx): void {
  if (hc.ghostDepth++ === 0) hc.heap.lockGhost();
}

export function ghostExit(hc: HCtx): void {
  if (--hc.ghostDepth === 0) hc.heap.unlockGhost();
}
