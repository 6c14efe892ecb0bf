// Gated mode: the compiled Program runs on real worker threads, one per scenario thread, each
// waiting at an Atomics gate before every atomic step; the controller grants one step at a time,
// so a schedule replays exactly like the core engine (same events, same final State).
import { Program, Variant, Limits, DEFAULT_LIMITS, Ctx, StepEvent, StepLabel, State, findVariant } from '../core';
import { Heap } from './heap';
import { makeLayout, controlIdx, E_GATE, E_LABEL, E_VALUE, E_OK, E_HAS_RET, E_RET, GATE_STEP, GATE_IDLE,
  GATE_FAILED, GATE_RELOAD, GATE_DONE, H_FINISHED } from './layout';
import { HeapMachine, TakenStep } from './heapMachine';
import { numberedStep, numberedStepSync, enabledThreads, initHeap } from './controllerStep';
import { heapFinish, allThreadsDone } from './heapChecks';
import { heapToState, stateToHeap } from './snapshot';
import { WorkerPool, findWorkerFile, waitWhile, startPool } from './pool';
import { WorkerData, TestHook } from './workerData';
import { labelOf } from './encoding';

export interface WorkerOptions {
  limits?: Partial<Limits>;
  /** Longest one gated step (or one stress run) may take before every worker is terminated; default 5000 ms. */
  timeoutMs?: number;
  /** The worker bundle; default dist/worker.js. */
  workerFile?: string;
  /** Test-only fault injection. */
  testHook?: TestHook;
}

export const DEFAULT_TIMEOUT_MS = 5000;

function resolveVariant(program: Program, variant?: string | Variant): Variant {
  const v = typeof variant === 'object' ? variant : findVariant(variant ?? program.variant);
  if (!v) throw new Error(`unknown variant '${String(variant ?? program.variant)}'`);
  return v;
}

export function makeCtx(program: Program, variant: string | Variant | undefined, limits?: Partial<Limits>): Ctx {
  return { program, variant: resolveVariant(program, variant), limits: { ...DEFAULT_LIMITS, ...limits } };
}

export class GatedWorkers {
  private queue: Promise<unknown> = Promise.resolve();
  private closed = false;
  /** Asynchronous steps or restores in flight (a synchronous one must not interleave with them). */
  private pending = 0;

  private constructor(readonly ctx: Ctx, private readonly m: HeapMachine, private readonly pool: WorkerPool,
    readonly setupEvents: StepEvent[], private readonly timeoutMs: number) {}

  /** Runs setup (in this thread), then starts one gated worker per scenario thread. */
  static async start(program: Program, variant?: string | Variant, opts: WorkerOptions = {}): Promise<GatedWorkers> {
    const ctx = makeCtx(program, variant, opts.limits);
    const file = findWorkerFile(opts.workerFile);
    const heap = Heap.allocate(makeLayout(program));
    const m = new HeapMachine(ctx, heap);
    const setupEvents = initHeap(m);
    const data: WorkerData[] = program.threads.map((_, thread) => ({
      mode: 'gated', program, variant: ctx.variant, limits: ctx.limits, buffers: heap.buffers, thread, hook: opts.testHook,
    }));
    const timeoutMs = opts.timeoutMs ?? DEFAULT_TIMEOUT_MS;
    const pool = await startPool(file, data, program.threads.map((t) => t.name), heap.ctl, timeoutMs);
    return new GatedWorkers(ctx, m, pool, setupEvents, timeoutMs);
  }

  get finished(): boolean { return this.m.heap.ld(H_FINISHED) !== 0; }
  get threadCount(): number { return this.ctx.program.threads.length; }

  enabled(): number[] { return enabledThreads(this.m); }
  canMove(t: number): boolean { return t >= 0 && t < this.threadCount && this.m.canMove(t); }
  blockedReason(t: number): string | null { return t >= 0 && t < this.threadCount ? this.m.blockedReason(t) : 'finished'; }
  nextLabel(t: number): StepLabel | null { return t >= 0 && t < this.threadCount ? this.m.nextLabel(t) : null; }
  allDone(): boolean { return allThreadsDone(this.m.hc); }

  /** A core State rebuilt from the heap (a fresh object each call). */
  snapshot(): State { return heapToState(this.m.hc); }

  /** The end-of-execution checks (core: Machine.finish). */
  finish(): void { heapFinish(this.m.hc); }

  /** Thread t takes one atomic step on its worker (or a recorded spin). Calls are serialised. */
  step(t: number): Promise<StepEvent> {
    return this.enqueue(() => this.doStep(t));
  }

  /** Serialises asynchronous calls; `pending` counts them from the moment they are queued. */
  private enqueue<T>(fn: () => Promise<T>): Promise<T> {
    this.pending++;
    const p = this.queue.then(fn).finally(() => { this.pending--; });
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
    return numberedStepSync(this.m, t, this.threadCount, () => {
      this.signalSync(t, GATE_STEP, this.stepWhat(t));
      return this.takenOf(t);
    });
  }

  /** restore(), synchronously. */
  restoreSync(state: State): void {
    this.assertIdle();
    this.load(state);
    for (let t = 0; t < this.threadCount; t++) this.signalSync(t, GATE_RELOAD, 'reload its state');
  }

  /** Loads a core State (e.g. one the core engine reached by replaying a shorter schedule). */
  restore(state: State): Promise<void> {
    return this.enqueue(() => this.doRestore(state));
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
    return numberedStep(this.m, t, this.threadCount, async () => {
      await this.signal(t, GATE_STEP, this.stepWhat(t));
      return this.takenOf(t);
    });
  }

  private async doRestore(state: State): Promise<void> {
    this.assertOpen();
    this.load(state);
    for (let t = 0; t < this.threadCount; t++) await this.signal(t, GATE_RELOAD, 'reload its state');
  }

  private load(state: State): void {
    stateToHeap(this.m.hc, state);
    for (let t = 0; t <= this.threadCount; t++) this.m.load(t);
  }

  private stepWhat(t: number): string { return `finish its step ${this.m.nextLabel(t) ?? ''}`.trim(); }

  /** What the worker reported for the step it just took (and its new stack, mirrored). */
  private takenOf(t: number): TakenStep {
    const ctl = this.m.heap.ctl;
    const taken: TakenStep = {
      label: labelOf(Atomics.load(ctl, controlIdx(t, E_LABEL))) as StepLabel,
      value: Atomics.load(ctl, controlIdx(t, E_VALUE)),
      ok: Atomics.load(ctl, controlIdx(t, E_OK)),
      done: Atomics.load(ctl, controlIdx(t, E_HAS_RET)) !== 0,
      ret: Atomics.load(ctl, controlIdx(t, E_RET)),
    };
    this.m.load(t);
    return taken;
  }

  /** Opens thread t's gate with `cmd` and waits for the worker's answer; any failure closes everything. */
  private async signal(t: number, cmd: number, what: string): Promise<void> {
    const ctl = this.m.heap.ctl, gate = controlIdx(t, E_GATE);
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

  private signalSync(t: number, cmd: number, what: string): void {
    const ctl = this.m.heap.ctl, gate = controlIdx(t, E_GATE);
    try {
      Atomics.store(ctl, gate, cmd);
      Atomics.notify(ctl, gate);
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
  private answered(t: number, cmd: number, what: string): void {
    const ctl = this.m.heap.ctl, gate = controlIdx(t, E_GATE);
    const name = this.ctx.program.threads[t]?.name ?? String(t);
    const v = Atomics.load(ctl, gate);
    if (v === cmd) throw new Error(`the worker for thread '${name}' did not ${what} within ${this.timeoutMs} ms (hung?); all workers were terminated`);
    if (v === GATE_FAILED) throw new Error(`the worker for thread '${name}' failed: ${this.m.heap.readFailure(t)}`);
    if (v !== GATE_DONE) throw new Error(`the worker for thread '${name}' answered its gate with ${v}`);
    Atomics.store(ctl, gate, GATE_IDLE);
  }
}
