// Machine state: plain, cloneable data. Shared memory (tasks, heap cells), ghost bookkeeping per
// work (for the violation checks), and each thread's stack of frames.
import { ViolationKind } from './program';
import type { MThread, MFrame } from './listingCode';

/** Every atomic step has a stable label (model.md §2); breakpoints, traces and tests use them. */
export const STEP_LABELS = [
  'add.load', 'add.check', 'add.link', 'add.cas', 'add.notify',
  'cancel.peek', 'cancel.lock', 'cancel.load', 'cancel.match', 'cancel.step', 'cancel.cas', 'cancel.unlock',
  'run.load', 'run.check', 'run.cas', 'run.xchg', 'run.store', 'run.lock', 'run.unlock', 'run.next', 'run.call',
  'run.exited',
  'exit.flag', 'resume.clear', 'resume.check',
  'sched.switch', 'irq.work',
  'free', 'alloc', 'set', 'assert', 'wait', 'branch',
] as const;
export type StepLabel = (typeof STEP_LABELS)[number];

/** Operation frames: what an API call is executing (exit and resume continue into run's steps). */
export type OpKind = 'add' | 'cancel_func' | 'cancel' | 'cancel_match' | 'run' | 'exit' | 'resume'
  /** A CPU's deferred irq_work: the listing's handler (function index in `h`), run by the CPU's thread. */
  | 'irq';

/** struct task_struct, reduced to what task_work touches. */
export interface TaskState {
  /** The list head: NULL, a work's address, or WORK_EXITED. */
  taskWorks: number;
  /** Thread index holding pi_lock, or -1. */
  lockHolder: number;
  exiting: boolean;        // PF_EXITING
  notifyResume: boolean;   // TIF_NOTIFY_RESUME
  notifySignal: boolean;   // TIF_NOTIFY_SIGNAL
  /** exit_task_work() has returned: nothing will run this task's works again. */
  exited: boolean;
}

/** The memory at one work address. */
export interface Cell {
  /** Work (declaration index) living here now, or -1 when free. */
  work: number;
  /** The last work that lived here, to name a use-after-free. */
  last: number;
  next: number;
  /** func as a value (funcValue(id)) or NULL. */
  func: number;
  /** 3.5's hlist: the address of the link that points here (a task head or the previous work's next), or NULL. */
  pprev: number;
}

export type WorkLife = 'unallocated' | 'idle' | 'pending' | 'detached' | 'running' | 'ran' | 'cancelled' | 'freed';

/** Ghost state of one declared work: never read by the algorithm, only by the checks and the views. */
export interface WorkGhost {
  life: WorkLife;
  adds: number;
  runs: number;
  cancels: number;
  /** A cancel returned this work and it was not added again since. */
  cancelledSinceAdd: boolean;
  /** Task it was last added to, or -1. */
  task: number;
}

/** One frame of a thread's stack. Code frames run .tw statements; op frames run an API call. */
export interface Frame {
  kind: 'code' | 'op';
  /** code: block index and next instruction. */
  block: number;
  pc: number;
  locals: number[];
  /** code: the callback_head a callback was called with (0 elsewhere). */
  cb: number;
  /** op: which call, its next atomic step, the task it acts on. */
  op: OpKind;
  label: StepLabel;
  task: number;
  /** op: the C locals of the operation (model listing names). pprev < 0 means &tasks[-pprev-1].task_works. */
  h: number;
  work: number;
  pprev: number;
  next: number;
  head: number;
  ret: number;
  /** op, when the variant is a listing: the listing's own call stack for this API call. */
  m: MThread | null;
  /**
   * op, when the variant is a listing: the listing's next step takes a lock or waits one out
   * (lock, unlock_wait), and `lock` is that lock's address. Set as each step ends (by the generated
   * code where it stops, listingStepCode.ts; by ListingOps.sync after the generic interpreter),
   * so that canMove, asked of every thread on every step, reads a flag rather than the call stack.
   * Derived from `m` (never part of a state's key); false and 0 everywhere else.
   */
  wait: boolean;
  lock: number;
}

export interface ThreadState {
  frames: Frame[];
  done: boolean;
  /** What the thread's last API call returned (for names like `adder [done: returned 0]`), or null. */
  lastReturn: number | null;
}

export interface Violation {
  kind: ViolationKind;
  message: string;
  /** 1-based step number in the trace (0 = found at the end). */
  step: number;
  /** Thread index, or -1 at the end. */
  thread: number;
  label: StepLabel | 'end';
  /** Declaration indices of the works involved. */
  works: number[];
}

export interface State {
  tasks: TaskState[];
  /** Per declared CPU, the task it runs now (its `current`): context_switch changes it. */
  cpus: number[];
  cells: Cell[];
  works: WorkGhost[];
  threads: ThreadState[];
  /** Atomic steps taken by the threads so far (spins included). */
  steps: number;
  violations: Violation[];
  /** Keys of violations already reported, so a livelock does not report the same thing forever. */
  reported: string[];
  finished: boolean;
}

// Explicit field copies rather than object spread: cloning is the explorer's hot path and V8
// copies a literal with known fields several times faster than a spread.
function cloneFrame(f: Frame): Frame {
  return {
    kind: f.kind, block: f.block, pc: f.pc, locals: f.locals.slice(), cb: f.cb,
    op: f.op, label: f.label, task: f.task, h: f.h, work: f.work, pprev: f.pprev, next: f.next, head: f.head, ret: f.ret,
    m: f.m ? cloneMThread(f.m) : null, wait: f.wait, lock: f.lock,
  };
}

/** cloneFrame without the listing call stack (m: null; the caller sets it). */
function cloneFrameFields(f: Frame): Frame {
  return {
    kind: f.kind, block: f.block, pc: f.pc, locals: f.locals.slice(), cb: f.cb,
    op: f.op, label: f.label, task: f.task, h: f.h, work: f.work, pprev: f.pprev, next: f.next, head: f.head, ret: f.ret,
    m: null, wait: f.wait, lock: f.lock,
  };
}

// The frames array as a literal (or a slice): packed elements, as startCall's. An array made by
// `new Array(n)` is holey, and every frames[n - 1] of the step code would then meet two elements kinds.
function cloneMThread(m: MThread): MThread {
  const fs = m.frames;
  if (fs.length === 1) return { done: m.done, ret: m.ret, frames: [cloneMFrame(fs[0] as MFrame)] }; // most calls are one frame deep
  const frames = fs.slice();
  for (let i = 0; i < fs.length; i++) frames[i] = cloneMFrame(fs[i] as MFrame);
  return { done: m.done, ret: m.ret, frames };
}

function cloneMFrame(x: MFrame): MFrame {
  const c: MFrame = { fn: x.fn, pc: x.pc, dst: x.dst, slots: x.slots.slice() };
  if (x.taint) c.taint = x.taint.slice(); // the LKMM's dependencies (each entry is never mutated)
  if (x.ctrl) c.ctrl = x.ctrl; // replaced, never mutated
  return c;
}

function cloneTask(t: TaskState): TaskState {
  return { taskWorks: t.taskWorks, lockHolder: t.lockHolder, exiting: t.exiting, notifyResume: t.notifyResume, notifySignal: t.notifySignal, exited: t.exited };
}

function cloneCell(c: Cell): Cell {
  return { work: c.work, last: c.last, next: c.next, func: c.func, pprev: c.pprev };
}

function cloneGhost(w: WorkGhost): WorkGhost {
  return { life: w.life, adds: w.adds, runs: w.runs, cancels: w.cancels, cancelledSinceAdd: w.cancelledSinceAdd, task: w.task };
}

/** Deep copy; cheap because everything is small arrays of small objects. */
export function cloneState(s: State): State {
  return {
    tasks: s.tasks.map(cloneTask),
    cpus: s.cpus.slice(),
    cells: s.cells.map(cloneCell),
    works: s.works.map(cloneGhost),
    threads: s.threads.map(cloneThread),
    steps: s.steps,
    violations: s.violations.slice(),
    reported: s.reported.slice(),
    finished: s.finished,
  };
}

/**
 * Makes dst a deep copy of src, reusing dst's objects and arrays where their shapes allow (the
 * stateful search steps a scratch copy of a state and keeps it only when the step reached a new
 * state: most steps reach a known one, and reusing the scratch leaves nothing for the collector).
 * Afterwards dst shares nothing mutable with src, exactly as after cloneState.
 */
export function copyStateInto(dst: State, src: State): void {
  copyArray(dst.tasks, src.tasks, copyTask, cloneTask);
  copyValues(dst.cpus, src.cpus);
  copyArray(dst.cells, src.cells, copyCell, cloneCell);
  copyArray(dst.works, src.works, copyGhost, cloneGhost);
  copyArray(dst.threads, src.threads, copyThread, cloneThread);
  dst.steps = src.steps;
  copyValues(dst.violations, src.violations);
  copyValues(dst.reported, src.reported);
  dst.finished = src.finished;
}

/** dst[i] = src[i] for every i, dst cut or grown to src's length (elements never mutated: shared, as slice() would). */
function copyValues<T>(dst: T[], src: readonly T[]): void {
  const n = src.length;
  if (dst.length > n) dst.length = n;
  for (let i = 0; i < n; i++) dst[i] = src[i] as T;
}

/** Copies each element into dst's element at the same place, or clones it where dst has none. */
function copyArray<T>(dst: T[], src: readonly T[], copy: (d: T, s: T) => T, clone: (s: T) => T): void {
  const n = src.length;
  const keep = Math.min(n, dst.length);
  for (let i = 0; i < keep; i++) dst[i] = copy(dst[i] as T, src[i] as T);
  for (let i = keep; i < n; i++) dst.push(clone(src[i] as T));
  if (dst.length !== n) dst.length = n;
}

function copyTask(d: TaskState, t: TaskState): TaskState {
  d.taskWorks = t.taskWorks; d.lockHolder = t.lockHolder; d.exiting = t.exiting;
  d.notifyResume = t.notifyResume; d.notifySignal = t.notifySignal; d.exited = t.exited;
  return d;
}

function copyCell(d: Cell, c: Cell): Cell {
  d.work = c.work; d.last = c.last; d.next = c.next; d.func = c.func; d.pprev = c.pprev;
  return d;
}

function copyGhost(d: WorkGhost, w: WorkGhost): WorkGhost {
  d.life = w.life; d.adds = w.adds; d.runs = w.runs; d.cancels = w.cancels; d.cancelledSinceAdd = w.cancelledSinceAdd; d.task = w.task;
  return d;
}

function cloneThread(t: ThreadState): ThreadState {
  return { frames: t.frames.map(cloneFrame), done: t.done, lastReturn: t.lastReturn };
}

function copyThread(d: ThreadState, t: ThreadState): ThreadState {
  copyArray(d.frames, t.frames, copyFrame, cloneFrame);
  d.done = t.done; d.lastReturn = t.lastReturn;
  return d;
}

function copyFrameFields(d: Frame, f: Frame): void {
  d.kind = f.kind; d.block = f.block; d.pc = f.pc; copyValues(d.locals, f.locals); d.cb = f.cb;
  d.op = f.op; d.label = f.label; d.task = f.task; d.h = f.h; d.work = f.work; d.pprev = f.pprev; d.next = f.next;
  d.head = f.head; d.ret = f.ret; d.wait = f.wait; d.lock = f.lock;
}

function copyFrame(d: Frame, f: Frame): Frame {
  copyFrameFields(d, f);
  d.m = f.m ? (d.m ? copyMThread(d.m, f.m) : cloneMThread(f.m)) : null;
  return d;
}

function copyMThread(d: MThread, m: MThread): MThread {
  copyArray(d.frames, m.frames, copyMFrame, cloneMFrame);
  d.done = m.done; d.ret = m.ret;
  return d;
}

function copyMFrame(d: MFrame, x: MFrame): MFrame {
  // The LKMM's optional fields: a fresh copy rather than a reused object that may carry stale ones.
  if (x.taint || x.ctrl || d.taint || d.ctrl) return cloneMFrame(x);
  d.fn = x.fn; d.pc = x.pc; d.dst = x.dst; copyValues(d.slots, x.slots);
  return d;
}

/**
 * cloneState for a state that only thread t will step (the stateful search's children): the
 * listing call stacks (MThread) of the other threads are shared with src, not copied, since a step
 * of thread t changes no other thread's call stack. Thread t's are copied. Whoever steps a thread
 * of either state afterwards must first give it its own copies (ownCallStacks).
 */
export function cloneStateFor(s: State, t: number): State {
  // Arrays by slice(), then each element replaced: packed, of their exact length, and no closure per thread.
  const ths = s.threads;
  const threads = ths.slice();
  for (let u = 0; u < ths.length; u++) {
    const th = ths[u] as ThreadState;
    const fs = th.frames;
    const frames = fs.slice();
    for (let k = 0; k < fs.length; k++) {
      const f = fs[k] as Frame;
      const c = cloneFrameFields(f);
      const m = f.m;
      if (m !== null) c.m = u === t ? cloneMThread(m) : m;
      frames[k] = c;
    }
    threads[u] = { frames, done: th.done, lastReturn: th.lastReturn };
  }
  return {
    tasks: s.tasks.map(cloneTask),
    cpus: s.cpus.slice(),
    cells: s.cells.map(cloneCell),
    works: s.works.map(cloneGhost),
    threads,
    steps: s.steps,
    violations: s.violations.slice(),
    reported: s.reported.slice(),
    finished: s.finished,
  };
}

/** copyStateInto for a state that only thread t will step: as cloneStateFor, into dst's objects. */
export function copyStateFor(dst: State, src: State, t: number): void {
  copyArray(dst.tasks, src.tasks, copyTask, cloneTask);
  copyValues(dst.cpus, src.cpus);
  copyArray(dst.cells, src.cells, copyCell, cloneCell);
  copyArray(dst.works, src.works, copyGhost, cloneGhost);
  const n = src.threads.length;
  const keep = Math.min(n, dst.threads.length);
  for (let u = 0; u < n; u++) {
    const from = src.threads[u] as ThreadState;
    const to = u < keep ? dst.threads[u] as ThreadState : { frames: [], done: false, lastReturn: null };
    if (u >= keep) dst.threads.push(to);
    const fs = from.frames;
    const ds = to.frames;
    for (let k = 0; k < fs.length; k++) {
      const f = fs[k] as Frame;
      const d = k < ds.length ? ds[k] as Frame : (ds[k] = codeFrame(0, 0, 0));
      // Never copyMThread into d.m: it may be shared with a live state.
      copyFrameFields(d, f);
      d.m = f.m ? (u === t ? cloneMThread(f.m) : f.m) : null;
    }
    ds.length = fs.length;
    to.done = from.done; to.lastReturn = from.lastReturn;
  }
  dst.threads.length = n;
  dst.steps = src.steps;
  copyValues(dst.violations, src.violations);
  copyValues(dst.reported, src.reported);
  dst.finished = src.finished;
}

/** Thread t of s gets its own copies of its listing call stacks (before it steps a state whose stacks may be shared: copyStateFor). */
export function ownCallStacks(s: State, t: number): void {
  const th = s.threads[t];
  if (!th) return;
  for (const f of th.frames) if (f.m) f.m = cloneMThread(f.m);
}

export function codeFrame(block: number, nlocals: number, cb: number): Frame {
  return {
    kind: 'code', block, pc: 0, locals: zeros(nlocals), cb,
    op: 'run', label: 'set', task: -1, h: 0, work: 0, pprev: 0, next: 0, head: 0, ret: 0, m: null, wait: false, lock: 0,
  };
}

export function opFrame(op: OpKind, label: StepLabel, task: number): Frame {
  return {
    kind: 'op', block: -1, pc: 0, locals: [], cb: 0,
    op, label, task, h: 0, work: 0, pprev: 0, next: 0, head: 0, ret: 0, m: null, wait: false, lock: 0,
  };
}

/** n zero locals, pushed: a packed array (Array.prototype.fill is a call into the runtime, and `new Array(n)` is holey). */
function zeros(n: number): number[] {
  const a: number[] = [];
  for (let i = 0; i < n; i++) a.push(0);
  return a;
}
