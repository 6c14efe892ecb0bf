// The machine: the one choke point every atomic step goes through. enabled(), footprint() (before
// the step) and step() for one thread; statements that touch no shared state are folded into the
// step before them, so every scheduling point is a step that can race.
import { Program, Instr, MemoryModel, addressOfSlot, funcValue } from './program';
import { WeakMemory, Pin } from './weakMemory';
import { WeakGraph, emptyGraph, heapLocation } from './weakGraph';
import { StateMemory } from './memoryPort';
import { reportRaces } from './weakRaces';
import { findVariant, Variant } from './variants';
import { Ctx, Limits, DEFAULT_LIMITS, StepEvent, StepOut, report, threadName, threadCurrent, loopBound, loopLimitText } from './context';
import { State, Frame, StepLabel, ThreadState, codeFrame, opFrame, cloneState } from './state';
import { Access, AccessSink } from './footprint';
import { evalExpr, isLocalExpr } from './expr';
import { stepAdd, footprintAdd } from './opAdd';
import { stepCancel, footprintCancel, CancelInstr } from './opCancel';
import { stepRun, footprintRun, afterCall, resumeStart } from './opRun';
import { codeStep, codeFootprint, codeLabel, codeBlocked, codeCanMove } from './codeStep';
import { checkAfterStep, checkStart, finishExecution } from './endChecks';
import { initialState } from './initial';
import { ListingOps } from './listingOps';
import type { MemoryFor } from './memoryPort';

export class Machine {
  readonly ctx: Ctx;
  private readonly out: StepOut = { value: 0, ok: -1, done: false, ret: 0, call: -1 };
  private readonly anyEnabledFn = (s: State): boolean => this.anyEnabled(s);
  private readonly blockedReasonFn = (s: State, t: number): string | null => this.blockedReason(s, t);
  /** The state right after setup, computed once. */
  private initial: { state: State; setupEvents: StepEvent[] } | undefined;
  /** Per block, per instruction: can it be folded into the step before (no shared access)? */
  private readonly silent: boolean[][];
  /** The listing's executor when the variant is a listing (else the built-in step functions run). */
  private readonly lx: ListingOps | undefined;

  /** The LKMM memory when the run is under `memory lkmm` (else undefined: sequential consistency). */
  readonly weak: WeakMemory | undefined;

  /**
   * `memory`: sequential consistency or the LKMM; `memoryFor`: the port a listing's shared accesses
   * go through (default: the plain State's own words; the workers give the shared heap's).
   */
  constructor(readonly program: Program, variant?: string | Variant, limits: Partial<Limits> = {}, memory: MemoryModel = 'sc', memoryFor?: MemoryFor) {
    const v = typeof variant === 'object' ? variant : findVariant(variant ?? program.variant);
    if (!v) throw new Error(`unknown variant '${String(variant)}'`); // callers validate names first
    this.ctx = { program, variant: v, limits: { ...DEFAULT_LIMITS, ...limits } };
    this.silent = program.blocks.map((b) => b.instrs.map((i) =>
      i.op === 'jump' || ((i.op === 'set' || i.op === 'jumpIfNot') && isLocalExpr(this.ctx, i.e))));
    // LKMM runs listings only (every shipped variant has one: the caller resolves names to them).
    if (memory === 'lkmm' && !v.listing) throw new Error(`memory lkmm needs a listing variant, not '${v.name}'`);
    this.weak = memory === 'lkmm' ? new WeakMemory(this.ctx) : undefined;
    this.lx = v.listing ? new ListingOps(this.ctx, v.listing, memoryFor, this.weak) : undefined;
  }

  get variant(): Variant { return this.ctx.variant; }

  /**
   * Under the LKMM: the graph of a run that starts from `state` (after setup): every word's value
   * there is its initial write. Returns the graph (the explorer clones it per branch).
   */
  startWeak(state: State, pins: Pin[] = []): WeakGraph {
    const weak = this.weak;
    if (!weak) throw new Error('startWeak: the machine runs under sequential consistency');
    const initial = new StateMemory(cloneState(state));
    weak.initialValue = (addr) => initial.load(addr);
    const g = emptyGraph(state.threads.length);
    weak.start(g, pins);
    return g;
  }

  /**
   * The state after `setup {}` ran to completion; setup's own steps are returned for the trace,
   * and `onSetupStep` sees each one with its footprint right after it ran (names as they were then).
   */
  init(onSetupStep?: (s: State, ev: StepEvent, footprint: Access[]) => void): { state: State; setupEvents: StepEvent[] } {
    // Setup is deterministic: run it once, then hand out copies (executions restart often).
    if (!onSetupStep && this.initial) return { state: cloneState(this.initial.state), setupEvents: this.initial.setupEvents.slice() };
    const step = (s: State, t: number): StepEvent => {
      const fp = onSetupStep ? this.footprint(s, t) : [];
      const ev = this.step(s, t);
      onSetupStep?.(s, ev, fp);
      return ev;
    };
    const result = initialState(this.ctx, (s, t) => this.settle(s, t), step);
    checkStart(this.ctx, result.state, this.anyEnabledFn, this.blockedReasonFn);
    if (!this.initial) this.initial = { state: cloneState(result.state), setupEvents: result.setupEvents.slice() };
    return result;
  }

  /** Threads that can make progress now (not finished, not spinning on a held lock, not waiting). */
  enabled(s: State): number[] {
    const out: number[] = [];
    if (s.finished) return out;
    for (let t = 0; t < s.threads.length; t++) if (this.canMove(s, t)) out.push(t);
    return out;
  }

  /** Same answer as blockedReason(s, t) === null, without building the reason (a hot path). */
  canMove(s: State, t: number): boolean {
    const f = this.top(s, t);
    if (!f) return false;
    if (f.kind === 'op') {
      const lx = this.lx;
      // Only a step at a lock or unlock_wait may wait (Frame.wait, kept by the listing's executor as
      // each step ends; a deferred call's first step, its start, waits for nothing): every thread's
      // canMove on every step comes here, and most read the flag alone.
      if (lx) return !f.wait || lx.canMove(s, f);
      if (f.label !== 'cancel.lock' && f.label !== 'run.lock') return true;
      return (s.tasks[f.task]?.lockHolder ?? -1) < 0;
    }
    const instr = this.instrAt(f);
    if (!instr || (instr.op !== 'wait' && instr.op !== 'alloc')) return true;
    return codeCanMove(this.ctx, s, f, instr);
  }

  /** True when some thread can move (no allocation, stops at the first). */
  anyEnabled(s: State): boolean {
    for (let t = 0; t < s.threads.length; t++) if (this.canMove(s, t)) return true;
    return false;
  }

  /** Why thread t cannot move now ('finished', 'spinning on T.pi_lock', ...), or null if it can. */
  blockedReason(s: State, t: number): string | null {
    if (this.canMove(s, t)) return null;
    const f = this.top(s, t);
    if (!f) return 'finished';
    if (f.kind === 'op' && f.m && this.lx) return this.lx.blockedReason(s, t, f);
    if (f.kind === 'op') { // canMove said no: a lock step whose pi_lock is held
      const holder = s.tasks[f.task]?.lockHolder ?? -1;
      return `spinning on ${this.program.tasks[f.task]?.name}.pi_lock held by ${holder === t ? 'itself' : threadName(this.ctx, holder)}`;
    }
    const instr = this.instrAt(f);
    return instr ? codeBlocked(this.ctx, s, f, instr) : null;
  }

  /** The label of the atomic step thread t would take next, or null when it has finished. */
  nextLabel(s: State, t: number): StepLabel | null {
    const f = this.top(s, t);
    if (!f) return null;
    if (f.kind === 'op') return f.label;
    const instr = this.instrAt(f);
    return instr ? codeLabel(instr) : null;
  }

  /** What thread t's next step touches, computed before it runs (for the explorer's dependencies). */
  footprint(s: State, t: number): Access[] {
    const th = s.threads[t];
    const f = this.top(s, t);
    if (!th || !f) return [];
    if (f.kind === 'code') {
      const instr = this.instrAt(f);
      return instr ? codeFootprint(this.ctx, s, f, instr) : [];
    }
    if (f.m && this.lx) return this.lx.footprint(s, t, th, f);
    if (this.lx) return this.lx.footprintDeferred(s, t, this.callerInstr(th));
    if (f.op === 'add') return footprintAdd(this.ctx, f);
    if (f.op === 'cancel' || f.op === 'cancel_func' || f.op === 'cancel_match') {
      return footprintCancel(this.ctx, f, this.callerInstr(th) as CancelInstr);
    }
    return footprintRun(this.ctx, f);
  }

  /** footprint()'s accesses handed to `out` one by one (under a listing without building the list). */
  footprintInto(s: State, t: number, out: AccessSink): void {
    const th = s.threads[t];
    const f = this.top(s, t);
    if (th && f && f.kind === 'op' && f.m && this.lx) return this.lx.footprintInto(s, t, th, f, out);
    for (const a of this.footprint(s, t)) out.add(a.obj, a.kind);
  }

  /** Thread t takes one atomic step (or a recorded spin step when it cannot move). */
  step(s: State, t: number): StepEvent {
    s.steps++;
    const ev: StepEvent = { step: s.steps, thread: t, label: 'spin', value: 0, ok: -1, firstViolation: -1 };
    const before = s.violations.length;
    const th = s.threads[t];
    if (!th || s.finished || !this.canMove(s, t)) {
      const at = this.nextLabel(s, t);
      if (at) ev.blockedAt = at;
    } else {
      this.takeStep(s, t, th, ev);
      this.settle(s, t);
    }
    checkAfterStep(this.ctx, s, t, this.anyEnabledFn, this.blockedReasonFn);
    // Under the LKMM the last step of the last thread completes the graph: its data races now.
    // (A run binds its promised reads first; the explorer binds them itself, every way.)
    if (this.weak?.g && s.finished && s.threads.every((x) => x.done) && this.weak.bindPending()) reportRaces(this.ctx, s, this.weak.g);
    if (s.violations.length > before) ev.firstViolation = before;
    return ev;
  }

  /** Runs the end-of-execution checks (final block, lost work) once every thread has finished. */
  finish(s: State): void {
    finishExecution(this.ctx, s);
    if (this.weak?.g && this.weak.bindPending()) reportRaces(this.ctx, s, this.weak.g);
  }

  private takeStep(s: State, t: number, th: ThreadState, ev: StepEvent): void {
    const f = th.frames[th.frames.length - 1];
    if (!f) return;
    const out = this.out;
    out.value = 0; out.ok = -1; out.done = false; out.ret = 0; out.call = -1;
    if (f.kind === 'code') {
      const instr = this.instrAt(f);
      if (!instr) return;
      ev.label = codeLabel(instr);
      codeStep(this.ctx, s, t, f, instr, out);
      if (this.weak?.g && (instr.op === 'alloc' || instr.op === 'free')) this.heapEvents(t, instr.op, instr.op === 'alloc' ? instr.work : -1, out.value);
    } else if (f.m && this.lx) {
      ev.label = f.label;
      this.lx.step(s, t, th, f, out);
    } else if (this.lx) {
      ev.label = this.lx.begin(s, t, th, f, this.callerInstr(th), out);
    } else {
      ev.label = f.label;
      this.opStep(s, t, th, f, out);
    }
    ev.value = out.value;
    ev.ok = out.ok;
    if (out.done) {
      if (f.op !== 'irq') ev.ret = out.ret; // an irq_work handler returns nothing to anyone
      this.returnFromOp(th, f, out.ret);
    } else if (out.call >= 0) {
      const fn = this.program.funcs[out.call];
      const block = fn ? this.program.blocks[fn.block] : undefined;
      if (fn && block) th.frames.push(codeFrame(fn.block, block.locals.length, f.work));
      else this.afterCallback(s, t, f);
    }
  }

  /**
   * Under the LKMM: free and alloc hand the address over through the allocator (weakMemory.heap),
   * and init_task_work's write of func is an event of the new work (its next stays stale).
   */
  private heapEvents(t: number, op: 'alloc' | 'free', work: number, addr: number): void {
    const weak = this.weak;
    if (!weak || addr === 0) return;
    weak.thread = t;
    weak.label = op;
    weak.heap(t, heapLocation(this.ctx, addr), op);
    const w = this.program.works[work];
    if (w) weak.store(t, addressOfSlot(w.slot) + 1, w.func >= 0 ? funcValue(w.func) : 0, 'plain');
  }

  private opStep(s: State, t: number, th: ThreadState, f: Frame, out: StepOut): void {
    const instr = this.callerInstr(th);
    if (!instr) return;
    if (f.op === 'add' && instr.op === 'add') stepAdd(this.ctx, s, t, f, instr, out);
    else if (instr.op === 'cancel' || instr.op === 'cancel_func' || instr.op === 'cancel_match') {
      stepCancel(this.ctx, s, t, f, instr, out, th.frames[th.frames.length - 2]);
    } else stepRun(this.ctx, s, t, f, out);
  }

  /** The operation returned: its value lands in the statement's local; do_exit ends the thread. */
  private returnFromOp(th: ThreadState, f: Frame, ret: number): void {
    th.frames.pop();
    const caller = topFrame(th.frames);
    if (!caller) return;
    const instr = this.instrAt(caller);
    if (instr && 'dst' in instr && instr.dst !== undefined) caller.locals[instr.dst] = ret;
    if (f.op !== 'run' && f.op !== 'exit' && f.op !== 'resume') th.lastReturn = ret;
    caller.pc++;
    if (f.op === 'exit') th.frames.length = 0; // do_exit() does not return
  }

  /** Thread t's innermost frame, or undefined once it has finished. */
  private top(s: State, t: number): Frame | undefined {
    const th = s.threads[t];
    return th && !th.done ? topFrame(th.frames) : undefined;
  }

  private instrAt(f: Frame): Instr | undefined {
    return this.program.blocks[f.block]?.instrs[f.pc];
  }

  /** The statement instruction of the code frame under the top op frame. */
  private callerInstr(th: ThreadState): Instr | undefined {
    const n = th.frames.length;
    const caller = n > 1 ? th.frames[n - 2] : undefined;
    return caller ? this.instrAt(caller) : undefined;
  }

  /**
   * Advances thread t through silent instructions (jumps, local computation) and pops finished
   * callback frames, until its next step is a visible one; pushes the op frame of an API call.
   */
  settle(s: State, t: number): void {
    const th = s.threads[t];
    if (!th) return;
    let silent = 0; // backward jumps since the last visible step
    for (;;) {
      const f = topFrame(th.frames);
      if (!f) { th.done = true; return; }
      if (f.kind === 'op' && f.m?.done) { this.returnFromOp(th, f, this.lx?.returned(s, f) ?? f.m.ret); continue; }
      if (f.kind === 'op') return;
      const instr = this.instrAt(f);
      if (!instr) {
        th.frames.pop();
        const below = topFrame(th.frames);
        if (below && below.kind === 'op') this.afterCallback(s, t, below);
        continue;
      }
      const over = instr.op === 'jump' ? loopBound(f, instr, this.ctx.limits, instr.target <= f.pc ? ++silent : silent) : undefined;
      if (over) {
        report(s, 'step-limit', loopLimitText(threadName(this.ctx, t), instr.origin.range.line, this.ctx.limits, over === 'silent'), t, 'branch', []);
        s.finished = true;
        return;
      }
      if (!this.silentStep(s, t, f, instr)) return;
    }
  }

  /** Executes instr if it is silent and returns true; false when it is a visible step. */
  private silentStep(s: State, t: number, f: Frame, instr: Instr): boolean {
    switch (instr.op) {
      case 'jump': // its bounds are checked in settle
        f.pc = instr.target;
        return true;
      case 'jumpIfNot':
        if (!this.silent[f.block]?.[f.pc]) return false;
        f.pc = evalExpr(this.ctx, s, instr.e, f) !== 0 ? f.pc + 1 : instr.target;
        return true;
      case 'set':
        if (!this.silent[f.block]?.[f.pc]) return false;
        f.locals[instr.dst] = evalExpr(this.ctx, s, instr.e, f);
        f.pc++;
        return true;
      default:
        this.pushOp(s, t, f, instr);
        return false;
    }
  }

  /** A callback returned to the operation that called it. */
  private afterCallback(s: State, t: number, f: Frame): void {
    if (f.m && this.lx) this.lx.afterCall(s, t, f);
    else afterCall(this.ctx, s, f);
  }

  private pushOp(s: State, t: number, f: Frame, instr: Instr): void {
    const th = s.threads[t];
    const current = threadCurrent(this.ctx, s, t);
    if (this.lx) return this.pushListingOp(s, t, f, instr, current);
    let op: Frame | undefined;
    switch (instr.op) {
      case 'add': op = opFrame('add', 'add.load', taskOf(instr.task, current)); op.work = evalExpr(this.ctx, s, instr.work, f); break;
      case 'cancel_func': case 'cancel_match': op = opFrame(instr.op, 'cancel.peek', taskOf(instr.task, current)); break;
      case 'cancel': op = opFrame('cancel', 'cancel.peek', taskOf(instr.task, current)); op.h = evalExpr(this.ctx, s, instr.work, f); break;
      case 'run': op = opFrame('run', 'run.load', current); break;
      case 'exit': op = opFrame('exit', 'exit.flag', current); break;
      case 'resume': op = opFrame('resume', resumeStart(this.ctx), current); break;
      default: return;
    }
    th?.frames.push(op);
  }

  /** The op frame of an API call that the variant's listing runs. */
  private pushListingOp(s: State, t: number, f: Frame, instr: Instr, current: number): void {
    const th = s.threads[t];
    const lx = this.lx;
    if (!th || !lx) return;
    let op: Frame;
    let work = 0;
    switch (instr.op) {
      case 'add': op = opFrame('add', 'add.load', instr.task); work = evalExpr(this.ctx, s, instr.work, f); break;
      case 'cancel_func': case 'cancel_match': op = opFrame(instr.op, 'cancel.peek', instr.task); break;
      case 'cancel': op = opFrame('cancel', 'cancel.peek', instr.task); work = evalExpr(this.ctx, s, instr.work, f); break;
      case 'run': op = opFrame('run', 'run.load', current); break;
      case 'exit': op = opFrame('exit', 'exit.flag', current); break;
      case 'resume': op = opFrame('resume', 'resume.clear', current); break;
      default: return;
    }
    th.frames.push(op);
    // On a CPU the call starts with its first step: the CPU may switch tasks before the interrupt comes.
    if (this.program.threads[t]?.cpu !== undefined) op.work = work;
    else lx.start(s, t, th, op, instr, work);
  }
}

/**
 * The innermost frame, or undefined on an empty stack. Never frames[-1]: V8 looks a negative index
 * up as a property name through the prototype chain, a slow path on every thread's last return.
 */
function topFrame(frames: readonly Frame[]): Frame | undefined {
  const n = frames.length;
  return n > 0 ? frames[n - 1] : undefined;
}

/** An operation's task: `current` (-1) is the thread's current when the call starts. */
function taskOf(task: number, current: number): number {
  return task < 0 ? current : task;
}
