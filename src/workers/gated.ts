// Gated mode: the compiled Program runs on real worker threads, one per scenario thread, each
// waiting at an Atomics gate before every atomic step; the controller grants one step at a time,
// so a schedule replays exactly like the core engine (same events, same final State). Setup races
// with nothing: the core runs it here and its state is loaded into the heap.
import { Program, Variant, Limits, DEFAULT_LIMITS, Ctx, StepEvent, StepLabel, State, Machine } from '../core';
import { Heap } from './heap';
import { makeLayout, controlIdx, E_GATE, E_LABEL, E_VALUE, E_OK, E_HAS_RET, E_RET, E_STEP, E_BLOCKED_AT, E_FIRST,
  GATE_STEP, GATE_IDLE, GATE_FAILED, GATE_DONE, C_LOADS } from './layout';
import { WorkerMachine } from './workerMachine';
import { heapToState, stateToHeap, LiveState } from './snapshot';
import { WorkerPool, findWorkerFile, waitWhile, startPool, spinWhile } from './pool';
import { WorkerData, TestHook } from './workerData';
import { LabelTable } from './encoding';
import { listingVariantOf, sourceOf } from './listingVariant';

export interface WorkerOptions {
  limits?: Partial<Limits>;
  /** Longest one gated step (or one stress run) may take before every worker is terminated; default 5000 ms. */
  timeoutMs?: number;
  /** The worker bundle; default dist/worker.js. */
  workerFile?: string;
  /** Test-only fault injection. */
  testHook?: TestHook;
  /**
   * Warm each worker's code up before it reports ready (3,000 steps, up to 250 ms at launch):
   * worth it for a debug session's many steps, not for one short run.
   */
  warmUp?: boolean;
}

export const DEFAULT_TIMEOUT_MS = 5000;
/** What a worker was asked to do, for the message when it does not (a step's text is built only then). */
type What = string | (() => string);
/**
 * How long the controller polls a gate before it sleeps on it: a time, not a count of polls (20,000
 * polls took 20 us in optimised code, 400 in cold). Sleeping adds a wake-up to the step, but a long
 * spin takes a CPU from the worker on a loaded machine (measured: 0.2 ms was slower than none).
 */
const SPIN_MS = 0.05;

/** The context the workers run in: always a listing variant (a shipped name runs its listing). */
export function makeCtx(program: Program, variant: string | Variant | undefined, limits?: Partial<Limits>): Ctx {
  return { program, variant: listingVariantOf(program, variant), limits: { ...DEFAULT_LIMITS, ...limits } };
}

/** A heap for `ctx` holding the state after setup (run by the core here), and the controller's machine over it. */
export function openHeap(ctx: Ctx): { m: WorkerMachine; setupEvents: StepEvent[] } {
  const heap = Heap.allocate(makeLayout(ctx.program), new LabelTable(ctx.variant.listing));
  const { state, setupEvents } = new Machine(ctx.program, ctx.variant, ctx.limits).init();
  stateToHeap(heap, ctx.program, state);
  const m = new WorkerMachine(ctx.program, ctx.variant, ctx.limits, heap, -1);
  m.view.reload();
  return { m, setupEvents };
}

/** What every worker of one session gets. */
export function workerData(ctx: Ctx, m: WorkerMachine, mode: WorkerData['mode'], hook?: TestHook, warm?: boolean): WorkerData[] {
  return ctx.program.threads.map((_, thread) => ({
    mode, program: ctx.program, listing: sourceOf(ctx.variant), limits: ctx.limits, buffers: m.heap.buffers, thread, hook, warm,
  }));
}

export class GatedWorkers {
  private queue: Promise<unknown> = Promise.resolve();
  private closed = false;
  /** Asynchronous steps or restores in flight (a synchronous one must not interleave with them). */
  private pending = 0;
  private liveState: LiveState | undefined;
  private trips = 0;

  private constructor(readonly ctx: Ctx, private readonly m: WorkerMachine, private readonly pool: WorkerPool,
    readonly setupEvents: StepEvent[], private readonly timeoutMs: number) {
    pool.hold(false); // held again while an asynchronous step or restore waits (enqueue)
  }

  /** Runs setup (in this thread), then starts one gated worker per scenario thread. */
  static async start(program: Program, variant?: string | Variant, opts: WorkerOptions = {}): Promise<GatedWorkers> {
    const ctx = makeCtx(program, variant, opts.limits);
    const file = findWorkerFile(opts.workerFile);
    const { m, setupEvents } = openHeap(ctx);
    const timeoutMs = opts.timeoutMs ?? DEFAULT_TIMEOUT_MS;
    const pool = await startPool(file, workerData(ctx, m, 'gated', opts.testHook, opts.warmUp), program.threads.map((t) => t.name), m.heap.ctl, timeoutMs);
    return new GatedWorkers(ctx, m, pool, setupEvents, timeoutMs);
  }

  /** The controller's view of the heap, up to date with the workers' last steps. */
  private view(): State { this.m.view.sync(); return this.m.view; }
  private valid(t: number): boolean { return t >= 0 && t < this.threadCount; }

  get finished(): boolean { return this.m.view.finished; }
  /** Gates opened so far: one round trip to a worker each (a restore takes none). */
  get roundTrips(): number { return this.trips; }
  get threadCount(): number { return this.ctx.program.threads.length; }

  enabled(): number[] { return this.m.machine.enabled(this.view()); }
  canMove(t: number): boolean { return this.valid(t) && this.m.machine.canMove(this.view(), t); }
  blockedReason(t: number): string | null { return this.valid(t) ? this.m.machine.blockedReason(this.view(), t) : 'finished'; }
  nextLabel(t: number): StepLabel | null { return this.valid(t) ? this.m.machine.nextLabel(this.view(), t) : null; }
  allDone(): boolean { return this.view().threads.every((th) => th.done); }

  /** A core State copied from the heap (a fresh object each call). */
  snapshot(): State { return heapToState(this.m.view); }

  /**
   * The same as one object updated in place from call to call, as the core's State is (its
   * threads' frames keep their identity from step to step).
   */
  live(): State {
    this.liveState ??= new LiveState(this.m.view);
    return this.liveState.refresh();
  }

  /** The end-of-execution checks (core: Machine.finish). */
  finish(): void {
    const v = this.m.view;
    v.sync();
    const logged = v.violations.length;
    this.m.machine.finish(v);
    v.publish(logged);
  }

  /** Thread t takes one atomic step on its worker (or a recorded spin). Calls are serialised. */
  step(t: number): Promise<StepEvent> {
    return this.enqueue(() => this.doStep(t));
  }

  /** Serialises asynchronous calls; `pending` counts them from the moment they are queued. */
  private enqueue<T>(fn: () => Promise<T>): Promise<T> {
    if (this.pending++ === 0) this.pool.hold(true);
    const p = this.queue.then(fn).finally(() => { if (--this.pending === 0 && !this.closed) this.pool.hold(false); });
    this.queue = p.catch(() => undefined);
    return p;
  }

  /**
   * The same step, waiting for the worker with Atomics.wait on this thread (Node allows it on the
   * main thread): for a caller that must stay synchronous, like the debugger's Engine. Blocks the
   * event loop for one step, or at most `timeoutMs` when a worker hangs.
   */
  stepSync(t: number): StepEvent {
    this.assertIdle();
    if (!this.valid(t)) return this.m.step(t); // no such thread: a spin, counted here
    this.signalSync(t, GATE_STEP, () => this.stepWhat(t));
    return this.eventOf(t);
  }

  /** restore(), synchronously. */
  restoreSync(state: State): void {
    this.assertIdle();
    this.load(state);
  }

  /**
   * Loads a core State (e.g. one the core engine reached by replaying a shorter schedule). No
   * worker is asked anything: each reads the heap again before its next step (C_LOADS).
   */
  restore(state: State): Promise<void> {
    return this.enqueue(async () => { this.assertOpen(); this.load(state); });
  }

  /** Terminates every worker; resolves when all have exited. */
  async close(): Promise<void> {
    this.closed = true;
    await this.pool.terminate();
  }

  /** Starts terminating (for synchronous callers that cannot wait); close() still awaits the exits. */
  private closeNow(): void {
    this.closed = true;
    void this.pool.terminate();
  }

  private assertIdle(): void {
    if (this.pending > 0) throw new Error('a synchronous step was requested while an asynchronous one is in flight');
    this.assertOpen();
  }

  private assertOpen(): void {
    if (this.closed) throw new Error('the worker backend was closed');
    const failed = this.pool.failedWith();
    if (failed) throw failed;
  }

  private async doStep(t: number): Promise<StepEvent> {
    this.assertOpen();
    if (!this.valid(t)) return this.m.step(t);
    await this.signal(t, GATE_STEP, () => this.stepWhat(t));
    return this.eventOf(t);
  }

  /**
   * Writes `state` into the heap and tells the workers so. A state the heap cannot hold (a stack
   * too deep) leaves the heap half written: the workers are closed, as when a worker fails.
   */
  private load(state: State): void {
    try {
      stateToHeap(this.m.heap, this.ctx.program, state);
    } catch (e) {
      this.closeNow();
      throw e;
    }
    this.m.view.reload();
    Atomics.add(this.m.heap.ctl, C_LOADS, 1);
  }

  /** What a hung worker did not do (asked only then: its stack in the heap is still the one before the step). */
  private stepWhat(t: number): string { return `finish its step ${this.nextLabel(t) ?? ''}`.trim(); }

  /** The event the worker wrote for the step it just took. */
  private eventOf(t: number): StepEvent {
    const ctl = this.m.heap.ctl, labels = this.m.heap.labels;
    const at = (field: number): number => Atomics.load(ctl, controlIdx(t, field));
    const ev: StepEvent = { step: at(E_STEP), thread: t, label: labels.of(at(E_LABEL)) as StepEvent['label'], value: at(E_VALUE), ok: at(E_OK), firstViolation: at(E_FIRST) };
    if (at(E_BLOCKED_AT) >= 0) ev.blockedAt = labels.of(at(E_BLOCKED_AT)) as StepLabel;
    if (at(E_HAS_RET)) ev.ret = at(E_RET);
    return ev;
  }

  /** Opens thread t's gate with `cmd` and waits for the worker's answer; any failure closes everything. */
  private async signal(t: number, cmd: number, what: What): Promise<void> {
    const ctl = this.m.heap.ctl, gate = controlIdx(t, E_GATE);
    this.trips++;
    try {
      Atomics.store(ctl, gate, cmd);
      Atomics.notify(ctl, gate);
      await waitWhile(ctl, gate, cmd, Date.now() + this.timeoutMs, this.pool);
      this.answered(t, cmd, what);
    } catch (e) {
      await this.close();
      throw e;
    }
  }

  private signalSync(t: number, cmd: number, what: What): void {
    const ctl = this.m.heap.ctl, gate = controlIdx(t, E_GATE);
    this.trips++;
    try {
      Atomics.store(ctl, gate, cmd);
      Atomics.notify(ctl, gate);
      // A step takes the worker microseconds: spin a little before sleeping, since waking from
      // Atomics.wait costs more than the step itself (the debugger's step cycle is this round trip).
      spinWhile(ctl, gate, cmd, SPIN_MS);
      const deadline = Date.now() + this.timeoutMs;
      for (let left = this.timeoutMs; Atomics.load(ctl, gate) === cmd && left > 0; left = deadline - Date.now()) {
        Atomics.wait(ctl, gate, cmd, left);
      }
      this.answered(t, cmd, what);
    } catch (e) {
      this.closeNow();
      throw e;
    }
  }

  /** Checks the worker's answer at its gate and resets the gate; throws what went wrong. */
  private answered(t: number, cmd: number, what: What): void {
    const ctl = this.m.heap.ctl, gate = controlIdx(t, E_GATE);
    const name = this.ctx.program.threads[t]?.name ?? String(t);
    const v = Atomics.load(ctl, gate);
    if (v === cmd) throw new Error(`the worker for thread '${name}' did not ${typeof what === 'string' ? what : what()} within ${this.timeoutMs} ms (hung?); all workers were terminated`);
    if (v === GATE_FAILED) throw new Error(`the worker for thread '${name}' failed: ${this.m.heap.readFailure(t)}`);
    if (v !== GATE_DONE) throw new Error(`the worker for thread '${name}' answered its gate with ${v}`);
    Atomics.store(ctl, gate, GATE_IDLE);
  }
}
