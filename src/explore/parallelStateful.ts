// The parallel stateful search (Node only): workers share one visited set of fingerprints
// (sharedVisited.ts). Worker 0 is the main thread itself (localWorker.ts), the others are worker
// threads. Worker 0 starts at the root; an idle worker gets a branch from a queue, and
// the queue is refilled by asking a busy worker to hand over the untried threads of its shallowest
// node (statefulBranch.ts). Which worker reaches a state first varies from run to run, so the counts
// may too; the verdicts do not, and the main thread minimises the schedules as one worker would.
import { Worker } from 'node:worker_threads';
import { Machine, State } from '../core';
import { ExploreControl, ExploreOptions, ExploreResult, StopReason } from './types';
import { absorb, capReached, finish, minimizeBudget, stopper, totals } from './explore';
import { Candidate, Search, SearchStats } from './search';
import { SearchSetup, TaskResult } from './tasks';
import type { WorkerInit, WorkerReply } from './exploreWorker';
import { Donation } from './stateful';
import { SharedTableBuffers, sharedCount, sharedTable } from './sharedVisited';
import { listingSourceOf } from './listingSource';
import { PoolEnding, spawn } from './spawnWorker';
import { LocalWorker, PoolMember } from './localWorker';
import { totalmem } from 'node:os';


/** The address space reserved for the shared visited set: memory is used only as it fills. */
function reservation(): number {
  return Math.min(totalmem() / 2, 2 ** 31);
}

/** Explores with `workers` threads sharing one visited set; the result reports it as hash compaction. */
export async function exploreStatefulParallel(m: Machine, setup: SearchSetup, root: State, options: ExploreOptions,
  workers: number, control: ExploreControl, t0: number, started: Worker[] = []): Promise<ExploreResult> {
  const stop = stopper(t0, options, control);
  const table = sharedTable(reservation());
  const deadline = options.timeoutMs !== undefined ? t0 + options.timeoutMs : Infinity;
  const init: WorkerInit = {
    type: 'init', program: m.program, variant: m.variant.name, listing: listingSourceOf(m.variant), maxSteps: m.ctx.limits.maxSteps,
    setup, stop: new SharedArrayBuffer(4), deadline,
  };
  const pool = new StatefulPool(init, table, stop, control, { m, setup, root });
  const { results, stopped } = await pool.run(Math.min(workers, 30), started);
  const top = new Search(m, [], setup.coverage);
  for (const r of results) absorb(top, r);
  top.stats.states = sharedCount(table);
  top.stats.missProbability = Math.min(1, top.stats.states ** 2 / 2 ** 65);
  return finish(m, { ...setup, hashCompact: true }, root, top, options, { t0, stopped, minimizeNodes: minimizeBudget(stopped) });
}

/**
 * Hands branches to idle workers and asks busy ones for more; the search is over when every worker
 * is idle and no branch is left. On a stop it raises the shared flag and waits (a grace) for each
 * running branch's partial result, so nothing found is lost.
 */
class StatefulPool {
  private readonly queue: (Donation | undefined)[] = [undefined];
  private readonly results: TaskResult[] = [];
  /** Running workers: their branch's last progress. */
  private readonly running = new Map<PoolMember, SearchStats>();
  private readonly idle = new Set<PoolMember>();
  /** Violations a running branch reported in progress (kept if it never answers). */
  private readonly found = new Map<PoolMember, Candidate[]>();
  private readonly asked = new Set<PoolMember>();
  private readonly workers: PoolMember[] = [];
  private readonly flag: Int32Array;
  private done: SearchStats = { executions: 0, states: 0, pruned: 0, steps: 0, boundCut: false };
  private next = 0;
  private ending: PoolEnding | undefined;
  private get stopped(): StopReason | undefined { return this.ending?.stopped; }

  constructor(private readonly init: WorkerInit, private readonly table: SharedTableBuffers,
    private readonly stop: () => StopReason | undefined, private readonly control: ExploreControl,
    private readonly local: { m: Machine; setup: SearchSetup; root: State }) {
    this.flag = new Int32Array(init.stop);
  }

  /** Runs with n workers: the main thread, the worker threads already `started`, and new ones for the rest. */
  run(n: number, started: Worker[]): Promise<{ results: TaskResult[]; stopped: StopReason | undefined }> {
    return new Promise((resolve, reject) => {
      const ending = this.ending = new PoolEnding(this.control, this.flag, this.workers, (err) => {
        // A worker that did not answer in time: what its last progress reported.
        for (const [w, stats] of this.running) this.results.push({ stats, found: this.found.get(w) ?? [], outcomes: [], stopped: true });
        if (err) reject(err);
        else resolve({ results: this.results, stopped: this.stopped });
      });
      const end = (err?: Error): void => ending.end(err);
      const halt = (why: StopReason): void => ending.halt(why, this.running.size === 0);
      ending.ticker = setInterval(() => {
        const why = this.stop() ?? this.capReached();
        if (why) halt(why);
        else this.askForWork();
        this.control.onProgress?.(this.totals());
      }, 20);
      const onMessage = (w: PoolMember, msg: WorkerReply): void => {
        if (msg.type === 'progress') {
          if (this.running.has(w)) this.running.set(w, msg.stats);
          if (msg.found) this.found.set(w, msg.found);
          return;
        }
        if (msg.type === 'donated') {
          this.asked.delete(w);
          // Nothing to give (a branch near its end): asked again at the next tick, not at once, or
          // an idle pool and a busy member would trade requests as fast as they can answer them.
          if (msg.branches.length === 0) return this.endIfIdle(end);
          this.queue.push(...msg.branches);
          return this.feedIdle();
        }
        if (msg.type === 'error') return end(new Error(`explore worker: ${msg.message}`));
        this.running.delete(w);
        this.found.delete(w);
        this.results.push(msg.result);
        this.add(msg.result.stats);
        if (this.stopped) { if (this.running.size === 0) end(); return; }
        this.idle.add(w);
        this.feedIdle();
        this.endIfIdle(end);
      };
      // Worker 0, the main thread, first: it takes the root while the worker threads start.
      const { init, table } = this;
      const local: PoolMember = new LocalWorker({ ...this.local, table, worker: 0, stop: this.flag, deadline: init.deadline },
        (msg) => onMessage(local, msg));
      this.workers.push(local);
      this.idle.add(local);
      for (let i = 1; i < n; i++) {
        const w = started[i - 1] ?? spawn();
        const member: PoolMember = { post: (msg) => w.postMessage(msg), terminate: () => w.terminate() };
        this.workers.push(member);
        w.on('message', (msg: WorkerReply) => onMessage(member, msg));
        w.on('error', (e) => end(e instanceof Error ? e : new Error(String(e))));
        w.postMessage({ ...init, shared: { table, worker: i } } satisfies WorkerInit);
        this.idle.add(member);
      }
      this.feedIdle();
    });
  }

  /**
   * The search is over when no member runs, no branch is queued and no answer to a request for
   * work is still on its way (it may carry branches taken before its member's branch ended).
   */
  private endIfIdle(end: () => void): void {
    if (this.running.size === 0 && this.queue.length === 0 && this.asked.size === 0) end();
  }

  /** Gives queued branches to idle workers; asks the busy ones for more when some stay idle. */
  private feedIdle(): void {
    for (const w of this.idle) {
      if (this.stopped || this.queue.length === 0) break;
      const branch = this.queue.shift();
      this.idle.delete(w);
      this.running.set(w, { executions: 0, states: 0, pruned: 0, steps: 0, boundCut: false });
      w.post({ type: 'branch', id: this.next++, branch });
    }
    this.askForWork();
  }

  private askForWork(): void {
    if (this.stopped || this.idle.size === 0 || this.queue.length > 0) return;
    for (const w of this.running.keys()) {
      if (this.asked.has(w)) continue;
      this.asked.add(w);
      w.post({ type: 'donate' });
    }
  }

  private add(s: SearchStats): void {
    this.done.executions += s.executions; this.done.steps += s.steps; this.done.pruned += s.pruned;
  }

  private totals(): { executions: number; states: number; steps: number } {
    const t = totals(this.done, ...this.running.values());
    return { ...t, states: sharedCount(this.table) };
  }

  private capReached(): StopReason | undefined {
    return capReached(this.init.setup, this.totals());
  }
}
