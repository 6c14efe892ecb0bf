// Gated mode: the compiled Program runs on real worker threads, one per scenario thread, each
// waiting at an Atomics gate before every atomic step; the controller grants one step at a time,
// so a schedule replays exactly like the core engine (same events, same final State).
import { Program, Variant, Limits, DEFAULT_LIMITS, Ctx, StepEvent, StepLabel, State, findVariant } from '../core';
import { Heap } from './heap';
import { makeLayout, controlIdx, E_GATE, E_LABEL, E_VALUE, E_OK, E_HAS_RET, E_RET, GATE_STEP, GATE_IDLE,
  GATE_FAILED, GATE_RELOAD, GATE_DONE } from './layout';
import { HeapMachine, TakenStep } from './heapMachine';
import { numberedStep, enabledThreads, initHeap } from './controllerStep';
import { heapFinish } from './heapChecks';
import { heapToState, stateToHeap } from './snapshot';
import { WorkerPool, findWorkerFile, waitWhile } from './pool';
import { WorkerData, TestHook } from './workerData';
import { labelOf } from './encoding';
import { H_FINISHED } from './layout';

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

export function resolveVariant(program: Program, variant?: string | Variant): Variant {
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

  private constructor(readonly ctx: Ctx, private readonly m: HeapMachine, private readonly pool: WorkerPool,
    readonly setupEvents: StepEvent[], private readonly timeoutMs: number) {}

  /** Runs setup (in this thread), then starts one gated worker per scenario thread. */
  static async start(program: Program, variant?: string | Variant, opts: WorkerOptions = {}): Promise<GatedWorkers> {
    const ctx = makeCtx(program, variant, opts.limits);
    const file = findWorkerFile(opts.workerFile);
    const heap = Heap.allocate(makeLayout(program));
    const m = new HeapMachine(ctx, heap);
    const setupEvents = await initHeap(m);
    const data: WorkerData[] = program.threads.map((_, thread) => ({
      mode: 'gated', program, variant: ctx.variant, limits: ctx.limits, buffers: heap.buffers, thread, hook: opts.testHook,
    }));
    const pool = new WorkerPool(file, data, program.threads.map((t) => t.name), heap.ctl);
    const timeoutMs = opts.timeoutMs ?? DEFAULT_TIMEOUT_MS;
    try {
      await pool.online(Math.max(timeoutMs, 10000));
    } catch (e) {
      await pool.terminate();
      throw e;
    }
    return new GatedWorkers(ctx, m, pool, setupEvents, timeoutMs);
  }

  get finished(): boolean { return this.m.heap.ld(H_FINISHED) !== 0; }
  get threadCount(): number { return this.ctx.program.threads.length; }

  enabled(): number[] { return enabledThreads(this.m); }
  canMove(t: number): boolean { return t >= 0 && t < this.threadCount && this.m.canMove(t); }
  blockedReason(t: number): string | null { return t >= 0 && t < this.threadCount ? this.m.blockedReason(t) : 'finished'; }
  nextLabel(t: number): StepLabel | null { return t >= 0 && t < this.threadCount ? this.m.nextLabel(t) : null; }
  allDone(): boolean {
    for (let t = 0; t < this.threadCount; t++) if (!this.m.isDone(t)) return false;
    return true;
  }

  /** A core State rebuilt from the heap (a fresh object each call). */
  snapshot(): State { return heapToState(this.m.hc); }

  /** The end-of-execution checks (core: Machine.finish). */
  finish(): void { heapFinish(this.m.hc); }

  /** Thread t takes one atomic step on its worker (or a recorded spin). Calls are serialised. */
  step(t: number): Promise<StepEvent> {
    const p = this.queue.then(() => this.doStep(t));
    this.queue = p.catch(() => undefined);
    return p;
  }

  /** Loads a core State (e.g. one the core engine reached by replaying a shorter schedule). */
  restore(state: State): Promise<void> {
    const p = this.queue.then(() => this.doRestore(state));
    this.queue = p.catch(() => undefined);
    return p;
  }

  /** Terminates every worker; resolves when all have exited. */
  async close(): Promise<void> {
    this.closed = true;
    await this.pool.terminate();
  }

  private assertOpen(): void {
    if (this.closed) throw new Error('the worker backend was closed');
    const failed = this.pool.failedWith();
    if (failed) throw failed;
  }

  private async doStep(t: number): Promise<StepEvent> {
    this.assertOpen();
    return numberedStep(this.m, t, this.threadCount, () => this.grant(t));
  }

  private async doRestore(state: State): Promise<void> {
    this.assertOpen();
    stateToHeap(this.m.hc, state);
    for (let t = 0; t <= this.threadCount; t++) this.m.load(t);
    for (let t = 0; t < this.threadCount; t++) await this.signal(t, GATE_RELOAD, 'reload its state');
  }

  private async grant(t: number): Promise<TakenStep> {
    await this.signal(t, GATE_STEP, `finish its step ${this.m.nextLabel(t) ?? ''}`.trim());
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
    const name = this.ctx.program.threads[t]?.name ?? String(t);
    try {
      Atomics.store(ctl, gate, cmd);
      Atomics.notify(ctl, gate);
      const answered = await waitWhile(ctl, gate, cmd, Date.now() + this.timeoutMs, this.pool);
      if (!answered) throw new Error(`the worker for thread '${name}' did not ${what} within ${this.timeoutMs} ms (hung?); all workers were terminated`);
      if (Atomics.load(ctl, gate) === GATE_FAILED) throw await this.failureOf(name);
      if (Atomics.load(ctl, gate) !== GATE_DONE) throw new Error(`the worker for thread '${name}' answered its gate with ${Atomics.load(ctl, gate)}`);
      Atomics.store(ctl, gate, GATE_IDLE);
    } catch (e) {
      await this.close();
      throw e;
    }
  }

  /** The worker's own error, which arrives as an 'error' event just after it marks its gate FAILED. */
  private async failureOf(name: string): Promise<Error> {
    let timer: NodeJS.Timeout | undefined;
    const late = new Promise<Error>((resolve) => {
      timer = setTimeout(() => resolve(new Error(`the worker for thread '${name}' failed`)), 2000);
    });
    try {
      return await Promise.race([this.pool.failure.catch((e: unknown) => (e instanceof Error ? e : new Error(String(e)))), late]);
    } finally {
      clearTimeout(timer);
    }
  }
}
