// Worker-thread lifecycle: start one worker per scenario thread from dist/worker.js, turn any
// worker error or unexpected exit into one rejected promise, terminate them all, and wait on a
// control cell without blocking the event loop (Atomics.waitAsync) or waiting past a deadline.
import { Worker } from 'node:worker_threads';
import { existsSync } from 'node:fs';
import * as path from 'node:path';

let live = 0;

/** Atomics.waitAsync (Node 16+, V8 8.7); the ES2022 lib the project compiles against lacks its type. */
type WaitAsyncResult = { async: false; value: 'not-equal' | 'timed-out' } | { async: true; value: Promise<'ok' | 'timed-out'> };
const waitAsync = (Atomics as unknown as { waitAsync: (a: Int32Array, i: number, v: number, timeout: number) => WaitAsyncResult }).waitAsync;

/**
 * The most scenario threads the worker backend runs, one worker thread each: a worker costs about
 * 9 MB, and 200 of them took 1.8 GB. The core engine has no such limit.
 */
export const MAX_WORKER_THREADS = 32;

/** Workers started by this module that have not exited yet (tests assert it drops back to 0). */
export function liveWorkers(): number { return live; }

/** dist/worker.js next to the bundle that runs us, or under the project root when running from src/. */
export function findWorkerFile(explicit?: string): string {
  const candidates = explicit ? [explicit] : [
    path.join(__dirname, 'worker.js'),
    path.join(__dirname, '..', '..', 'dist', 'worker.js'),
    path.join(process.cwd(), 'dist', 'worker.js'),
  ];
  const found = candidates.find((c) => existsSync(c));
  if (!found) throw new Error(`the worker backend needs ${explicit ?? 'dist/worker.js'}, which does not exist: run \`npm run build\` first`);
  return found;
}

export class WorkerPool {
  readonly workers: Worker[] = [];
  /** Rejects with a clear message on the first worker error or unexpected exit. */
  readonly failure: Promise<never>;
  private fail: (e: Error) => void = () => undefined;
  private closing = false;
  private failed: Error | null = null;
  private readonly exits: Promise<void>[] = [];

  /** `ctl`: the control cells the controller may be waiting on; woken when the pool fails or closes. */
  constructor(file: string, data: readonly unknown[], names: readonly string[], private readonly ctl?: Int32Array) {
    this.failure = new Promise<never>((_, reject) => { this.fail = reject; });
    this.failure.catch(() => undefined); // observed through race() or failedWith()
    if (data.length > MAX_WORKER_THREADS) {
      throw new Error(`the worker backend runs at most ${MAX_WORKER_THREADS} scenario threads (one worker thread each); this scenario has ${data.length}`);
    }
    data.forEach((workerData, i) => this.spawn(file, workerData, names[i] ?? `#${i}`));
  }

  private spawn(file: string, workerData: unknown, name: string): void {
    const w = new Worker(file, { workerData, name: `tw ${name}` });
    live++;
    this.workers.push(w);
    this.exits.push(new Promise<void>((resolve) => {
      w.once('exit', (code) => {
        live--;
        if (!this.closing) this.reject(new Error(`the worker for thread '${name}' exited unexpectedly (code ${code})`));
        resolve();
      });
    }));
    w.on('error', (e: unknown) => {
      const msg = e instanceof Error ? e.message : String(e);
      this.reject(new Error(`the worker for thread '${name}' failed: ${msg}`));
    });
  }

  private reject(e: Error): void {
    if (this.failed) return;
    this.failed = e;
    this.fail(e);
    this.wake();
  }

  /** Wakes every Atomics.waitAsync on the control cells, so no wait outlives the pool. */
  private wake(): void {
    if (!this.ctl) return;
    for (let i = 0; i < this.ctl.length; i++) Atomics.notify(this.ctl, i);
  }

  failedWith(): Error | null { return this.failed; }

  /**
   * Whether the workers keep the process alive (a new worker does). Gated workers only move when
   * the controller asks, so while no asynchronous wait on them is in flight (Atomics.waitAsync does
   * not keep the process alive by itself) they are released: a session that is never closed cannot
   * keep its process from exiting.
   */
  hold(on: boolean): void {
    for (const w of this.workers) {
      if (on) w.ref();
      else w.unref();
    }
  }

  /**
   * Resolves once every worker is ready (it posts 'ready' once it has compiled its listing, so the
   * time limit of a first step or run does not include that); rejects on failure or after `timeoutMs`.
   */
  async online(timeoutMs: number): Promise<void> {
    let timer: NodeJS.Timeout | undefined;
    const late = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error(`the workers did not start within ${timeoutMs} ms`)), timeoutMs);
    });
    const started = Promise.all(this.workers.map((w) => new Promise<void>((resolve) => w.once('message', () => resolve()))));
    try {
      await Promise.race([started, this.failure, late]);
    } finally {
      clearTimeout(timer);
    }
  }

  /** Terminates every worker and resolves once all of them have exited. Idempotent. */
  async terminate(): Promise<void> {
    this.closing = true;
    this.reject(new Error('the worker backend was closed'));
    this.hold(true); // the caller awaits the exits
    await Promise.all(this.workers.map((w) => w.terminate().catch(() => undefined)));
    await Promise.all(this.exits);
    this.wake();
  }
}

/**
 * Starts one worker per scenario thread and waits until all are online (a worker that is not
 * online within the time limit is a failure); on failure every worker is terminated.
 */
export async function startPool(file: string, data: readonly unknown[], names: readonly string[], ctl: Int32Array,
  timeoutMs: number): Promise<WorkerPool> {
  const pool = new WorkerPool(file, data, names, ctl);
  try {
    await pool.online(Math.max(timeoutMs, 10000));
  } catch (e) {
    await pool.terminate();
    throw e;
  }
  return pool;
}

/**
 * Resolves true once ctl[i] !== v, false when the deadline (a Date.now() value) passes first;
 * rejects when the pool fails meanwhile.
 */
export async function waitWhile(ctl: Int32Array, i: number, v: number, deadline: number, pool: WorkerPool): Promise<boolean> {
  for (;;) {
    if (Atomics.load(ctl, i) !== v) return true;
    const failed = pool.failedWith();
    if (failed) throw failed;
    const left = deadline - Date.now();
    if (left <= 0) return false;
    const r = waitAsync(ctl, i, v, left);
    if (r.async) await Promise.race([r.value, pool.failure]);
  }
}

/**
 * Polls ctl[i] while it holds v, for at most `ms` milliseconds (the clock is read every 256 polls);
 * returns whether it changed. For waits that are usually shorter than a wake-up from Atomics.wait.
 */
export function spinWhile(ctl: Int32Array, i: number, v: number, ms: number): boolean {
  const until = performance.now() + ms;
  for (let polls = 1; Atomics.load(ctl, i) === v; polls++) {
    if ((polls & 255) === 0 && performance.now() > until) return false;
  }
  return true;
}
