// The execution graph a run builds under `memory lkmm`: every shared access of the listing as an
// event (thread, program order, location, value, the LKMM's tag, dependencies), read-from and
// coherence. Plain data, cloned with the machine state by the LKMM explorer (lkmmSearch.ts).
import type { ExecutionGraph, LkmmEvent, AccessTag, FenceTag } from '../lkmm';
import type { Order } from './listingCode';
import { Ctx } from './context';
import { WORK_EXITED, NULL, slotOfAddress } from './program';
import { taskFieldOf, TASK_FIELDS, WORK_FIELDS, workWord, workBase } from './address';

/** The graph and what a run needs besides it: the next po per thread, the control dependencies seen. */
export interface WeakGraph extends ExecutionGraph {
  /** Per thread: the loads a switch's value depended on (every later event of the thread depends on them; an if's or a loop's end at its join: MFrame.ctrl). */
  ctrl: number[][];
  /** Location -> its initial write's id (created on the first access). */
  init: Record<string, number>;
  /** Per thread: the program-order index of its next event. */
  po: number[];
  /**
   * Reads that took a value before any write of it exists (the explorer's promises, for load
   * buffering): no read-from yet; the execution counts only once each is bound to a later write.
   */
  pending: number[];
}

export function emptyGraph(threads: number): WeakGraph {
  return { events: [], rf: {}, co: {}, ctrl: Array.from({ length: threads }, () => []), init: {}, po: new Array<number>(threads).fill(0), pending: [] };
}

/** A copy whose arrays may be extended without touching the original (events are never mutated once added). */
export function cloneGraph(g: WeakGraph): WeakGraph {
  const co: Record<string, number[]> = {};
  for (const k in g.co) co[k] = (g.co[k] as number[]).slice();
  return { events: g.events.slice(), rf: { ...g.rf }, co, ctrl: g.ctrl.slice(), init: { ...g.init }, po: g.po.slice(), pending: g.pending.slice() };
}

/** The LKMM tag of an access written with `order` (a value-returning fully ordered RMW is 'mb'). */
export function accessTag(order: Order): AccessTag {
  switch (order) {
    case 'plain': return 'plain';
    case 'acquire': return 'acquire';
    case 'release': return 'release';
    case 'full': return 'mb';
    default: return 'once';
  }
}

const FENCE_TAGS: ReadonlySet<string> = new Set<FenceTag>(['mb', 'rmb', 'wmb', 'barrier', 'before-atomic', 'after-atomic', 'after-spinlock']);

/**
 * The fence's LKMM tag: the one the listing's call names (model/builtins.ts FENCE_TAGS: barrier(),
 * smp_mb__after_atomic() ...), else from its ordering: smp_mb 'full', smp_rmb 'acquire', smp_wmb 'release'.
 */
export function fenceTag(order: Order, tag = ''): FenceTag {
  if (FENCE_TAGS.has(tag)) return tag as FenceTag;
  return order === 'acquire' ? 'rmb' : order === 'release' ? 'wmb' : 'mb';
}

/** A shared word in words a person reads: `T.task_works`, `A.next`, `work_exited.func`. */
export function locationName(ctx: Ctx, addr: number): string {
  if (addr < 0) {
    const { task, field } = taskFieldOf(addr);
    return `${ctx.program.tasks[task]?.name ?? `task${task}`}.${TASK_FIELDS[field] ?? field}`;
  }
  if (addr === WORK_EXITED || addr === WORK_EXITED + 1) return `work_exited.${addr === WORK_EXITED ? 'next' : 'func'}`;
  // A work's words: next, func and (3.5's hlist_node) pprev.
  const field = WORK_FIELDS[workWord(addr)] ?? `word${workWord(addr)}`;
  const base = workBase(addr);
  if (base === NULL) return `NULL->${field}`;
  const slot = slotOfAddress(base);
  const w = ctx.program.works.find((x) => x.slot === slot);
  return `${w?.name ?? `0x${base.toString(16)}`}.${field}`;
}

/** Adds an event (its id is its index) and returns it. */
export function addEvent(g: WeakGraph, e: Omit<LkmmEvent, 'id'>): LkmmEvent {
  const ev = { ...e, id: g.events.length } as LkmmEvent;
  g.events.push(ev);
  return ev;
}

/** The initial write of `loc` (value from the state after setup), created on first use. */
export function initWrite(g: WeakGraph, loc: string, value: number): number {
  const have = g.init[loc];
  if (have !== undefined) return have;
  const ev = addEvent(g, { thread: -1, po: 0, kind: 'W', loc, value, tag: 'init', addr: [], data: [], ctrl: [] });
  g.init[loc] = ev.id;
  g.co[loc] = [ev.id];
  return ev.id;
}

/** The allocator's word for a work's address (kfree/kmalloc hand it over): `A.heap`. */
export function heapLocation(ctx: Ctx, addr: number): string {
  return locationName(ctx, addr & ~1).replace(/\.next$/, '.heap');
}
