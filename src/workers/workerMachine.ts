// The core's Machine, run on a worker thread (or the controller) over the shared heap: its State
// is a HeapState view and its listing reads and writes through HeapMemory (Atomics). There is no
// second copy of the semantics here: stepping, settling, ghost state and checks are the core's.
import { Machine, Program, Variant, Limits, StepEvent } from '../core';
import { Heap } from './heap';
import { HeapState } from './heapState';
import { HeapMemory } from './heapMemory';

export class WorkerMachine {
  readonly machine: Machine;
  readonly view: HeapState;

  /** `own`: the thread whose stack this machine steps (-1 for the controller, which steps none). */
  constructor(readonly program: Program, variant: Variant, limits: Limits, readonly heap: Heap, own: number) {
    const port = new HeapMemory(heap, program.tasks.length, program.slots);
    this.machine = new Machine(program, variant, limits, 'sc', () => port);
    this.view = new HeapState(heap, program, own);
  }

  /** One numbered step of thread t (a recorded spin when it cannot move), as the core's Machine.step. */
  step(t: number): StepEvent {
    const v = this.view;
    v.sync();
    const logged = v.violations.length;
    const ev = this.machine.step(v, t);
    v.publish(logged);
    return ev;
  }

  /**
   * Free mode: under the step lock, thread t takes a step if it can. 'taken', 'blocked' (try again),
   * or 'over' (the execution finished, or t did).
   */
  tryStep(t: number): 'taken' | 'blocked' | 'over' {
    const v = this.view;
    this.heap.lockStep();
    try {
      v.sync();
      if (v.finished || v.threads[t]?.done !== false) return 'over';
      if (!this.machine.canMove(v, t)) return 'blocked';
      const logged = v.violations.length;
      this.machine.step(v, t);
      v.publish(logged);
      return 'taken';
    } finally {
      this.heap.unlockStep();
    }
  }
}
