// The two loops a worker runs for its scenario thread: gated (wait at the gate before every
// atomic step; the controller grants one step at a time) and free (stress runs: all workers start
// together and step as fast as the machine lets them, optionally with seeded random delays).
import { seededRandom } from '../core';
import { Heap } from './heap';
import { WorkerMachine } from './workerMachine';
import { WorkerData, TestHook } from './workerData';
import {
  controlIdx, E_GATE, E_LABEL, E_VALUE, E_OK, E_HAS_RET, E_RET, E_STEP, E_BLOCKED_AT, E_FIRST, GATE_STEP, GATE_DONE, GATE_EXIT,
  GATE_FAILED, C_LOADS, E_RUN_DONE, C_GO, C_SET, C_RUN, C_ARRIVED, C_RUN_DONE, H_STEPS,
} from './layout';

function hookAt(hook: TestHook | undefined, t: number, step: number): void {
  if (!hook || hook.thread !== t || step < hook.atStep) return;
  if (hook.kind === 'throw') throw new Error(`test hook: thread ${t} throws at step ${step}`);
  for (;;) { /* test hook: hang without ever yielding */ }
}

/** Gated mode: one granted step at a time; the event goes back through the control buffer. */
export function gatedLoop(d: WorkerData, m: WorkerMachine): void {
  const t = d.thread, heap = m.heap, ctl = heap.ctl, gate = controlIdx(t, E_GATE);
  let loads = Atomics.load(ctl, C_LOADS);
  m.view.reload();
  for (;;) {
    const g = Atomics.load(ctl, gate);
    // No spinning here: with more threads than CPUs an idle spinner steals the stepping worker's
    // CPU (measured: a 0.1 ms watch of the gate after each step, given up as soon as another
    // worker was asked, made the debugger's step cycle slower on a loaded 2-CPU machine).
    if (g !== GATE_STEP && g !== GATE_EXIT) { Atomics.wait(ctl, gate, g); continue; }
    if (g === GATE_EXIT) return;
    try {
      // The controller loaded a state into the heap since this view last read it (a restore).
      const now = Atomics.load(ctl, C_LOADS);
      if (now !== loads) { m.view.reload(); loads = now; }
      gatedStep(d, m, t);
      Atomics.store(ctl, gate, GATE_DONE);
    } catch (e) {
      heap.writeFailure(t, e instanceof Error ? e.message : String(e));
      Atomics.store(ctl, gate, GATE_FAILED);
      Atomics.notify(ctl, gate);
      throw e;
    }
    Atomics.notify(ctl, gate);
  }
}

function gatedStep(d: WorkerData, m: WorkerMachine, t: number): void {
  const ctl = m.heap.ctl;
  hookAt(d.hook, t, m.heap.ld(H_STEPS) + 1);
  const ev = m.step(t);
  const labels = m.heap.labels;
  Atomics.store(ctl, controlIdx(t, E_STEP), ev.step);
  Atomics.store(ctl, controlIdx(t, E_LABEL), labels.code(ev.label));
  Atomics.store(ctl, controlIdx(t, E_BLOCKED_AT), ev.blockedAt ? labels.code(ev.blockedAt) : -1);
  Atomics.store(ctl, controlIdx(t, E_VALUE), ev.value);
  Atomics.store(ctl, controlIdx(t, E_OK), ev.ok);
  Atomics.store(ctl, controlIdx(t, E_HAS_RET), ev.ret !== undefined ? 1 : 0);
  Atomics.store(ctl, controlIdx(t, E_RET), ev.ret ?? 0);
  Atomics.store(ctl, controlIdx(t, E_FIRST), ev.firstViolation);
}

/** Free mode: wait for each run, meet the others at the start line, run to the end, report. */
export function freeLoop(d: WorkerData, m: WorkerMachine): void {
  const ctl = m.heap.ctl;
  let seen = 0;
  for (;;) {
    const run = Atomics.load(ctl, C_RUN);
    if (run === seen) { Atomics.wait(ctl, C_RUN, run); continue; }
    if (run < 0) return;
    seen = run;
    freeRun(d, m, run);
    Atomics.store(ctl, controlIdx(d.thread, E_RUN_DONE), run);
    Atomics.add(ctl, C_RUN_DONE, 1);
    Atomics.notify(ctl, C_RUN_DONE);
  }
}

function busy(heap: Heap, n: number): void {
  for (let i = 0; i < n; i++) Atomics.load(heap.ctl, C_ARRIVED);
}

/**
 * The start line, in two phases: arrive (spinning, but sleeping if another worker is slow to wake),
 * then a rendezvous that only completes while every worker is on a CPU spinning: a worker that
 * waited too long withdraws and sleeps a little, so the threads really leave together.
 */
function startLine(heap: Heap, n: number, rendezvous: boolean): void {
  const ctl = heap.ctl;
  if (Atomics.add(ctl, C_ARRIVED, 1) + 1 === n) Atomics.notify(ctl, C_ARRIVED);
  for (let spins = 0; ; spins++) {
    const arrived = Atomics.load(ctl, C_ARRIVED);
    if (arrived >= n) break;
    if (spins > 2000) Atomics.wait(ctl, C_ARRIVED, arrived, 1);
  }
  if (!rendezvous) return;
  for (;;) {
    if (Atomics.add(ctl, C_GO, 1) + 1 >= n) break;
    let gone = false;
    for (let spins = 0; spins < 20000 && !gone; spins++) gone = Atomics.load(ctl, C_GO) >= n;
    if (gone || !withdraw(ctl, n)) break;
    Atomics.wait(ctl, C_GO, Atomics.load(ctl, C_GO), 0.2);
  }
  // Set: each worker proves it saw the rendezvous complete, so none is left behind descheduled.
  Atomics.add(ctl, C_SET, 1);
  for (let spins = 0; Atomics.load(ctl, C_SET) < n; spins++) {
    if (spins > 1_000_000) Atomics.wait(ctl, C_SET, Atomics.load(ctl, C_SET), 0.2);
  }
}

/** Takes this worker's mark back unless the rendezvous completed meanwhile (then false: go). */
function withdraw(ctl: Int32Array, n: number): boolean {
  for (;;) {
    const v = Atomics.load(ctl, C_GO);
    if (v >= n) return false;
    if (Atomics.compareExchange(ctl, C_GO, v, v - 1) === v) return true;
  }
}

function freeRun(d: WorkerData, m: WorkerMachine, run: number): void {
  const t = d.thread, opts = d.free, heap = m.heap;
  const rnd = seededRandom((opts?.seed ?? 0) ^ Math.imul(run, 0x9e3779b1) ^ Math.imul(t + 1, 0x85ebca6b));
  const delay = (): void => { if (opts?.delays) busy(heap, Math.floor(rnd() * rnd() * opts.maxDelay)); };
  m.view.reload();
  startLine(heap, d.program.threads.length, opts?.rendezvous ?? false);
  // A random head start of up to a few steps, so the threads meet at every offset of their race.
  if (opts?.delays) busy(heap, Math.floor(rnd() * opts.maxDelay * 2.5));
  let taken = 0;
  let failures = 0;
  for (;;) {
    delay();
    hookAt(d.hook, t, taken + 1);
    const r = m.tryStep(t);
    if (r === 'over') return;
    if (r === 'taken') { taken++; failures = 0; continue; }
    // Blocked (a held pi_lock, a false wait_until): the holder may be descheduled, so back off, then sleep a little.
    if (++failures < 64) busy(heap, 16);
    else Atomics.wait(heap.i32, H_STEPS, heap.ld(H_STEPS), 0.05);
  }
}
