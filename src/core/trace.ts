// Text for people: one line per atomic step, each task's list and lock, each work's history,
// each violation. Used by `tw run`, the debugger's output and golden tests.
import { NULL, WORK_EXITED } from './program';
import { Ctx, StepEvent, pointerName, threadName, cellAt } from './context';
import { State, Violation } from './state';
import { Access, objectName } from './footprint';

const OP_VALUE = /^(add|cancel|run|resume)\.|^free$|^alloc$/;
/** Steps whose value says nothing (locks, flags). */
const NO_VALUE = new Set(['cancel.lock', 'cancel.unlock', 'run.lock', 'run.unlock', 'add.notify', 'exit.flag', 'resume.clear', 'wait', 'irq.notify', 'irq.work']);

/** `B -> A -> NULL`, `&work_exited`, or a cycle cut with `-> ...(cycle)`. */
export function chainText(ctx: Ctx, s: State, head: number): string {
  const parts: string[] = [];
  let p = head;
  for (let i = 0; i <= s.cells.length; i++) {
    parts.push(pointerName(ctx, s, p));
    if (p === NULL || p === WORK_EXITED) return parts.join(' -> ');
    const cell = cellAt(s, p);
    if (!cell) return parts.join(' -> ');
    p = cell.next;
  }
  return `${parts.join(' -> ')} -> ...(cycle)`;
}

function valueText(ctx: Ctx, s: State, ev: StepEvent): string {
  if (ev.label === 'sched.switch') return ctx.program.tasks[ev.value]?.name ?? '?'; // the task the CPU runs now
  return OP_VALUE.test(ev.label) ? pointerName(ctx, s, ev.value) : String(ev.value);
}

/** One trace line: step number, thread, label, what it accessed, CAS outcome, return value. */
export function describeStep(ctx: Ctx, s: State, ev: StepEvent, footprint: readonly Access[], why?: string | null): string {
  const head = `${String(ev.step).padStart(4)}  ${threadName(ctx, ev.thread).padEnd(12)} `;
  if (ev.label === 'spin') return `${head}${'spin'.padEnd(14)} ${why ?? 'cannot move'}${ev.blockedAt ? ` (at ${ev.blockedAt})` : ''}`;
  const access = footprint.map((a) => `${a.kind} ${objectName(ctx, a.obj)}`).join(', ');
  const value = NO_VALUE.has(ev.label) ? '' : `${access ? ' ' : ''}= ${valueText(ctx, s, ev)}`;
  let text = `${head}${ev.label.padEnd(14)} ${access}${value}`;
  if (ev.ok === 1) text += ev.label.endsWith('cas') ? ' ok' : ' yes';
  if (ev.ok === 0) text += ev.label.endsWith('cas') ? ' FAILED' : ' no';
  if (ev.ret !== undefined) text += `  -> returns ${returnText(ctx, s, ev.ret)}`;
  return text;
}

function returnText(ctx: Ctx, s: State, ret: number): string {
  if (ret === -3) return '-ESRCH';
  if (ret === -22) return '-EINVAL';
  if (ret === 0 || ret === 1) return String(ret);
  return pointerName(ctx, s, ret);
}

/** Final state: every task's list, lock and flags, every work's lifecycle and counts. */
export function describeFinal(ctx: Ctx, s: State): string[] {
  const lines: string[] = [];
  ctx.program.tasks.forEach((decl, i) => {
    const t = s.tasks[i];
    if (!t) return;
    const flags = [t.exiting ? 'PF_EXITING' : '', t.notifyResume ? 'TIF_NOTIFY_RESUME' : '', t.notifySignal ? 'TIF_NOTIFY_SIGNAL' : '']
      .filter(Boolean).join(' ') || 'no flags';
    const lock = t.lockHolder >= 0 ? `held by ${threadName(ctx, t.lockHolder)}` : 'unlocked';
    lines.push(`task ${decl.name}: task_works = ${chainText(ctx, s, t.taskWorks)}; pi_lock ${lock}; ${flags}`);
  });
  (ctx.program.cpus ?? []).forEach((decl, i) => lines.push(`cpu ${decl.name}: runs ${ctx.program.tasks[s.cpus[i] ?? -1]?.name ?? '?'}`));
  ctx.program.works.forEach((decl, i) => {
    const g = s.works[i];
    if (g) lines.push(`work ${decl.name}: ${g.life} (added ${g.adds}, ran ${g.runs}, cancelled ${g.cancels})`);
  });
  return lines;
}

export function describeViolation(ctx: Ctx, v: Violation): string {
  const where = v.step > 0 ? `step ${v.step} (${threadName(ctx, v.thread)}, ${v.label})` : v.label === 'end' ? 'the end' : 'the start';
  return `${v.kind} at ${where}: ${v.message}`;
}
