// The main thread's own share of a parallel stateful search: with N workers, N - 1 worker threads
// and the main thread itself. Otherwise the main thread would sit idle while the workers run, and
// each worker thread is a fresh isolate that loads the bundle, compiles the machine and warms up
// its own JIT (on two cores the compilers' threads then spent about as much CPU as the search
// did); the main thread, warm from the pilot, has paid all that already.
import { BranchHost, BranchRunner, startBranch } from './statefulBranch';
import type { WorkerBranch, WorkerReply } from './exploreWorker';

/** A member of the stateful pool: a worker thread, or the main thread's share (LocalWorker). */
export interface PoolMember {
  post(msg: WorkerBranch): void;
  terminate(): unknown;
}

export class LocalWorker implements PoolMember {
  private readonly runner = new BranchRunner();
  private ended = false;

  constructor(private readonly host: Omit<BranchHost, 'runner' | 'post' | 'ended'>, private readonly onReply: (reply: WorkerReply) => void) {}

  /**
   * Answers as a worker thread would, later (never from inside the pool's own call): a branch
   * starts on the next turn of the event loop and runs in slices between the pool's other work.
   */
  post(msg: WorkerBranch): void {
    if (this.ended) return;
    if (msg.type === 'donate') {
      // The branches are taken when the answer goes out, not now: the running branch may end in
      // between, and branches taken from it would then reach the pool after its 'done' (a pool
      // that saw every member idle would have ended, and lost them).
      setImmediate(() => { if (!this.ended) this.reply({ type: 'donated', branches: this.runner.donate() }); });
      return;
    }
    setImmediate(() => {
      if (this.ended) return;
      startBranch({ ...this.host, runner: this.runner, post: (r) => this.reply(r), ended: () => this.ended }, msg.id, msg.branch);
    });
  }

  private reply(r: WorkerReply): void {
    if (!this.ended) this.onReply(r);
  }

  /** Ends the share: a running branch stops at its next slice, and nothing more is answered. */
  terminate(): void {
    this.ended = true;
  }
}
