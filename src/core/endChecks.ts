// Checks that look at the whole state rather than one access: invariants after every step,
// deadlock and the step bound, and at the end the `final {}` block and lost work.
import { Ctx, report, threadName, taskName } from './context';
import { State, codeFrame } from './state';
import { evalExpr } from './expr';

export function checkAfterStep(ctx: Ctx, s: State, t: number, anyEnabled: (s: State) => boolean,
  blockedReason: (s: State, t: number) => string | null): void {
  if (t >= ctx.program.threads.length) return; // setup builds its state freely; checks start with the threads
  for (const inv of ctx.program.invariants) {
    if (evalExpr(ctx, s, inv.e, undefined) === 0) {
      report(s, 'assertion', `invariant ${inv.origin.text} (line ${inv.origin.range.line}) does not hold after ${threadName(ctx, t)}'s step`, t, 'assert', [inv.origin.range.line]);
    }
  }
  if (s.finished) return;
  let allDone = true;
  for (const th of s.threads) if (!th.done) { allDone = false; break; }
  if (allDone) return finishExecution(ctx, s);
  if (s.steps >= ctx.limits.maxSteps) {
    report(s, 'step-limit', `no end after ${ctx.limits.maxSteps} steps: likely a livelock (a cycle in the list?); raise the bound with --max-steps`, t, 'branch', []);
    s.finished = true;
    return;
  }
  if (!anyEnabled(s)) {
    const why = s.threads.map((th, u) => (th.done ? '' : `${threadName(ctx, u)} ${blockedReason(s, u)}`)).filter(Boolean);
    report(s, 'deadlock', `every unfinished thread is blocked: ${why.join('; ')}`, t, 'branch', []);
    s.finished = true;
  }
}

/** Runs `final {}` and the lost-work checks; marks the execution finished. */
export function finishExecution(ctx: Ctx, s: State): void {
  if (s.finished) return;
  s.finished = true;
  runFinalBlock(ctx, s);
  for (let id = 0; id < s.works.length; id++) {
    const g = s.works[id];
    const task = g ? s.tasks[g.task] : undefined;
    if (!g || !task || (g.life !== 'pending' && g.life !== 'detached')) continue;
    const name = ctx.program.works[id]?.name ?? '?';
    if (task.exited) {
      report(s, 'lost-work', `${name} was added to ${taskName(ctx, g.task)} (task_work_add returned 0) but never ran: the task exited`, -1, 'end', [id]);
    } else if (ctx.program.lostWorkAtEnd && !task.notifyResume && !task.notifySignal) {
      report(s, 'lost-work', `${name} is stranded on ${taskName(ctx, g.task)}: pending with no TIF_NOTIFY_* set, nothing will run it`, -1, 'end', [id]);
    }
  }
}

function runFinalBlock(ctx: Ctx, s: State): void {
  const block = ctx.program.blocks[ctx.program.final];
  if (!block) return;
  const f = codeFrame(ctx.program.final, block.locals.length, 0);
  for (let n = 0; n < 100000 && f.pc < block.instrs.length; n++) {
    const instr = block.instrs[f.pc];
    if (!instr) break;
    f.pc++;
    if (instr.op === 'assert' && evalExpr(ctx, s, instr.e, f) === 0) {
      report(s, 'assertion', `final: ${instr.origin.text} failed (line ${instr.origin.range.line})`, -1, 'end', [instr.origin.range.line]);
    } else if (instr.op === 'set') f.locals[instr.dst] = evalExpr(ctx, s, instr.e, f);
    else if (instr.op === 'jump') f.pc = instr.target;
    else if (instr.op === 'jumpIfNot' && evalExpr(ctx, s, instr.e, f) === 0) f.pc = instr.target;
  }
}
