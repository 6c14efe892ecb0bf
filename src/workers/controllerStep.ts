// The controller's side of one numbered step (core: Machine.step): count it, record a spin when
// the thread cannot move, otherwise let `take` perform it (in this thread for setup, through the
// worker's gate for scenario threads), then run the global checks and index the violations.
import { StepEvent, StepLabel, NULL, funcValue, codeFrame, setupLimitText, setupBlockedText } from '../core';
import { HeapMachine, TakenStep } from './heapMachine';
import { heapCheckAfterStep, heapCheckStart, Movers } from './heapChecks';
import { heapReport } from './heapCtx';
import {
  H_STEPS, H_FINISHED, cellIdx, ghostIdx, taskIdx, threadIdx, CL_WORK, CL_LAST, CL_NEXT, CL_FUNC,
  G_LIFE, G_TASK, TK_LOCK, TH_DONE, TH_BLOCKED_AT,
} from './layout';
import { lifeCode } from './encoding';

interface OpenStep { ev: StepEvent; before: number; movable: boolean }

/** Numbers the step and decides whether t moves or spins (core: the first half of Machine.step). */
function openStep(m: HeapMachine, t: number, threads: number): OpenStep {
  const heap = m.heap;
  const step = heap.ld(H_STEPS) + 1;
  heap.st(H_STEPS, step);
  m.hc.step = step;
  const ev: StepEvent = { step, thread: t, label: 'spin', value: 0, ok: -1, firstViolation: -1 };
  const before = heap.violationCount();
  const valid = t >= 0 && t < threads;
  const movable = valid && !heap.ld(H_FINISHED) && m.canMove(t);
  if (!movable) {
    const at: StepLabel | null = valid ? m.nextLabel(t) : null;
    if (at) ev.blockedAt = at;
  }
  return { ev, before, movable };
}

/** Records what the step did, runs the global checks, indexes the violations. */
function closeStep(m: HeapMachine, t: number, o: OpenStep, taken: TakenStep | null): StepEvent {
  const ev = o.ev;
  if (taken) {
    ev.label = taken.label;
    ev.value = taken.value;
    ev.ok = taken.ok;
    if (taken.done) ev.ret = taken.ret;
  }
  m.hc.step = ev.step;
  heapCheckAfterStep(m.hc, t, moversOf(m));
  if (m.heap.violationCount() > o.before) ev.firstViolation = o.before;
  return ev;
}

/**
 * Thread t takes one numbered step: `take` performs it (in this thread for setup, through the
 * worker's gate for scenario threads). Indices from `threads` on name no thread (core: a spin).
 */
export async function numberedStep(m: HeapMachine, t: number, threads: number, take: () => Promise<TakenStep>): Promise<StepEvent> {
  const o = openStep(m, t, threads);
  return closeStep(m, t, o, o.movable ? await take() : null);
}

export function numberedStepSync(m: HeapMachine, t: number, threads: number, take: () => TakenStep): StepEvent {
  const o = openStep(m, t, threads);
  return closeStep(m, t, o, o.movable ? take() : null);
}

/** Scenario threads that can move now (core: Machine.enabled). */
export function enabledThreads(m: HeapMachine): number[] {
  const out: number[] = [];
  if (m.heap.ld(H_FINISHED)) return out;
  for (let t = 0; t < m.program.threads.length; t++) if (m.canMove(t)) out.push(t);
  return out;
}

/** Who can move, as the deadlock check asks it (the controller's view, threads stopped). */
export function moversOf(m: HeapMachine): Movers {
  return { anyEnabled: () => enabledThreads(m).length > 0, blockedReason: (u) => m.blockedReason(u) };
}

/** The heap before setup (core: freshState): works allocated at their addresses, tasks idle. */
function freshHeap(m: HeapMachine): void {
  const heap = m.heap, L = m.hc.L, p = m.program;
  heap.i32.fill(0);
  for (let s = 0; s < p.slots; s++) {
    heap.st(cellIdx(L, s, CL_WORK), -1); heap.st(cellIdx(L, s, CL_LAST), -1);
    heap.st(cellIdx(L, s, CL_NEXT), NULL); heap.st(cellIdx(L, s, CL_FUNC), NULL);
  }
  p.works.forEach((w, id) => {
    if (w.allocated && heap.ld(cellIdx(L, w.slot, CL_WORK)) < 0) {
      heap.st(cellIdx(L, w.slot, CL_WORK), id);
      heap.st(cellIdx(L, w.slot, CL_FUNC), w.func >= 0 ? funcValue(w.func) : NULL);
    }
    heap.st(ghostIdx(L, id, G_LIFE), lifeCode(w.allocated ? 'idle' : 'unallocated'));
    heap.st(ghostIdx(L, id, G_TASK), -1);
  });
  p.tasks.forEach((_, i) => heap.st(taskIdx(L, i, TK_LOCK), -1));
  for (let t = 0; t <= p.threads.length; t++) {
    heap.st(threadIdx(L, t, TH_DONE), 1);
    heap.st(threadIdx(L, t, TH_BLOCKED_AT), -1);
  }
}

/**
 * core: initialState — `setup {}` runs to completion in this thread (it races with nothing), then
 * every scenario thread gets its first frame and settles. Stacks are mirrored into the heap.
 */
export function initHeap(m: HeapMachine): StepEvent[] {
  const heap = m.heap, L = m.hc.L, p = m.program;
  freshHeap(m);
  const events: StepEvent[] = [];
  const setupBlock = p.blocks[p.setup];
  const n = p.threads.length;
  if (setupBlock) {
    m.stacks[n] = [codeFrame(p.setup, setupBlock.locals.length, 0)];
    heap.st(threadIdx(L, n, TH_DONE), 0);
    m.settle(n);
    while (!m.isDone(n) && !heap.ld(H_FINISHED)) {
      if (events.length >= m.hc.limits.maxSteps) { setupStops(m, n, 'step-limit', setupLimitText(m.hc)); break; }
      const ev = numberedStepSync(m, n, n + 1, () => {
        const taken = m.tryStep(n);
        if (!taken) throw new Error('setup was allowed a step it cannot take');
        return taken;
      });
      events.push(ev);
      if (ev.label === 'spin' && !heap.ld(H_FINISHED)) setupStops(m, n, 'deadlock', setupBlockedText(ev));
    }
    heap.st(H_STEPS, 0);
    m.hc.step = 0;
  }
  for (let t = 0; t < n; t++) {
    const decl = p.threads[t];
    const block = decl ? p.blocks[decl.block] : undefined;
    m.stacks[t] = block && decl ? [codeFrame(decl.block, block.locals.length, 0)] : [];
    heap.st(threadIdx(L, t, TH_DONE), 0);
  }
  for (let t = 0; t < n; t++) m.settle(t);
  heapCheckStart(m.hc, moversOf(m));
  for (let t = 0; t <= n; t++) m.publish(t);
  return events;
}

/** Setup cannot go on (core: initialState): say why and end the execution. */
function setupStops(m: HeapMachine, n: number, kind: 'step-limit' | 'deadlock', message: string): void {
  heapReport(m.hc, kind, message, n, 'branch', []);
  m.heap.st(H_FINISHED, 1);
}
