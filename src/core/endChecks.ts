// Checks that look at the whole state rather than one access: invariants after every step,
// deadlock and the step bound, and at the end the `final {}` block and lost work.
import { Ctx, report, threadName, taskName, loopBound, loopLimitText } from './context';
import { State, Frame, codeFrame } from './state';
import { Expr } from './program';
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
  if (!anyEnabled(s)) reportDeadlock(ctx, s, t, blockedReason);
}

/**
 * The same end checks before the first step (after setup): threads that all finished while settling
 * owe `final {}`, and threads all blocked from the start are a deadlock — for `run` as for `explore`.
 */
export function checkStart(ctx: Ctx, s: State, anyEnabled: (s: State) => boolean,
  blockedReason: (s: State, t: number) => string | null): void {
  if (s.finished) return;
  if (s.threads.every((th) => th.done)) return finishExecution(ctx, s);
  if (!anyEnabled(s)) reportDeadlock(ctx, s, -1, blockedReason);
}

function reportDeadlock(ctx: Ctx, s: State, t: number, blockedReason: (s: State, t: number) => string | null): void {
  const why = s.threads.map((th, u) => (th.done ? '' : `${threadName(ctx, u)} ${blockedReason(s, u)}`)).filter(Boolean);
  report(s, 'deadlock', `every unfinished thread is blocked: ${why.join('; ')}`, t, 'branch', []);
  s.finished = true;
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
  runFinalCode(ctx, (e, f) => evalExpr(ctx, s, e, f), (kind, message, works) => report(s, kind, message, -1, 'end', works));
}

/** Instructions `final {}` may execute: a backstop for loops that never jump backwards. */
const FINAL_INSTRUCTIONS = 100000;

/**
 * Interprets `final {}` (locals, branches, asserts: it takes no steps). A loop past the loop bound,
 * or a block still running after FINAL_INSTRUCTIONS, is a step-limit: stopping silently would leave
 * the asserts after it unchecked. Shared with the worker engine, which evaluates on its heap.
 */
export function runFinalCode(ctx: Ctx, evalIn: (e: Expr, f: Frame) => number,
  reportEnd: (kind: 'assertion' | 'step-limit', message: string, works: number[]) => void): void {
  const block = ctx.program.blocks[ctx.program.final];
  if (!block) return;
  const f = codeFrame(ctx.program.final, block.locals.length, 0);
  let backJumps = 0;
  for (let n = 0; f.pc < block.instrs.length; n++) {
    const instr = block.instrs[f.pc];
    if (!instr) break;
    const line = instr.origin.range.line;
    if (n >= FINAL_INSTRUCTIONS) {
      reportEnd('step-limit', `final: still running after ${FINAL_INSTRUCTIONS} instructions at line ${line}; the checks after it were not made`, []);
      return;
    }
    if (instr.op === 'jump') {
      const over = loopBound(f, instr, ctx.limits, instr.target <= f.pc ? ++backJumps : backJumps);
      if (over) {
        reportEnd('step-limit', `${loopLimitText('final', line, ctx.limits, over === 'silent')}; the checks after it were not made`, []);
        return;
      }
      f.pc = instr.target;
      continue;
    }
    f.pc++;
    if (instr.op === 'assert' && evalIn(instr.e, f) === 0) {
      reportEnd('assertion', `final: ${instr.origin.text} failed (line ${line})`, [line]);
    } else if (instr.op === 'set') f.locals[instr.dst] = evalIn(instr.e, f);
    else if (instr.op === 'jumpIfNot' && evalIn(instr.e, f) === 0) f.pc = instr.target;
  }
}
