// The memory port over the SharedArrayBuffer heap: every access is one Atomics operation on the
// word it names (a CAS is Atomics.compareExchange, a lock a compareExchange from -1), so a listing
// interpreted on worker threads races for real. Same addresses and answers as the core's StateMemory.
import { MemoryPort, NULL, WORK_EXITED, slotOfAddress, taskFieldOf, PF_EXITING, TIF_NOTIFY_RESUME, TIF_NOTIFY_SIGNAL, workWord, workBase } from '../core';
import { Heap } from './heap';
import { taskIdx, cellIdx, TK_HEAD, TK_LOCK, TK_EXITING, TK_RESUME, TK_SIGNAL, CL_NEXT, CL_FUNC, CL_PPREV } from './layout';

const RESUME_BIT = 1 << TIF_NOTIFY_RESUME;
const SIGNAL_BIT = 1 << TIF_NOTIFY_SIGNAL;
const TASK_WORKS = 0, PI_LOCK = 1, FLAGS = 2, THREAD_FLAGS = 3;

export class HeapMemory implements MemoryPort {
  constructor(readonly heap: Heap, private readonly tasks: number, private readonly slots: number) {}

  /** The heap index of a one-word field (task_works, pi_lock, next, func), or -1 for none. */
  private index(addr: number): number {
    if (addr < 0) {
      const { task, field } = taskFieldOf(addr);
      if (task >= this.tasks) return -1;
      // pi_lock is reached by the lock operations only; a plain access reads "held" (as StateMemory does).
      return field === TASK_WORKS ? taskIdx(this.heap.L, task, TK_HEAD) : -1;
    }
    if (addr === NULL || (addr >= WORK_EXITED && addr <= WORK_EXITED + 2)) return -1;
    const slot = slotOfAddress(workBase(addr));
    return slot >= 0 && slot < this.slots ? cellIdx(this.heap.L, slot, [CL_NEXT, CL_FUNC, CL_PPREV][workWord(addr)] ?? -1) : -1;
  }

  /** The flags words are two (PF_EXITING) and two bits (TIF_*) spread over one word each in the heap. */
  private flagsOf(addr: number): { exiting: number; resume: number; signal: number } | undefined {
    if (addr >= 0) return undefined;
    const { task, field } = taskFieldOf(addr);
    if (field !== FLAGS && field !== THREAD_FLAGS) return undefined;
    const L = this.heap.L;
    return { exiting: taskIdx(L, task, TK_EXITING), resume: taskIdx(L, task, TK_RESUME), signal: taskIdx(L, task, TK_SIGNAL) };
  }

  load(addr: number): number {
    const f = this.flagsOf(addr);
    if (f) {
      if (taskFieldOf(addr).field === FLAGS) return this.heap.ld(f.exiting) ? PF_EXITING : 0;
      return (this.heap.ld(f.resume) ? RESUME_BIT : 0) | (this.heap.ld(f.signal) ? SIGNAL_BIT : 0);
    }
    if (addr < 0 && taskFieldOf(addr).field === PI_LOCK) return this.isLocked(addr) ? 1 : 0;
    const i = this.index(addr);
    return i < 0 ? 0 : this.heap.ld(i);
  }

  store(addr: number, value: number): void {
    const f = this.flagsOf(addr);
    if (f) {
      if (taskFieldOf(addr).field === FLAGS) this.heap.st(f.exiting, value & PF_EXITING ? 1 : 0);
      else { this.heap.st(f.resume, value & RESUME_BIT ? 1 : 0); this.heap.st(f.signal, value & SIGNAL_BIT ? 1 : 0); }
      return;
    }
    const i = this.index(addr);
    if (i >= 0) this.heap.st(i, value);
  }

  cas(addr: number, expected: number, value: number): number {
    const i = this.index(addr);
    return i < 0 ? this.load(addr) : this.heap.cas(i, expected, value);
  }

  xchg(addr: number, value: number): number {
    const i = this.index(addr);
    return i < 0 ? this.load(addr) : this.heap.xchg(i, value);
  }

  /** Each flag is its own heap word: set (or clear) just the words of the bits asked for, each atomically. */
  or(addr: number, bits: number): number {
    return this.setBits(addr, bits, 1);
  }

  and(addr: number, mask: number): number {
    return this.setBits(addr, ~mask, 0);
  }

  private setBits(addr: number, bits: number, to: number): number {
    const old = this.load(addr);
    const f = this.flagsOf(addr);
    if (!f) { this.store(addr, to ? old | bits : old & ~bits); return old; }
    if (taskFieldOf(addr).field === FLAGS) { if (bits & PF_EXITING) this.heap.st(f.exiting, to); return old; }
    if (bits & RESUME_BIT) this.heap.st(f.resume, to);
    if (bits & SIGNAL_BIT) this.heap.st(f.signal, to);
    return old;
  }

  tryLock(addr: number, thread: number): boolean {
    if (taskFieldOf(addr).task >= this.tasks) return false;
    return this.heap.cas(taskIdx(this.heap.L, taskFieldOf(addr).task, TK_LOCK), -1, thread) === -1;
  }

  unlock(addr: number, thread: number): void {
    if (taskFieldOf(addr).task < this.tasks) this.heap.cas(taskIdx(this.heap.L, taskFieldOf(addr).task, TK_LOCK), thread, -1);
  }

  isLocked(addr: number): boolean {
    if (taskFieldOf(addr).task >= this.tasks) return false;
    return this.heap.ld(taskIdx(this.heap.L, taskFieldOf(addr).task, TK_LOCK)) >= 0;
  }
}
