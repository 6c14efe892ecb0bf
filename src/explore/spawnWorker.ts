// Starting an explore worker thread (the bundled script, or the TypeScript source under tsx), and
// how a pool of them ends: what the task pool (parallel.ts) and the stateful pool share.
import { Worker } from 'node:worker_threads';
import * as path from 'node:path';
import { ExploreControl, StopReason } from './types';

/** The worker script: dist/exploreWorker.js beside the bundle, or the TypeScript source under tsx. */
export function spawn(): Worker {
  if (!__filename.endsWith('.ts')) return new Worker(path.join(__dirname, 'exploreWorker.js'));
  // Tests and scripts run from source: load the TypeScript worker through tsx's require hook.
  const hook = require.resolve(['tsx', 'cjs'].join('/'));
  const src = path.join(__dirname, 'exploreWorker.ts');
  return new Worker(`require(${JSON.stringify(hook)}); require(${JSON.stringify(src)});`, { eval: true });
}

/** After a stop, how long workers get to report their partial results before they are ended. */
const STOP_GRACE_MS = 2000;
/**
 * After a cancellation (Ctrl-C: the answer is due within 200 ms) the grace is short; a worker that
 * misses it (still starting, or starved of CPU) keeps the violations it already reported in progress.
 */
const CANCEL_GRACE_MS = 60;

/**
 * The end of a pool's run: `halt` raises the shared stop flag and gives the running workers a grace
 * to hand in what they found (a cancellation halts too); `end` settles once, stops the ticker and
 * the timers, and ends every worker.
 */
export class PoolEnding {
  stopped: StopReason | undefined;
  /** The pool's polling interval, cleared at the end. */
  ticker: NodeJS.Timeout | undefined;
  private settled = false;
  private grace: NodeJS.Timeout | undefined;
  private readonly onCancel = (): void => this.halt('cancelled');

  constructor(private readonly control: ExploreControl, private readonly flag: Int32Array, private readonly workers: readonly { terminate(): unknown }[],
    private readonly settle: (err?: Error) => void) {
    control.cancelled?.addEventListener('abort', this.onCancel);
  }

  end(err?: Error): void {
    if (this.settled) return;
    this.settled = true;
    clearInterval(this.ticker);
    clearTimeout(this.grace);
    this.control.cancelled?.removeEventListener('abort', this.onCancel);
    this.settle(err);
    for (const w of this.workers) void w.terminate();
  }

  /** Stops every worker (at once when none is running). */
  halt(why: StopReason, noneRunning = false): void {
    if (this.stopped) return;
    this.stopped = why;
    Atomics.store(this.flag, 0, 1);
    if (noneRunning) return this.end();
    this.grace = setTimeout(() => this.end(), why === 'cancelled' ? CANCEL_GRACE_MS : STOP_GRACE_MS);
  }
}
