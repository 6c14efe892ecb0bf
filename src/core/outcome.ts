// The canonical text of an execution's outcome (the litmus "final state"): every task's list,
// every work's life and counts, every thread's last return value. The explorer's outcome sets and
// the worker backend's stress runs use this one function, so "observed but not predicted" compares
// like with like.
import { Ctx, pointerName, threadName } from './context';
import { State } from './state';
import { chainText } from './trace';

function returned(ctx: Ctx, s: State, v: number | null): string {
  if (v === null) return 'nothing';
  if (v === -3) return '-ESRCH';
  if (v === -22) return '-EINVAL';
  if (v === 0 || v === 1) return String(v);
  return pointerName(ctx, s, v);
}

/** One line, e.g. `T = NULL; A = cancelled(add 1, run 0, cancel 1); canceller returned freed A`. */
export function outcomeText(ctx: Ctx, s: State): string {
  const parts: string[] = [];
  ctx.program.tasks.forEach((decl, i) => {
    const t = s.tasks[i];
    if (t) parts.push(`${decl.name} = ${chainText(ctx, s, t.taskWorks)}`);
  });
  ctx.program.works.forEach((decl, i) => {
    const g = s.works[i];
    if (g) parts.push(`${decl.name} = ${g.life}(add ${g.adds}, run ${g.runs}, cancel ${g.cancels})`);
  });
  s.threads.forEach((th, t) => {
    if (t < ctx.program.threads.length) parts.push(`${threadName(ctx, t)} returned ${returned(ctx, s, th.lastReturn)}`);
  });
  return parts.join('; ');
}
