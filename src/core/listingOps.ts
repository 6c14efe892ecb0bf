// API calls executed by a compiled listing (a shipped one, a historical one or the user's own file):
// the op frame carries the listing's call stack, each atomic step runs through the interpreter over
// a port that watches for what the checks need (use-after-free, the linearization points of add,
// cancel and the run's detach), and footprints come from the listing's own accesses.
import { Instr, NULL, WORK_EXITED, slotOfAddress, funcValue, funcOfValue } from './program';
import { Ctx, StepOut, report, threadName, taskName, threadCurrent } from './context';
import { State, Frame, StepLabel, ThreadState, cloneState } from './state';
import { Access, AccessSink, taskHead, taskLock, taskFlags, cellObj, cpuObj } from './footprint';
import { MemoryPort, MemoryFor } from './memoryPort';
import { WatchedMemory, LinkWrite } from './watchedMemory';
import { WeakWatchedMemory } from './weakPort';
import { WeakMemory } from './weakMemory';
import { DepTracer } from './weakTrace';
import { taskPtr, TASK_FIELDS, NOTIFY_MODE_VALUES, CPU_BASE, workWord, workBase, W_NEXT } from './address';
import { Listing, LocalFn } from './listingCode';
import { MThread, MFrame, InterpHost, StepResult, startCall, step, settle, nextInstr, newResult, topOf } from './interp';
import { stepAccessesInto, AccessLog } from './listingAccesses';
import { FastCode, fastCodeOf, stepFast, settleFast, stepAccessesFast, fastPath } from './listingFast';
import { clearDeadTemps, deadTempsOf, DeadTemps } from './deadTemps';
import { evalExpr } from './expr';
import { onAdded, onCancelled, onDetached, onCalled, onReturned, checkCycle, liveWorkAt } from './ghost';
import { isCircularListing } from './circularProbe';
import { StepNote, notesOf, restOf, decided, BY_ACCESS, DECIDES, SHOWS_LOCAL } from './listingNotes';

/** Pointer values standing for the scenario's match predicates (no function or object lives there). */
const MATCH_BY_FUNC = 0x7fff;
const MATCH_BY_NODE = 0x7ffe;
const MATCH_PRED = 0x7ffd;

const TASK_WORKS = 0;
const FLAGS = TASK_FIELDS.indexOf('flags');

/** The functions a scenario's API calls enter, chosen once per listing (kernel versions name them differently). */
export interface Entries { cancelFunc: 'func' | 'match' | 'legacy' | 'none'; cancelNode: 'node' | 'match' | 'none' }

function has(listing: Listing, name: string, params: number): boolean {
  const i = listing.byName.get(name);
  return i !== undefined && listing.functions[i]?.params === params;
}

export function entriesOf(listing: Listing): Entries {
  const match = has(listing, 'task_work_cancel_match', 3);
  // Before 6.11, task_work_cancel(task, func) cancelled by func; from 6.11 on, by node (and _func by func).
  const modern = has(listing, 'task_work_cancel_func', 2);
  return {
    cancelFunc: modern ? 'func' : match ? 'match' : has(listing, 'task_work_cancel', 2) ? 'legacy' : 'none',
    cancelNode: modern && has(listing, 'task_work_cancel', 2) ? 'node' : match ? 'match' : 'none',
  };
}

/** What a ListingOps needs of its listing beyond the code, computed once per listing (a Machine is made per explore). */
interface Derived {
  entries: Entries; workSlot: number[]; circular: boolean;
  /** Per function, per pc: 1 at a lock or unlock_wait (the only steps that may wait), 2 at `work->func(work)`. */
  kinds: Uint8Array[];
  /** Per function, per pc: the label of the step starting there (sync: the frame's label without reading the instruction). */
  labels: string[][];
}

/**
 * The one copy V8 keeps of a string's text (a property name is one): labels compared with ===
 * (breakpoints, the explorer's next labels) are then told apart by address, not by their characters.
 */
function interned(text: string): string {
  return Object.keys({ [text]: 0 })[0] ?? text;
}
const WAITS = 1;
const CALLS = 2;
const DERIVED = new WeakMap<Listing, Derived>();

function derivedOf(listing: Listing): Derived {
  let d = DERIVED.get(listing);
  if (!d) {
    d = {
      entries: entriesOf(listing),
      workSlot: listing.functions.map((fn) => fn.slots.findIndex((x) => x.name === 'work')),
      circular: isCircularListing(listing),
      labels: listing.functions.map((fn) => fn.code.map((i) => interned(i.label))),
      kinds: listing.functions.map((fn) => Uint8Array.from(fn.code, (i) => (i.op === 'lock' || i.op === 'unlockWait' ? WAITS : i.op === 'callback' ? CALLS : 0))),
    };
    DERIVED.set(listing, d);
  }
  return d;
}

export class ListingOps {
  private readonly port: WatchedMemory;
  private readonly out: StepResult = newResult();
  private readonly log = new AccessLog();
  private readonly dead: DeadTemps;
  /** Per function, the slot of its local `work` (-1 without one): the ghost state names the work it holds. */
  private readonly workSlot: number[];
  /** Per thread, the task it runs as (its `current`), or -1. */
  private readonly own: number[];
  private readonly entries: Entries;
  /** derivedOf's kinds: what a frame's next instruction is, without reading the instruction (a hot path). */
  private readonly kinds: Uint8Array[];
  private readonly labels: string[][];
  /** Per function, per step start: how the step annotates its trace event (listingNotes.ts). */
  private readonly notes: (StepNote | undefined)[][];
  /** The state, thread and frames the host callbacks of the current step see. */
  private get s(): State { return this.port.s; } // the port's: one store of the state per step, not two
  /**
   * The thread of the current step whose op frame (its innermost frame) the predicate looks under
   * for the statement that called the API; -1 for none. An index, not the thread itself: a young
   * object stored into this long-lived one on every step costs a call into V8's write barrier.
   */
  private callerOf = -1;
  private readonly host: InterpHost;
  /** The listing's generated code (listingFast.ts); undefined under the LKMM, whose tracer needs the generic interpreter. */
  private readonly fast: FastCode | undefined;

  /**
   * The list is a circle whose head is the newest work (Linux 3.6: a listing with an `add.append`
   * step). An add then publishes its work once at the append and again at the head, a cancel of the
   * newest unlinks it and then moves the head: each counts once; and the circle is no cycle to report.
   */
  private readonly circular: boolean;

  /** `memoryFor`: the memory holding the shared words (default: the plain state's); `weak`: the LKMM memory (its port and dependency tracer are chosen here, once per run). */
  constructor(private readonly ctx: Ctx, readonly listing: Listing, memoryFor?: MemoryFor, private readonly weak?: WeakMemory) {
    const d = derivedOf(listing);
    this.circular = d.circular;
    if (weak) {
      const port = new WeakWatchedMemory(memoryFor);
      port.weak = weak;
      this.port = port;
    } else this.port = new WatchedMemory(memoryFor);
    this.port.ctx = ctx;
    this.entries = d.entries;
    this.kinds = d.kinds;
    this.labels = d.labels;
    this.notes = notesOf(listing);
    this.dead = deadTempsOf(listing);
    this.workSlot = d.workSlot;
    this.own = ctx.program.threads.map((x) => x.current);
    this.host = {
      callPointer: (v, args, port) => this.predicate(v, args, port),
      warn: (line) => report(this.s, 'assertion', `${threadName(ctx, this.port.t)}: WARN_ON_ONCE fired at line ${line} of ${listingName(ctx)}`, this.port.t, this.port.label, []),
      irqCpu: (tid) => ctx.program.threads[tid]?.cpu ?? -1,
      ...(weak ? { trace: new DepTracer(weak) } : {}),
    };
    this.fast = this.host.trace || !fastPath.enabled ? undefined : fastCodeOf(listing);
  }

  private bind(s: State, t: number, th: ThreadState | undefined, f: Frame): WatchedMemory {
    this.port.at(s);
    this.port.t = t;
    this.port.label = f.label;
    this.port.nLinks = 0;
    this.port.value = 0;
    this.port.ok = -1;
    this.out.callback = null; // the generic interpreter's settle stops at a callback it sees set
    this.callerOf = th ? t : -1; // th is s.threads[t] and f its innermost frame wherever th is given
    return this.port;
  }

  /** The code frame under the current op frame (the statement that called the API). */
  private caller(): Frame | undefined {
    const th = this.callerOf >= 0 ? this.s.threads[this.callerOf] : undefined;
    const n = th ? th.frames.length : 0;
    return th && n > 1 ? th.frames[n - 2] : undefined;
  }

  /** The scenario's match predicates, called by the listing through a function pointer. */
  private predicate(v: number, args: number[], port: MemoryPort): number {
    const cb = args[0] ?? NULL;
    if (v === MATCH_BY_NODE) return cb === args[1] ? 1 : 0; // by identity: no memory read
    if (v === MATCH_BY_FUNC) return port.load(cb + 1, 'once') === args[1] ? 1 : 0;
    if (v === MATCH_PRED) {
      const caller = this.caller();
      const instr = caller ? this.ctx.program.blocks[caller.block]?.instrs[caller.pc] : undefined;
      if (instr?.op === 'cancel_match') {
        port.load(cb + 1, 'once'); // the predicate looks at the work: a use-after-free shows here
        return evalExpr(this.ctx, this.s, instr.pred, caller, cb) !== 0 ? 1 : 0;
      }
    }
    return 0;
  }

  /** Starts the listing function an API statement calls; the frame's label is its first step. */
  start(s: State, t: number, th: ThreadState | undefined, f: Frame, instr: Instr, work: number): void {
    const current = threadCurrent(this.ctx, s, t);
    const cur = current >= 0 ? taskPtr(current) : NULL;
    if (f.task < 0) f.task = current; // `current` as the task argument (an on(CPU) thread's call)
    const task = taskPtr(f.task);
    let m: MThread;
    switch (instr.op) {
      case 'add': m = startCall(this.listing, 'task_work_add', cur, [task, work, NOTIFY_MODE_VALUES[instr.mode] ?? 0]); break;
      case 'cancel_func': {
        const e = this.entries.cancelFunc;
        m = e === 'func' ? startCall(this.listing, 'task_work_cancel_func', cur, [task, funcValue(instr.func)])
          : e === 'legacy' ? startCall(this.listing, 'task_work_cancel', cur, [task, funcValue(instr.func)])
          : startCall(this.listing, 'task_work_cancel_match', cur, [task, MATCH_BY_FUNC, funcValue(instr.func)]);
        break;
      }
      case 'cancel':
        m = this.entries.cancelNode === 'node' ? startCall(this.listing, 'task_work_cancel', cur, [task, work])
          : startCall(this.listing, 'task_work_cancel_match', cur, [task, MATCH_BY_NODE, work]);
        break;
      case 'cancel_match': m = startCall(this.listing, 'task_work_cancel_match', cur, [task, MATCH_PRED, 0]); break;
      case 'run': m = startCall(this.listing, 'task_work_run', cur, []); break;
      case 'exit': m = startCall(this.listing, 'do_exit', cur, []); break;
      default: m = startCall(this.listing, 'resume_user_mode_work', cur, []); break;
    }
    f.m = m;
    f.work = work;
    this.settle(f, m, t, this.bind(s, t, th, f));
    this.sync(f);
  }

  /**
   * A call that starts with its first step rather than when the thread reaches it: an `on(CPU)`
   * thread's API call and a CPU's irq_work, whose `current` is the task the CPU runs at that step.
   */
  private startDeferred(s: State, t: number, th: ThreadState, f: Frame, instr: Instr | undefined): void {
    if (f.op !== 'irq') { if (instr) this.start(s, t, th, f, instr, f.work); return; }
    const name = this.listing.functions[f.h]?.name ?? '';
    f.m = startCall(this.listing, name, taskPtr(threadCurrent(this.ctx, s, t)), [NULL]);
    this.settle(f, f.m, t, this.bind(s, t, th, f));
    this.sync(f);
  }

  /** The first step of a deferred call (startDeferred): starts it, then takes its first step; returns that step's label. */
  begin(s: State, t: number, th: ThreadState, f: Frame, instr: Instr | undefined, out: StepOut): StepLabel {
    this.startDeferred(s, t, th, f, instr);
    const label = f.label;
    if (f.m && !f.m.done) this.step(s, t, th, f, out);
    else this.finishIfDone(f, out); // it returned before any shared access (-EINVAL, an empty handler)
    return label;
  }

  /** The footprint of a deferred call's first step: the CPU's current it reads (and the irq_work it claims back), then the step's own accesses. */
  footprintDeferred(s: State, t: number, instr: Instr | undefined): Access[] {
    const copy = cloneState(s); // starting runs the call's local code, which may report: never on the real state
    const th = copy.threads[t];
    const f = th?.frames[th.frames.length - 1];
    const decl = this.ctx.program.threads[t];
    const cpu = decl?.cpu ?? decl?.irqOf ?? -1;
    if (!th || !f) return [];
    this.startDeferred(copy, t, th, f, instr);
    const out = f.m && !f.m.done ? this.footprint(copy, t, th, f) : [];
    if (cpu >= 0) addAccess(out, cpuObj(this.ctx, cpu), f.op === 'irq' ? 'write' : 'read');
    return out;
  }

  /** Runs the listing's local code up to its next step (generated code, or the generic interpreter); `f`: the op frame. */
  private settle(f: Frame, m: MThread, t: number, port: MemoryPort): void {
    if (this.fast) settleFast(this.fast, m, t, port, this.host, this.out, f);
    else settle(this.listing, m, t, port, this.host, this.out);
  }

  /**
   * Keeps the frame's label on the step the listing takes next. The generated code has done so
   * where it stopped (and cleared the dead temporaries there); the generic interpreter's is read here.
   */
  private sync(f: Frame): void {
    const m = f.m;
    if (!m || this.fast) return;
    clearDeadTemps(this.dead, m);
    const top = topOf(m);
    const label = top ? this.labels[top.fn]?.[top.pc] : undefined;
    if (label !== undefined) f.label = label as StepLabel;
    // Whether the next step may wait, and for which lock: canMove reads these (Frame.wait).
    const wait = top !== undefined && !m.done && this.kinds[top.fn]?.[top.pc] === WAITS;
    f.wait = wait;
    const i = wait && top ? this.listing.functions[top.fn]?.code[top.pc] : undefined;
    f.lock = i && top ? i.addr(top.slots) : 0;
  }

  /** Whether an op frame whose next step may wait (f.wait) can take it: its lock (f.lock) is free. */
  canMove(s: State, f: Frame): boolean {
    return !this.port.at(s).isLocked(f.lock);
  }

  /** One atomic step of the listing; reports through `out` as the built-in step functions do. */
  step(s: State, t: number, th: ThreadState, f: Frame, out: StepOut): void {
    const fast = this.fast;
    if (fast === undefined) return this.stepGeneric(s, t, th, f, out);
    // bind() and finishIfDone() written out: this runs on every step. The generated code
    // sets port.calling and names the step it stops before in f (label, wait, lock); there is no
    // LKMM memory here (its tracer needs the generic interpreter).
    const m = f.m as MThread;
    const port = this.port;
    port.at(s);
    port.t = t;
    port.label = f.label;
    port.nLinks = 0;
    port.value = 0;
    port.ok = -1;
    this.callerOf = t;
    const n = m.frames.length;
    const top = n > 0 ? m.frames[n - 1] as MFrame : undefined; // the function the step starts in (it may return within the step)
    const r = stepFast(fast, m, t, port, this.host, this.out, f);
    if (port.nLinks !== 0) this.ghost(s, t, f, port.links, port.nLinks, top); // most steps write no list link
    out.value = port.value;
    out.ok = port.ok;
    const note = r.note; // the step's generated code names its note (and read the local a decision tests)
    if (note !== null) annotate(note, r.tested, m, top as MFrame, n, out);
    if (r.runaway) this.runaway(s, t, r.line);
    const cb = r.callback as StepResult['callback']; // set by the code it ran
    if (cb !== null) { port.calling = false; return this.call(s, t, f, cb.work, cb.func, out); }
    if (m.done) { f.wait = false; out.done = true; out.ret = this.returned(s, f); }
  }

  /** step() on the generic interpreter (the LKMM's, whose tracer watches every instruction). */
  private stepGeneric(s: State, t: number, th: ThreadState, f: Frame, out: StepOut): void {
    const m = f.m as MThread;
    const port = this.bind(s, t, th, f);
    if (this.weak) this.weak.thread = t; // a branch before the step's first access knows its thread
    const top = topOf(m); // the function the step starts in (it may return within the step)
    const n = m.frames.length;
    port.calling = top !== undefined && this.kinds[top.fn]?.[top.pc] === CALLS;
    const note = top !== undefined ? this.notes[top.fn]?.[top.pc] : undefined;
    const tested = note !== undefined && top !== undefined && note.kind === DECIDES ? (note.subject as LocalFn)(top.slots) : 0;
    const r = step(this.listing, m, t, port, this.host, this.out);
    port.calling = false;
    if (port.nLinks !== 0) this.ghost(s, t, f, port.links, port.nLinks, top);
    out.value = port.value;
    out.ok = port.ok;
    if (note !== undefined && note.kind !== BY_ACCESS) annotate(note, tested, m, top as MFrame, n, out);
    if (r.runaway) this.runaway(s, t, r.line);
    if (r.callback) return this.call(s, t, f, r.callback.work, r.callback.func, out);
    this.finishIfDone(f, out);
  }

  /** The step ran away; named by the label it started at (the port's: the generated code has already moved the frame's). */
  private runaway(s: State, t: number, line: number): void {
    report(s, 'step-limit', `${threadName(this.ctx, t)}: a loop of ${listingName(this.ctx)} ran without a shared access at line ${line} (a livelock?)`, t, this.port.label, []);
    s.finished = true;
  }

  /** work->func(work): the callback's .tw body runs as this thread's steps, then the listing goes on. */
  private call(s: State, t: number, f: Frame, work: number, func: number, out: StepOut): void {
    out.value = work;
    const id = funcOfValue(func);
    f.work = work;
    if (id < 0) {
      const what = work === WORK_EXITED ? '&work_exited (task_work_run after exit_task_work)' : 'a work with a NULL func';
      report(s, 'null-func-call', `${threadName(this.ctx, t)} calls the NULL func of ${what} on ${taskName(this.ctx, f.task)}`, t, f.label, []);
    }
    onCalled(this.ctx, s, t, work);
    if (id >= 0 && this.ctx.program.funcs[id]) { out.call = id; return; }
    this.afterCall(s, t, f, out);
  }

  /** The callback returned: the listing continues to its next step. */
  afterCall(s: State, t: number, f: Frame, out?: StepOut): void {
    onReturned(s, f.work);
    // Under a listing the frame's work is the add's or cancel's argument, or else only the work
    // being called: dead once it returns (the listing keeps its own `work`). Left set, it would
    // tell apart states that differ only in which work the run called last (the explorer would
    // count them twice; the built-in steps' run moves on to next).
    if (f.op !== 'add' && f.op !== 'cancel' && f.op !== 'cancel_func' && f.op !== 'cancel_match') f.work = NULL;
    if (!f.m) return;
    this.settle(f, f.m, t, this.bind(s, t, undefined, f));
    this.sync(f);
    if (out) this.finishIfDone(f, out);
  }

  private finishIfDone(f: Frame, out: StepOut): void {
    if (!f.m?.done) return this.sync(f);
    f.wait = false; // the call returned: nothing left to wait for
    out.done = true;
    out.ret = this.returned(this.s, f);
  }

  /** What the finished call returns to the scenario (and the end of exit_task_work for do_exit). */
  returned(s: State, f: Frame): number {
    const m = f.m as MThread;
    if (f.op === 'exit') { const task = s.tasks[f.task]; if (task) task.exited = true; } // exit_task_work() has returned
    // task_work_cancel by node answers whether it found the node; the match form returns the node.
    return f.op === 'cancel' && this.entries.cancelNode !== 'node' ? (m.ret !== NULL ? 1 : 0) : m.ret;
  }

  /** The linearization points, from the links the step wrote and the operation it belongs to. */
  private ghost(s: State, t: number, f: Frame, links: readonly LinkWrite[], n: number, top: MFrame | undefined): void {
    const label = this.port.label; // the step's (the generated code has already moved the frame's to the next step)
    for (let k = 0; k < n; k++) {
      const w = links[k] as LinkWrite;
      if (f.op === 'add') {
        if (w.value !== f.work || w.addr === f.work) continue; // link(work) itself publishes nothing
        if (this.circular && w.addr < 0 && this.ghostOf(s, f.work) === 'pending') continue; // add.append published it
        onAdded(this.ctx, s, t, label, f.work, f.task);
        if (!this.circular) checkCycle(this.ctx, s, t, label, f.task);
      } else if (f.op === 'cancel' || f.op === 'cancel_func' || f.op === 'cancel_match') {
        if (slotOfAddress(w.old) < 0 || w.old === w.value) continue;
        if (this.circular && w.addr < 0 && this.ghostOf(s, w.old) === 'cancelled') continue; // cancel.unlink took it out
        onCancelled(s, w.old);
        if (!this.circular) checkCycle(this.ctx, s, t, label, f.task);
      } else if (w.addr < 0) {
        // The run detached a chain: the batch is what it holds in `work` (or what it swapped out).
        const held = this.heldWork(top);
        onDetached(s, held ?? w.old);
        // A detach by CAS shows the chain it took (the value it replaced), as a detach by xchg does:
        // the trace of a run names its batch; an add's or a cancel's CAS shows the link it leaves.
        if (this.port.ok === 1) this.port.value = w.old;
      }
    }
  }

  private ghostOf(s: State, addr: number): string | undefined {
    return s.works[liveWorkAt(s, addr)]?.life;
  }

  /** The local `work` of a listing frame (the work it holds). */
  private heldWork(top: MFrame | undefined): number | undefined {
    const i = top ? this.workSlot[top.fn] ?? -1 : -1;
    return top && i >= 0 ? top.slots[i] : undefined;
  }

  /** What the next step touches, from the listing's accesses, plus the works whose ghost state it changes. */
  footprint(s: State, t: number, th: ThreadState, f: Frame): Access[] {
    const out: Access[] = [];
    this.footprintInto(s, t, th, f, { add: (obj, kind) => addAccess(out, obj, kind) });
    return out;
  }

  /** footprint()'s accesses handed to `out` one by one, in the same order (repeats included). */
  footprintInto(s: State, t: number, _th: ThreadState, f: Frame, out: AccessSink): void {
    if (!f.m || f.m.done) return;
    // Only what the walk and the match predicate read (the state, the thread whose op frame f is
    // innermost, the memory): the rest of bind() is the step's watch, and the walk reads past it.
    this.callerOf = t;
    const mem = this.port.at(s);
    const log = this.log;
    if (this.fast) stepAccessesFast(this.fast, this.listing, f.m, t, mem, this.host, log);
    else stepAccessesInto(this.listing, f.m, t, mem, this.host, log);
    const own = this.own[t] ?? -1;
    for (let n = 0; n < log.n; n++) {
      const addr = log.addrs[n] as number;
      const kind = log.kinds[n] as Access['kind'];
      if (addr <= CPU_BASE) { out.add(cpuObj(this.ctx, CPU_BASE - addr), kind); continue; } // an irq_work queued
      if (addr < 0) {
        const k = -addr - 1; // taskFieldOf, inline: footprints are a hot path (4: TASK_FIELDS.length, address.ts says why)
        const field = k % 4;
        const task = (k - field) / 4;
        // Only a task writes its own PF_EXITING: its own read of it conflicts with nothing.
        if (field === FLAGS && kind === 'read' && task === own) continue;
        const link = kind !== 'read' && field === TASK_WORKS;
        if (link) this.ghostCells(f, out, true);
        out.add(field === TASK_WORKS ? taskHead(task) : field === 1 ? taskLock(task) : taskFlags(task), kind);
        if (link) this.ghostCells(f, out, false);
        continue;
      }
      const slot = slotOfAddress(workBase(addr));
      if (slot < 0) continue; // NULL or the sentinel's words: nothing another step writes
      const link = kind !== 'read' && workWord(addr) === W_NEXT;
      if (link) this.ghostCells(f, out, true);
      out.add(cellObj(this.ctx, slot), kind);
      if (link) this.ghostCells(f, out, false);
    }
  }

  /**
   * A link write publishes (add) or unlinks (cancel) a work: its ghost state changes, a write of its
   * cell. Named as the built-in steps list it (`before`: the call before the link's own access): an
   * add's after the link it publishes through, a cancel's before the link it rewrites (the work it
   * takes out, then the pointer to it).
   */
  private ghostCells(f: Frame, out: AccessSink, before: boolean): void {
    if (f.op === 'add') {
      if (before) return;
      const slot = slotOfAddress(f.work);
      if (slot >= 0) out.add(cellObj(this.ctx, slot), 'write');
    } else if (before && (f.op === 'cancel' || f.op === 'cancel_func' || f.op === 'cancel_match')) {
      const held = this.heldWork(f.m ? topOf(f.m) : undefined);
      const slot = held !== undefined ? slotOfAddress(held) : -1;
      if (slot >= 0) out.add(cellObj(this.ctx, slot), 'write');
    }
  }

  /** Why the next step cannot happen: the lock it takes (or waits out) is held. */
  blockedReason(s: State, t: number, f: Frame): string {
    const holder = s.tasks[f.task]?.lockHolder ?? -1;
    const i = f.m ? nextInstr(this.listing, f.m) : undefined;
    const verb = i?.op === 'unlockWait' ? 'waiting for' : 'spinning on';
    return `${verb} ${this.ctx.program.tasks[f.task]?.name}.pi_lock held by ${holder === t ? 'itself' : threadName(this.ctx, holder)}`;
  }
}

/**
 * Adds an access to a footprint list once. A read and a write (or CAS) of one object in one step are
 * listed as the write, as the built-in steps list them (run.call reads work->func and hands the work
 * to its callback: `write B`). The explorer's masks come from footprintInto, which keeps both.
 */
function addAccess(out: Access[], obj: number, kind: Access['kind']): void {
  for (const a of out) {
    if (a.obj !== obj) continue;
    if (a.kind === kind) return;
    if (a.kind === 'read' && (kind === 'write' || kind === 'cas')) { a.kind = kind; return; }
    if (kind === 'read' && (a.kind === 'write' || a.kind === 'cas')) return;
  }
  out.push({ obj, kind });
}

/** A decision's or a read's annotation (listingNotes.ts), after the step: `top` and `depth` as before it. */
function annotate(note: StepNote, tested: number, m: MThread, top: MFrame, depth: number, out: StepOut): void {
  if (note.kind === DECIDES) {
    out.value = tested;
    out.ok = decided(note, restOf(m, top, depth));
  } else if (note.kind === SHOWS_LOCAL) out.value = top.slots[note.slot] ?? 0;
}

function listingName(ctx: Ctx): string { return ctx.variant.file ?? `listing ${ctx.variant.name}`; }
