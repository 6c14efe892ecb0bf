// The memory port: the only way an interpreted listing reads or writes shared words (load, store,
// CAS, exchange, OR/AND of a flags word, lock, unlock), each with the ordering it was written with.
// StateMemory is the plain-state implementation over the core's State (explorer, debugger).
import { NULL, WORK_EXITED, slotOfAddress } from './program';
import { State } from './state';
import type { Order } from './listingCode';
import { taskOfAddr, fieldOfAddr, PF_EXITING, TIF_NOTIFY_RESUME, TIF_NOTIFY_SIGNAL, workWord, workBase, W_FUNC, W_NEXT } from './address';


export interface MemoryPort {
  load(addr: number, order: Order): number;
  store(addr: number, value: number, order: Order): void;
  /** Writes `value` when the word holds `expected`; returns the value seen either way. */
  cas(addr: number, expected: number, value: number, order: Order): number;
  xchg(addr: number, value: number, order: Order): number;
  /** Atomic OR / AND on a flags word; returns the old value. */
  or(addr: number, bits: number, order: Order): number;
  and(addr: number, mask: number, order: Order): number;
  /** Takes the lock when it is free (true); false when another thread holds it (the caller spins). */
  tryLock(addr: number, thread: number): boolean;
  unlock(addr: number, thread: number): void;
  isLocked(addr: number): boolean;
  /** A barrier (smp_mb, smp_rmb, smp_wmb, ...; `tag` its LKMM name, builtins.ts): only a weak memory records it. */
  fence?(order: Order, tag: string): void;
  /** raw_spin_unlock_wait once the lock is free: only a weak memory records it. */
  unlockWait?(addr: number, thread: number): void;
  /** irq_work_queue on a declared CPU: its irq_work thread will run handler `fn` later (watchedMemory.ts). */
  irqQueue?(cpu: number, fn: number): void;
  /** Set by the generated code while a step that starts at `work->func(work)` runs: its read of func is the call (watchedMemory.ts names it so). */
  calling?: boolean;
}

/**
 * Which port a step over state `s` goes through: the plain one by default; the worker backend
 * passes the port over its shared heap (its State is a view of that heap).
 */
export type MemoryFor = (s: State) => MemoryPort;

/** The default: one StateMemory, pointed at whichever State the step runs on. */
export function plainMemory(): MemoryFor {
  const m = new StateMemory({} as State);
  return (s) => { m.s = s; return m; };
}

const TASK_WORKS = 0;
const PI_LOCK = 1;
const FLAGS = 2;
const RESUME_BIT = 1 << TIF_NOTIFY_RESUME;
const SIGNAL_BIT = 1 << TIF_NOTIFY_SIGNAL;

/** The port over the core's plain State: task words map to TaskState fields, work words to heap cells. */
export class StateMemory implements MemoryPort {
  constructor(public s: State) {}

  load(addr: number, _order?: Order): number {
    if (addr < 0) {
      // Inline taskFieldOf: loads are the interpreter's hottest path, and an object per load shows.
      const k = -addr - 1;
      const field = k % 4; // TASK_FIELDS.length as a literal (address.ts says why)
      const t = this.s.tasks[(k - field) / 4];
      if (!t) return 0;
      if (field === TASK_WORKS) return t.taskWorks;
      if (field === PI_LOCK) return t.lockHolder >= 0 ? 1 : 0;
      if (field === FLAGS) return t.exiting ? PF_EXITING : 0;
      return (t.notifyResume ? RESUME_BIT : 0) | (t.notifySignal ? SIGNAL_BIT : 0);
    }
    if (addr >= WORK_EXITED && addr <= WORK_EXITED + 2) return NULL; // the sentinel's next, func and pprev
    const cell = this.s.cells[slotOfAddress(workBase(addr))];
    if (!cell) return 0;
    const w = workWord(addr);
    return w === W_NEXT ? cell.next : w === W_FUNC ? cell.func : cell.pprev;
  }

  store(addr: number, value: number, _order?: Order): void {
    if (addr < 0) {
      const field = fieldOfAddr(addr);
      const t = this.s.tasks[taskOfAddr(addr)];
      if (!t) return;
      if (field === TASK_WORKS) t.taskWorks = value;
      else if (field === FLAGS) t.exiting = (value & PF_EXITING) !== 0;
      else if (field !== PI_LOCK) { t.notifyResume = (value & RESUME_BIT) !== 0; t.notifySignal = (value & SIGNAL_BIT) !== 0; }
      return;
    }
    const cell = this.s.cells[slotOfAddress(workBase(addr))];
    if (!cell) return; // a store through NULL or the sentinel writes nothing the model keeps
    const w = workWord(addr);
    if (w === W_NEXT) cell.next = value; else if (w === W_FUNC) cell.func = value; else cell.pprev = value;
  }

  cas(addr: number, expected: number, value: number, order: Order): number {
    const seen = this.load(addr);
    if (seen === expected) this.store(addr, value, order);
    return seen;
  }

  xchg(addr: number, value: number, order: Order): number {
    const seen = this.load(addr);
    this.store(addr, value, order);
    return seen;
  }

  or(addr: number, bits: number, order: Order): number {
    const old = this.load(addr);
    this.store(addr, old | bits, order);
    return old;
  }

  and(addr: number, mask: number, order: Order): number {
    const old = this.load(addr);
    this.store(addr, old & mask, order);
    return old;
  }

  tryLock(addr: number, thread: number): boolean {
    const t = this.s.tasks[taskOfAddr(addr)];
    if (!t || t.lockHolder >= 0) return false;
    t.lockHolder = thread;
    return true;
  }

  unlock(addr: number, thread: number): void {
    const t = this.s.tasks[taskOfAddr(addr)];
    if (t && t.lockHolder === thread) t.lockHolder = -1;
  }

  isLocked(addr: number): boolean {
    return (this.s.tasks[taskOfAddr(addr)]?.lockHolder ?? -1) >= 0;
  }
}
