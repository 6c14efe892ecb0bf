// The step interpreter over the shared heap (core: machine.ts): the same frames, labels and
// folding of silent statements, but every shared access goes through the heap. Used by each
// worker for its own thread, and by the controller for setup and to ask who can move.
import { Ctx, Frame, Instr, StepOut, StepLabel, codeFrame, codeLabel, opFrame, threadName, resumeStart, loopBound, loopLimitText } from '../core';
import { Heap } from './heap';
import { HCtx, makeHCtx, heapReport } from './heapCtx';
import { threadIdx, taskIdx, TH_DONE, TH_HAS_RET, TH_RET, TK_LOCK, H_FINISHED } from './layout';
import { evalShared, isLocal, heapEval } from './heapExpr';
import { heapStepAdd } from './heapAdd';
import { heapStepCancel } from './heapCancel';
import { heapStepRun, heapAfterCall } from './heapRun';
import { heapCodeStep, heapCodeBlocked } from './heapCode';

/** What one taken step reports (core StepEvent without the numbering and violation index). */
export interface TakenStep { label: StepLabel; value: number; ok: number; done: boolean; ret: number }

export class HeapMachine {
  readonly hc: HCtx;
  /** Frame stacks, by thread index (threads.length is `setup`). Private to the thread that runs it. */
  readonly stacks: Frame[][] = [];
  private readonly out: StepOut = { value: 0, ok: -1, done: false, ret: 0, call: -1 };

  constructor(ctx: Ctx, readonly heap: Heap) {
    this.hc = makeHCtx(ctx, heap);
    for (let t = 0; t <= ctx.program.threads.length; t++) this.stacks.push([]);
  }

  get program(): Ctx['program'] { return this.hc.program; }

  isDone(t: number): boolean { return this.heap.ld(threadIdx(this.hc.L, t, TH_DONE)) !== 0; }

  lastReturn(t: number): number | null {
    return this.heap.ld(threadIdx(this.hc.L, t, TH_HAS_RET)) ? this.heap.ld(threadIdx(this.hc.L, t, TH_RET)) : null;
  }

  /** Reloads thread t's stack from its mirror (after the thread stepped elsewhere). */
  load(t: number): void { this.stacks[t] = this.heap.readStack(t); }

  /** Writes thread t's stack to its mirror. */
  publish(t: number): void { this.heap.writeStack(t, this.stacks[t] ?? []); }

  private top(t: number): Frame | undefined {
    const st = this.stacks[t];
    return st ? st[st.length - 1] : undefined;
  }

  private instrAt(f: Frame): Instr | undefined { return this.program.blocks[f.block]?.instrs[f.pc]; }

  /** Why thread t cannot move now, or null (core: blockedReason). */
  blockedReason(t: number): string | null {
    if (t < 0 || t >= this.stacks.length || this.isDone(t)) return 'finished';
    const f = this.top(t);
    if (!f) return 'finished';
    if (f.kind === 'op') {
      if ((f.label === 'cancel.lock' || f.label === 'run.lock') && f.task >= 0 && f.task < this.program.tasks.length) {
        const holder = this.heap.ld(taskIdx(this.hc.L, f.task, TK_LOCK));
        if (holder >= 0) {
          const who = holder === t ? 'itself' : threadName(this.hc, holder);
          return `spinning on ${this.program.tasks[f.task]?.name}.pi_lock held by ${who}`;
        }
      }
      return null;
    }
    const instr = this.instrAt(f);
    return instr ? heapCodeBlocked(this.hc, f, instr) : null;
  }

  canMove(t: number): boolean { return this.blockedReason(t) === null; }

  nextLabel(t: number): StepLabel | null {
    const f = this.top(t);
    if (t < 0 || t >= this.stacks.length || this.isDone(t) || !f) return null;
    if (f.kind === 'op') return f.label;
    const instr = this.instrAt(f);
    return instr ? codeLabel(instr) : null;
  }

  /**
   * Thread t takes one atomic step and settles, or returns null when it cannot (a held pi_lock, a
   * false wait_until, a busy address): then nothing changed. The caller numbers the step (hc.step).
   */
  tryStep(t: number): TakenStep | null {
    const st = this.stacks[t];
    const f = st ? st[st.length - 1] : undefined;
    if (!st || !f) return null;
    const out = this.out;
    out.value = 0; out.ok = -1; out.done = false; out.ret = 0; out.call = -1;
    let label: StepLabel;
    if (f.kind === 'code') {
      const instr = this.instrAt(f);
      if (!instr) return null;
      label = codeLabel(instr);
      if (!heapCodeStep(this.hc, t, f, instr, out)) return null;
    } else {
      label = f.label;
      if (!this.opStep(t, st, f, out)) return null;
    }
    const taken: TakenStep = { label, value: out.value, ok: out.ok, done: out.done, ret: out.ret };
    if (out.done) this.returnFromOp(t, st, f, out.ret);
    else if (out.call >= 0) this.pushCallback(st, f, out.call);
    this.settle(t);
    return taken;
  }

  private opStep(t: number, st: Frame[], f: Frame, out: StepOut): boolean {
    const caller = st[st.length - 2];
    const instr = caller ? this.instrAt(caller) : undefined;
    if (!instr) return true;
    if (f.op === 'add' && instr.op === 'add') { heapStepAdd(this.hc, t, f, instr, out); return true; }
    if (instr.op === 'cancel' || instr.op === 'cancel_func' || instr.op === 'cancel_match') {
      return heapStepCancel(this.hc, t, f, instr, out);
    }
    return heapStepRun(this.hc, t, f, out);
  }

  private pushCallback(st: Frame[], f: Frame, func: number): void {
    const fn = this.program.funcs[func];
    const block = fn ? this.program.blocks[fn.block] : undefined;
    if (fn && block) st.push(codeFrame(fn.block, block.locals.length, f.work));
    else heapAfterCall(this.hc, f);
  }

  private returnFromOp(t: number, st: Frame[], f: Frame, ret: number): void {
    st.pop();
    const caller = st[st.length - 1];
    if (!caller) return;
    const instr = this.instrAt(caller);
    if (instr && 'dst' in instr && instr.dst !== undefined) caller.locals[instr.dst] = ret;
    if (f.op !== 'run' && f.op !== 'exit' && f.op !== 'resume') {
      this.heap.st(threadIdx(this.hc.L, t, TH_RET), ret);
      this.heap.st(threadIdx(this.hc.L, t, TH_HAS_RET), 1);
    }
    caller.pc++;
    if (f.op === 'exit') st.length = 0; // do_exit() does not return
  }

  /** Advances t through silent instructions until its next step is visible (core: settle). */
  settle(t: number): void {
    const st = this.stacks[t];
    if (!st) return;
    let silent = 0; // backward jumps since the last visible step
    for (;;) {
      const f = st[st.length - 1];
      if (!f) { this.heap.st(threadIdx(this.hc.L, t, TH_DONE), 1); return; }
      if (f.kind === 'op') return;
      const instr = this.instrAt(f);
      if (!instr) {
        st.pop();
        const below = st[st.length - 1];
        if (below && below.kind === 'op') heapAfterCall(this.hc, below);
        continue;
      }
      const over = instr.op === 'jump' ? loopBound(f, instr, this.hc.limits, instr.target <= f.pc ? ++silent : silent) : undefined;
      if (over) {
        heapReport(this.hc, 'step-limit', loopLimitText(threadName(this.hc, t), instr.origin.range.line, this.hc.limits, over === 'silent'), t, 'branch', []);
        this.heap.st(H_FINISHED, 1);
        return;
      }
      if (!this.silentStep(t, st, f, instr)) return;
    }
  }

  private silentStep(t: number, st: Frame[], f: Frame, instr: Instr): boolean {
    const hc = this.hc;
    switch (instr.op) {
      case 'jump': // its bounds are checked in settle
        f.pc = instr.target;
        return true;
      case 'jumpIfNot':
        if (!isLocal(hc, instr.e)) return false;
        f.pc = heapEval(hc, instr.e, f) !== 0 ? f.pc + 1 : instr.target;
        return true;
      case 'set':
        if (!isLocal(hc, instr.e)) return false;
        f.locals[instr.dst] = heapEval(hc, instr.e, f);
        f.pc++;
        return true;
      default:
        this.pushOp(t, st, f, instr);
        return false;
    }
  }

  private pushOp(t: number, st: Frame[], f: Frame, instr: Instr): void {
    const current = this.program.threads[t]?.current ?? -1;
    let op: Frame | undefined;
    switch (instr.op) {
      case 'add': op = opFrame('add', 'add.load', instr.task); op.work = evalShared(this.hc, instr.work, f); break;
      case 'cancel_func': case 'cancel_match': op = opFrame(instr.op, 'cancel.peek', instr.task); break;
      case 'cancel': op = opFrame('cancel', 'cancel.peek', instr.task); op.h = evalShared(this.hc, instr.work, f); break;
      case 'run': op = opFrame('run', 'run.load', current); break;
      case 'exit': op = opFrame('exit', 'exit.flag', current); break;
      case 'resume': op = opFrame('resume', resumeStart(this.hc), current); break;
      default: return;
    }
    st.push(op);
  }
}
