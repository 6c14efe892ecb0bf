// The visible .tw statements that are not API calls: free, alloc, assert, wait_until, and
// assignments or branches whose expression reads shared state. Each is one atomic step.
import { Instr, addressOfSlot, funcValue, NULL } from './program';
import { Ctx, StepOut, touch, report, threadName } from './context';
import { State, Frame, StepLabel } from './state';
import { Access, cellObj, cellObjAt, cpuObj } from './footprint';
import { evalExpr, exprReads } from './expr';

export function codeLabel(instr: Instr): StepLabel {
  switch (instr.op) {
    case 'free': return 'free';
    case 'alloc': return 'alloc';
    case 'assert': return 'assert';
    case 'wait': return 'wait';
    case 'jumpIfNot': return 'branch';
    case 'switch': return 'sched.switch';
    default: return 'set';
  }
}

/** `wait_until(runs(B) == 1);` -> `runs(B) == 1`: the condition alone reads better in a thread name. */
export function waitCondition(text: string): string {
  const m = /^\s*wait_until\s*\((.*)\)\s*;?\s*$/.exec(text);
  return m?.[1] ?? text;
}

/** Why a statement cannot proceed now, or null. */
export function codeBlocked(ctx: Ctx, s: State, f: Frame, instr: Instr): string | null {
  if (codeCanMove(ctx, s, f, instr)) return null;
  if (instr.op === 'wait') return `waiting until ${waitCondition(instr.origin.text)}`;
  const w = instr.op === 'alloc' ? ctx.program.works[instr.work] : undefined;
  const cell = w ? s.cells[w.slot] : undefined;
  return `waiting for ${ctx.program.works[cell?.work ?? -1]?.name}'s address to be freed`;
}

/**
 * codeBlocked(...) === null without building the reason: every thread's canMove asks it on every
 * step, and the reason's text (a regular expression over the statement) is only for the views.
 */
export function codeCanMove(ctx: Ctx, s: State, f: Frame, instr: Instr): boolean {
  if (instr.op === 'wait') return evalExpr(ctx, s, instr.e, f) !== 0;
  if (instr.op === 'alloc') {
    const w = ctx.program.works[instr.work];
    const cell = w ? s.cells[w.slot] : undefined;
    // The allocator hands out this address only once whatever lived there was freed.
    return !cell || cell.work < 0;
  }
  return true;
}

export function codeStep(ctx: Ctx, s: State, t: number, f: Frame, instr: Instr, out: StepOut): void {
  f.pc++;
  switch (instr.op) {
    case 'free': return free(ctx, s, t, evalExpr(ctx, s, instr.work, f), out);
    case 'alloc': return alloc(ctx, s, instr.work, out);
    case 'set': f.locals[instr.dst] = out.value = evalExpr(ctx, s, instr.e, f); return;
    case 'assert':
      out.ok = evalExpr(ctx, s, instr.e, f) !== 0 ? 1 : 0;
      if (!out.ok) {
        report(s, 'assertion', `${threadName(ctx, t)}: ${instr.origin.text} failed (line ${instr.origin.range.line})`, t, 'assert', []);
      }
      return;
    case 'wait': return;
    case 'switch': s.cpus[instr.cpu] = instr.task; out.value = instr.task; return;
    case 'jumpIfNot':
      out.ok = evalExpr(ctx, s, instr.e, f) !== 0 ? 1 : 0;
      if (!out.ok) f.pc = instr.target;
      return;
    default: return;
  }
}

/** kfree(work): the address becomes free; touching it again is a use-after-free (a double free too). */
function free(ctx: Ctx, s: State, t: number, addr: number, out: StepOut): void {
  out.value = addr;
  if (addr === NULL) return; // kfree(NULL) is a no-op
  const cell = touch(ctx, s, t, 'free', addr, 'free');
  if (!cell || cell.work < 0) return;
  const g = s.works[cell.work];
  if (g) g.life = 'freed';
  cell.last = cell.work;
  cell.work = -1;
}

/** A new work at a reused address: its func is initialised (init_task_work), its next is stale. */
function alloc(ctx: Ctx, s: State, id: number, out: StepOut): void {
  const w = ctx.program.works[id];
  const cell = w ? s.cells[w.slot] : undefined;
  const g = s.works[id];
  if (!w || !cell || !g) return;
  cell.work = id;
  cell.func = w.func >= 0 ? funcValue(w.func) : NULL;
  g.life = 'idle';
  out.value = addressOfSlot(w.slot);
}

export function codeFootprint(ctx: Ctx, s: State, f: Frame, instr: Instr): Access[] {
  switch (instr.op) {
    case 'free': return [{ obj: cellObjAt(ctx, evalExpr(ctx, s, instr.work, f)), kind: 'write' }];
    case 'alloc': return [{ obj: cellObj(ctx, ctx.program.works[instr.work]?.slot ?? 0), kind: 'write' }];
    case 'switch': return [{ obj: cpuObj(ctx, instr.cpu), kind: 'write' }];
    case 'set': case 'assert': case 'wait': case 'jumpIfNot': {
      const reads: number[] = [];
      exprReads(ctx, instr.e, reads);
      return reads.map((obj) => ({ obj, kind: 'read' as const }));
    }
    default: return [];
  }
}
