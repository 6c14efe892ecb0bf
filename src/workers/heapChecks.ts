// Checks over the whole heap (core: endChecks.ts): invariants after every step, deadlock and the
// step bound, and at the end the `final {}` block and lost work. Gated mode runs them in the
// controller after each step; free mode runs invariants in the stepping worker (inside a ghost
// section) and the rest in the controller once the workers stopped.
import { threadName, taskName, runFinalCode } from '../core';
import { HCtx, heapReport, ghostEnter, ghostExit } from './heapCtx';
import { heapEval } from './heapExpr';
import { H_FINISHED, H_STEPS, ghostIdx, taskIdx, threadIdx, G_LIFE, G_TASK, TK_EXITED, TK_RESUME, TK_SIGNAL, TH_DONE } from './layout';
import { lifeCode } from './encoding';

export interface Movers {
  anyEnabled: () => boolean;
  blockedReason: (t: number) => string | null;
}

/** Invariants after thread t's step (core: the first part of checkAfterStep). */
export function checkInvariants(hc: HCtx, t: number): void {
  if (hc.program.invariants.length === 0) return;
  ghostEnter(hc);
  try {
    for (const inv of hc.program.invariants) {
      if (heapEval(hc, inv.e, undefined) === 0) {
        heapReport(hc, 'assertion', `invariant ${inv.origin.text} (line ${inv.origin.range.line}) does not hold after ${threadName(hc, t)}'s step`, t, 'assert', [inv.origin.range.line]);
      }
    }
  } finally {
    ghostExit(hc);
  }
}

/** Every scenario thread has finished (setup's slot is not counted). */
export function allThreadsDone(hc: HCtx): boolean {
  for (let t = 0; t < hc.program.threads.length; t++) if (!hc.heap.ld(threadIdx(hc.L, t, TH_DONE))) return false;
  return true;
}

/** core: checkAfterStep, over the heap (gated mode: one thread moves at a time). */
export function heapCheckAfterStep(hc: HCtx, t: number, movers: Movers): void {
  if (t >= hc.program.threads.length || t < 0) return;
  checkInvariants(hc, t);
  if (hc.heap.ld(H_FINISHED)) return;
  if (allThreadsDone(hc)) return heapFinish(hc);
  if (hc.heap.ld(H_STEPS) >= hc.limits.maxSteps) return heapStepLimit(hc, t);
  if (!movers.anyEnabled()) {
    reportDeadlock(hc, t, movers);
    hc.heap.st(H_FINISHED, 1);
  }
}

/** core: checkStart — the end checks before the first step (all finished, or all blocked). */
export function heapCheckStart(hc: HCtx, movers: Movers): void {
  if (hc.heap.ld(H_FINISHED)) return;
  if (allThreadsDone(hc)) return heapFinish(hc);
  if (!movers.anyEnabled()) {
    reportDeadlock(hc, -1, movers);
    hc.heap.st(H_FINISHED, 1);
  }
}

/** The step bound ends the execution (core: the same report in checkAfterStep). */
export function heapStepLimit(hc: HCtx, t: number): void {
  heapReport(hc, 'step-limit', `no end after ${hc.limits.maxSteps} steps: likely a livelock (a cycle in the list?); raise the bound with --max-steps`, t, 'branch', []);
  hc.heap.st(H_FINISHED, 1);
}

export function reportDeadlock(hc: HCtx, t: number, movers: Movers): void {
  const why: string[] = [];
  for (let u = 0; u < hc.program.threads.length; u++) {
    if (!hc.heap.ld(threadIdx(hc.L, u, TH_DONE))) why.push(`${threadName(hc, u)} ${movers.blockedReason(u)}`);
  }
  heapReport(hc, 'deadlock', `every unfinished thread is blocked: ${why.join('; ')}`, t, 'branch', []);
}

/** core: finishExecution — `final {}` and the lost-work checks; marks the execution finished. */
export function heapFinish(hc: HCtx): void {
  if (hc.heap.ld(H_FINISHED)) return;
  hc.heap.st(H_FINISHED, 1);
  runFinalBlock(hc);
  const pending = lifeCode('pending'), detached = lifeCode('detached');
  for (let id = 0; id < hc.program.works.length; id++) {
    const life = hc.heap.ld(ghostIdx(hc.L, id, G_LIFE));
    const task = hc.heap.ld(ghostIdx(hc.L, id, G_TASK));
    if (task < 0 || task >= hc.program.tasks.length || (life !== pending && life !== detached)) continue;
    const name = hc.program.works[id]?.name ?? '?';
    const flag = (f: number): boolean => hc.heap.ld(taskIdx(hc.L, task, f)) !== 0;
    if (flag(TK_EXITED)) {
      heapReport(hc, 'lost-work', `${name} was added to ${taskName(hc, task)} (task_work_add returned 0) but never ran: the task exited`, -1, 'end', [id]);
    } else if (hc.program.lostWorkAtEnd && !flag(TK_RESUME) && !flag(TK_SIGNAL)) {
      heapReport(hc, 'lost-work', `${name} is stranded on ${taskName(hc, task)}: pending with no TIF_NOTIFY_* set, nothing will run it`, -1, 'end', [id]);
    }
  }
}

function runFinalBlock(hc: HCtx): void {
  runFinalCode(hc, (e, f) => heapEval(hc, e, f), (kind, message, works) => heapReport(hc, kind, message, -1, 'end', works));
}
