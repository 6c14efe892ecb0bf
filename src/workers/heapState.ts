// The core's State as a view of the shared heap: tasks, cells and work ghosts are objects whose
// fields read and write their heap words with Atomics, so the core's own machine, checks and ghost
// bookkeeping run unchanged on worker threads. Each thread's stack is its own (mutable) copy for
// the thread that owns the view, and a copy of the others' stacks, refreshed when they change.
import { State, TaskState, Cell, WorkGhost, WorkLife, ThreadState, Violation, Program } from '../core';
import { Heap } from './heap';
import { StackReader } from './stackCodec';
import {
  taskIdx, cellIdx, ghostIdx, H_STEPS, H_FINISHED, TK_HEAD, TK_LOCK, TK_EXITING, TK_RESUME, TK_SIGNAL, TK_EXITED,
  CL_WORK, CL_LAST, CL_NEXT, CL_FUNC, CL_PPREV, G_LIFE, G_ADDS, G_RUNS, G_CANCELS, G_CANCELLED, G_TASK,
} from './layout';
import { lifeCode, lifeOf } from './encoding';

class HeapWords {
  constructor(protected readonly a: Int32Array, protected readonly b: number) {}
  protected get(i: number): number { return Atomics.load(this.a, this.b + i); }
  protected set(i: number, v: number): void { Atomics.store(this.a, this.b + i, v); }
}

class HeapTask extends HeapWords implements TaskState {
  get taskWorks(): number { return this.get(TK_HEAD); }
  set taskWorks(v: number) { this.set(TK_HEAD, v); }
  get lockHolder(): number { return this.get(TK_LOCK); }
  set lockHolder(v: number) { this.set(TK_LOCK, v); }
  get exiting(): boolean { return this.get(TK_EXITING) !== 0; }
  set exiting(v: boolean) { this.set(TK_EXITING, v ? 1 : 0); }
  get notifyResume(): boolean { return this.get(TK_RESUME) !== 0; }
  set notifyResume(v: boolean) { this.set(TK_RESUME, v ? 1 : 0); }
  get notifySignal(): boolean { return this.get(TK_SIGNAL) !== 0; }
  set notifySignal(v: boolean) { this.set(TK_SIGNAL, v ? 1 : 0); }
  get exited(): boolean { return this.get(TK_EXITED) !== 0; }
  set exited(v: boolean) { this.set(TK_EXITED, v ? 1 : 0); }
}

class HeapCell extends HeapWords implements Cell {
  get work(): number { return this.get(CL_WORK); }
  set work(v: number) { this.set(CL_WORK, v); }
  get last(): number { return this.get(CL_LAST); }
  set last(v: number) { this.set(CL_LAST, v); }
  get next(): number { return this.get(CL_NEXT); }
  set next(v: number) { this.set(CL_NEXT, v); }
  get func(): number { return this.get(CL_FUNC); }
  set func(v: number) { this.set(CL_FUNC, v); }
  get pprev(): number { return this.get(CL_PPREV); }
  set pprev(v: number) { this.set(CL_PPREV, v); }
}

class HeapGhost extends HeapWords implements WorkGhost {
  get life(): WorkLife { return lifeOf(this.get(G_LIFE)); }
  set life(v: WorkLife) { this.set(G_LIFE, lifeCode(v)); }
  get adds(): number { return this.get(G_ADDS); }
  set adds(v: number) { this.set(G_ADDS, v); }
  get runs(): number { return this.get(G_RUNS); }
  set runs(v: number) { this.set(G_RUNS, v); }
  get cancels(): number { return this.get(G_CANCELS); }
  set cancels(v: number) { this.set(G_CANCELS, v); }
  get cancelledSinceAdd(): boolean { return this.get(G_CANCELLED) !== 0; }
  set cancelledSinceAdd(v: boolean) { this.set(G_CANCELLED, v ? 1 : 0); }
  get task(): number { return this.get(G_TASK); }
  set task(v: number) { this.set(G_TASK, v); }
}

/**
 * A State whose shared part is the heap. `own` is the thread whose stack this view owns (-1: the
 * controller, which owns none); sync() brings the others' stacks and the violation log up to date
 * (each thread's object is updated in place, as the core's are), publish() writes the owned stack
 * and the violations this view reported.
 */
export class HeapState implements State {
  readonly tasks: TaskState[];
  readonly cells: Cell[];
  readonly works: WorkGhost[];
  readonly threads: ThreadState[] = [];
  /** No CPUs: a scenario that declares any runs on the core engine only (sessionStart, cli/run). */
  readonly cpus: number[] = [];
  violations: Violation[] = [];
  reported: string[] = [];
  private readonly versions: number[] = [];
  private readonly reader: StackReader;

  constructor(readonly heap: Heap, program: Program, readonly own: number) {
    this.reader = new StackReader(heap.labels, heap.frameIds);
    const L = heap.L, a = heap.i32;
    this.tasks = program.tasks.map((_, i) => new HeapTask(a, taskIdx(L, i, 0)));
    this.cells = Array.from({ length: program.slots }, (_, i) => new HeapCell(a, cellIdx(L, i, 0)));
    this.works = program.works.map((_, i) => new HeapGhost(a, ghostIdx(L, i, 0)));
    for (let t = 0; t < program.threads.length; t++) { this.threads.push({ frames: [], done: true, lastReturn: null }); this.versions.push(-1); }
  }

  get steps(): number { return this.heap.ld(H_STEPS); }
  set steps(v: number) { this.heap.st(H_STEPS, v); }
  get finished(): boolean { return this.heap.ld(H_FINISHED) !== 0; }
  set finished(v: boolean) { this.heap.st(H_FINISHED, v ? 1 : 0); }

  /** Re-reads every stack, the owned one included (after a restore wrote the whole heap). */
  reload(): void {
    this.versions.fill(-1);
    this.violations = []; // re-read even when a restored log has as many entries as the one before
    this.reported = [];
    this.sync(true);
  }

  /** Brings the other threads' stacks and the violation log up to date. */
  sync(all = false): void {
    for (let t = 0; t < this.threads.length; t++) {
      if (t === this.own && !all) continue;
      const v = this.heap.threadVersion(t);
      if (v === this.versions[t]) continue;
      const th = this.threads[t];
      if (th) this.heap.readThread(t, this.reader, th);
      this.versions[t] = v;
    }
    if (this.heap.violationCount() !== this.violations.length) {
      this.violations = this.heap.violations();
      this.reported = this.violations.map(violationKey);
    }
  }

  /** Writes the owned stack, and appends what this view reported to the shared log. */
  publish(logged: number): void {
    if (this.own >= 0) {
      const th = this.threads[this.own];
      if (th) this.heap.writeThread(this.own, th);
      this.versions[this.own] = this.heap.threadVersion(this.own);
    }
    for (let i = logged; i < this.violations.length; i++) {
      const v = this.violations[i];
      if (v) this.heap.report(v.kind, v.message, v.step, v.thread, v.label, v.works);
    }
  }
}

export function violationKey(v: Violation): string { return `${v.kind}|${v.label}|${v.works.join(',')}`; }
