// Warms a new gated worker's code up before it reports ready: a fresh worker is a fresh V8 isolate,
// so without this its first few hundred steps run unoptimised code (several times slower per step,
// which is most of a short debug session). It steps the scenario on a private copy of the heap;
// nothing of it reaches the shared heap, the trace or the other workers.
import { Program, Variant, Limits } from '../core';
import { Heap } from './heap';
import { WorkerMachine } from './workerMachine';

/**
 * The budget: WARM_STEPS steps (about 50 ms on an idle machine), but at most WARM_MS per worker and
 * WARM_MS_ALL shared out among many workers (launch stays short). A step count rather than a time:
 * on a loaded machine 60 ms bought as few as 5 steps, so the debugger's steps ran cold code.
 */
const WARM_MS = 250;
const WARM_MS_ALL = 1000;
const WARM_STEPS = 3000;

/** A private heap with the same contents as `heap` (still as setup left it: no worker has stepped yet). */
function privateCopy(heap: Heap): Heap {
  const copy = Heap.allocate(heap.L, heap.labels);
  copy.i32.set(heap.i32);
  new Uint16Array(copy.buffers.text).set(heap.text);
  return copy;
}

/** Steps every thread round-robin on a private heap, starting over when the run ends, for a few ms. */
export function warmUp(program: Program, variant: Variant, limits: Limits, heap: Heap): void {
  const image = privateCopy(heap);
  const priv = privateCopy(image);
  const machines = program.threads.map((_, t) => new WorkerMachine(program, variant, limits, priv, t));
  const reset = (): void => {
    priv.i32.set(image.i32);
    new Uint16Array(priv.buffers.text).set(image.text);
    for (const m of machines) m.view.reload();
  };
  const deadline = Date.now() + Math.min(WARM_MS, WARM_MS_ALL / Math.max(1, machines.length));
  try {
    reset();
    for (let steps = 0, idle = 0, t = 0, atReset = -1; steps < WARM_STEPS && Date.now() < deadline; t = (t + 1) % machines.length) {
      const m = machines[t];
      if (!m) return;
      m.view.sync();
      if (m.view.finished || idle > machines.length) {
        if (steps === atReset) return; // no thread can move from the start: nothing to warm up
        reset(); idle = 0; atReset = steps; continue;
      }
      if (m.view.threads[t]?.done !== false || !m.machine.canMove(m.view, t)) { idle++; continue; }
      m.step(t);
      steps++;
      idle = 0;
    }
  } catch {
    // Only the warm-up ends here: the same error, if the schedule reaches it, is met and reported
    // by the real run on the shared heap (e.g. a stack too deep for the heap).
  }
}
