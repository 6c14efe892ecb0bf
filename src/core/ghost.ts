// Ghost bookkeeping: the lifecycle and counters of each work, updated at the linearization points
// of the algorithm, and the checks that read them (double-add, run-after-cancel, double-run, cycles).
import { NULL, WORK_EXITED } from './program';
import { Ctx, cellAt, report, threadName, taskName } from './context';
import { State, StepLabel } from './state';

/** Declaration index of the work living at addr, or -1. */
export function liveWorkAt(s: State, addr: number): number {
  return cellAt(s, addr)?.work ?? -1;
}

/** The work at addr, or the one that last lived there if it was freed (what a stale pointer means). */
export function workAt(s: State, addr: number): number {
  const cell = cellAt(s, addr);
  if (!cell) return -1;
  return cell.work >= 0 ? cell.work : cell.last;
}

function workName(ctx: Ctx, id: number): string { return ctx.program.works[id]?.name ?? '?'; }

/** add.cas succeeded: the work is pending from here on (the linearization point of task_work_add). */
export function onAdded(ctx: Ctx, s: State, t: number, label: StepLabel, addr: number, task: number): void {
  const id = liveWorkAt(s, addr);
  const g = s.works[id];
  if (!g) return;
  if (g.life === 'pending' || g.life === 'detached') {
    report(s, 'double-add', `${threadName(ctx, t)} added ${workName(ctx, id)} to ${taskName(ctx, task)} while it was still ${g.life}: the list now links it twice`, t, label, [id]);
  }
  g.life = 'pending';
  g.adds++;
  g.cancelledSinceAdd = false;
  g.task = task;
}

/** cancel.cas unlinked the work: the cancel will return it. */
export function onCancelled(s: State, addr: number): void {
  const g = s.works[liveWorkAt(s, addr)];
  if (!g) return;
  g.life = 'cancelled';
  g.cancels++;
  g.cancelledSinceAdd = true;
}

/** run.cas (or xchg/store) detached a chain: its pending works now belong to the running batch. */
export function onDetached(s: State, first: number): void {
  let p = first;
  for (let i = 0; i <= s.cells.length && p !== NULL && p !== WORK_EXITED; i++) {
    const cell = cellAt(s, p);
    if (!cell) return;
    const g = s.works[cell.work];
    if (g && g.life === 'pending') g.life = 'detached';
    p = cell.next;
  }
}

/** run.call: checks what calling this work's func means, then counts the run. */
export function onCalled(ctx: Ctx, s: State, t: number, addr: number): void {
  const id = workAt(s, addr);
  const g = s.works[id];
  if (!g) return;
  const name = workName(ctx, id);
  if (g.cancelledSinceAdd) {
    report(s, 'run-after-cancel', `${threadName(ctx, t)} calls ${name}'s func although a cancel already returned ${name}`, t, 'run.call', [id]);
  }
  g.runs++;
  if (g.runs > g.adds) {
    report(s, 'double-run', `${name} runs for the ${ordinal(g.runs)} time but was added only ${g.adds} time(s)`, t, 'run.call', [id]);
  }
  if (g.life !== 'freed') g.life = 'running';
}

/** The callback returned: a still-running work has now run (unless it was re-added or freed meanwhile). */
export function onReturned(s: State, addr: number): void {
  const g = s.works[liveWorkAt(s, addr)];
  if (g && g.life === 'running') g.life = 'ran';
}

/** After a step that wrote a link: is the list reachable from the head cyclic? */
export function checkCycle(ctx: Ctx, s: State, t: number, label: StepLabel, task: number): void {
  let p = s.tasks[task]?.taskWorks ?? NULL;
  for (let i = 0; i <= s.cells.length; i++) {
    if (p === NULL || p === WORK_EXITED) return;
    const cell = cellAt(s, p);
    if (!cell) return;
    p = cell.next;
  }
  report(s, 'list-cycle', `${taskName(ctx, task)}.task_works now leads into a cycle`, t, label, []);
}

/** 2nd, 3rd, 4th, 11th, 21st: for the double-run message. */
export function ordinal(n: number): string {
  const tens = n % 100;
  const suffix = tens >= 11 && tens <= 13 ? 'th' : n % 10 === 1 ? 'st' : n % 10 === 2 ? 'nd' : n % 10 === 3 ? 'rd' : 'th';
  return `${n}${suffix}`;
}
