// Footprints: which shared object an atomic step touches and how. The explorer's dependency
// relation comes from here: two steps conflict when they touch the same object and one of them
// is not a plain read.
import { Ctx } from './context';
import { slotOfAddress } from './program';

/** A shared object: 3 per task (task_works, pi_lock, flags), then one per heap cell, then one per CPU; -1 = any cell. */
export type Obj = number;
export const ANY_CELL: Obj = -1;
export type AccessKind = 'read' | 'write' | 'cas' | 'lock';
export interface Access { obj: Obj; kind: AccessKind }
/** Takes a footprint's accesses one by one (the explorer ORs them into bit masks: no list, no objects). */
export interface AccessSink { add(obj: Obj, kind: AccessKind): void }

export function taskHead(task: number): Obj { return task * 3; }
export function taskLock(task: number): Obj { return task * 3 + 1; }
export function taskFlags(task: number): Obj { return task * 3 + 2; }
export function cellObj(ctx: Ctx, slot: number): Obj { return ctx.program.tasks.length * 3 + slot; }
/** A CPU: its current and its irq_work (a context switch, an irq_work queued or run). */
export function cpuObj(ctx: Ctx, cpu: number): Obj { return ctx.program.tasks.length * 3 + ctx.program.slots + cpu; }

/** The cell a pointer value names; ANY_CELL when it is not a work address (NULL, the sentinel, garbage). */
export function cellObjAt(ctx: Ctx, addr: number): Obj {
  const slot = slotOfAddress(addr);
  return slot >= 0 ? cellObj(ctx, slot) : ANY_CELL;
}

function isCell(ctx: Ctx, o: Obj): boolean {
  return o === ANY_CELL || (o >= ctx.program.tasks.length * 3 && o < ctx.program.tasks.length * 3 + ctx.program.slots);
}

function sameObject(ctx: Ctx, a: Obj, b: Obj): boolean {
  if (a === b) return true;
  return (a === ANY_CELL && isCell(ctx, b)) || (b === ANY_CELL && isCell(ctx, a));
}

/** Two footprints are dependent when they share an object and at least one access is not a read. */
export function dependent(ctx: Ctx, a: readonly Access[], b: readonly Access[]): boolean {
  for (const x of a) {
    for (const y of b) {
      if ((x.kind !== 'read' || y.kind !== 'read') && sameObject(ctx, x.obj, y.obj)) return true;
    }
  }
  return false;
}

/** `T.task_works`, `T.pi_lock`, `T.flags`, `A` (the cell at A's address), `any work`. */
export function objectName(ctx: Ctx, o: Obj): string {
  if (o === ANY_CELL) return 'any work';
  const ntasks = ctx.program.tasks.length;
  if (o < ntasks * 3) {
    const t = ctx.program.tasks[Math.floor(o / 3)]?.name ?? '?';
    return `${t}.${['task_works', 'pi_lock', 'flags'][o % 3]}`;
  }
  const slot = o - ntasks * 3;
  if (slot >= ctx.program.slots) return ctx.program.cpus?.[slot - ctx.program.slots]?.name ?? `cpu ${slot - ctx.program.slots}`;
  const names = ctx.program.works.filter((w) => w.slot === slot).map((w) => w.name);
  return names.join('/') || `cell ${slot}`;
}
