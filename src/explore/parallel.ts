// The parallel driver (Node only): the same split as shards, handed out to worker_threads one task
// at a time; results are folded in task order, so any worker count gives the same answer.
import { Worker } from 'node:worker_threads';
import { PoolEnding, spawn } from './spawnWorker';
import { exploreStatefulParallel } from './parallelStateful';
import { availableParallelism } from 'node:os';
import { Machine, Program, State } from '../core';
import { ExploreControl, ExploreOptions, ExploreResult, StopReason } from './types';
import { exploreInThread, prepare, tasksFor, finish, absorb, stopper, slices, runSliced, totals, minimizeBudget, capReached } from './explore';
import { Candidate, Search, SearchStats } from './search';
import { SearchSetup, Task, TaskResult, TaskRun } from './tasks';
import type { WorkerInit, WorkerReply } from './exploreWorker';
import { listingSourceOf } from './listingSource';
import { isLkmm, exploreLkmm } from './lkmmSearch';

/** Atomic steps the in-thread pilot may take before the search is split across workers. */
const PILOT_STEPS = 200_000;
/** The stateful search's pilot: a search bigger than this goes to the workers (its pilot is not reused). */
const STATEFUL_PILOT_STEPS = 20_000;

/**
 * Explores with `workers` threads (default: one per core; for the stateful search, one).
 * Searches that end within a fixed step budget run in this thread, exactly as with workers: 1;
 * bigger ones are split (the same split as shards) and their counts then match any worker count.
 * A timeout, a budget or a cancellation stops every worker, and what each found is kept.
 */
export async function explore(program: Program, options: ExploreOptions, control: ExploreControl = {}): Promise<ExploreResult> {
  if (isLkmm(program, options)) return runSliced(exploreLkmm(program, options, control));
  return exploreParallel(program, options, PILOT_STEPS, control);
}

/** explore() with the pilot's step budget as a parameter (tests force the split with 0). */
export async function exploreParallel(program: Program, options: ExploreOptions, pilotSteps: number,
  control: ExploreControl = {}): Promise<ExploreResult> {
  const strategy = options.strategy ?? 'stateful';
  const workers = options.workers ?? (strategy === 'stateful' ? 1 : availableParallelism());
  // The stateful search splits across workers through a shared visited set (parallelStateful.ts);
  // with a preemption bound or a shard it stays in one thread.
  const stateful = strategy === 'stateful';
  if (workers <= 1 || (stateful && (options.bound !== undefined || options.shard))) return exploreInThread(program, options, control);
  const t0 = Date.now();
  const { m, setup, root } = prepare(program, options);
  const stop = stopper(t0, options, control);
  if (stateful) pilotSteps = Math.min(pilotSteps, STATEFUL_PILOT_STEPS);
  // A worker thread takes a while to start (a fresh isolate loads the bundle): those that have a
  // free core start during the pilot and are ready when it hands over (a search the pilot finishes
  // ends them unused). More would compete with the pilot for the cores.
  const early = stateful && pilotSteps > 0 && !options.shard ? Array.from({ length: Math.min(workers, availableParallelism()) - 1 }, () => spawn()) : [];
  const endEarly = (): void => { for (const w of early) void w.terminate(); };
  const piloted = await pilot(m, setup, root, options, control, t0, pilotSteps).catch((e: unknown) => { endEarly(); throw e; });
  if (piloted) { endEarly(); return piloted; }
  if (stateful) return exploreStatefulParallel(m, setup, root, options, workers, control, t0, early);
  const top = new Search(m, [], setup.coverage);
  const tasks = tasksFor(m, setup, root, options, true, top);
  const deadline = options.timeoutMs !== undefined ? t0 + options.timeoutMs : Infinity;
  const init: WorkerInit = {
    type: 'init', program, variant: m.variant.name, listing: listingSourceOf(m.variant), maxSteps: m.ctx.limits.maxSteps, setup,
    stop: new SharedArrayBuffer(4), deadline,
  };
  const pool = new Pool(init, tasks, top.stats, stop, control);
  const { results, stopped } = await pool.run(Math.min(workers, Math.max(1, tasks.length)));
  for (const r of results) if (r) absorb(top, r);
  return finish(m, setup, root, top, options, { t0, stopped, minimizeNodes: minimizeBudget(stopped) });
}

/**
 * A deterministic pilot: searches small enough to finish within a fixed step budget are done in
 * this thread (what workers: 1 would do), without waiting for workers. Undefined: the search is
 * bigger (what the pilot did is not reused).
 */
async function pilot(m: Machine, setup: SearchSetup, root: State, options: ExploreOptions, control: ExploreControl, t0: number,
  pilotSteps: number): Promise<ExploreResult | undefined> {
  if (options.shard || pilotSteps <= 0) return undefined;
  const stop = stopper(t0, options, control);
  const run = new TaskRun(m, setup, root, tasksFor(m, setup, root, options, false, new Search(m, [], setup.coverage))[0] ?? { kind: 'subtree', path: [] });
  const r = await runSliced(slices(run, stop, () => control.onProgress?.(totals(run.search.stats)),
    () => run.search.stats.steps >= pilotSteps));
  if (r === 'paused') return undefined;
  const top = new Search(m, [], setup.coverage);
  const stopped = r === 'done' ? undefined : r;
  absorb(top, run.result(stopped !== undefined));
  return finish(m, setup, root, top, options, { t0, stopped, minimizeNodes: minimizeBudget(stopped) });
}

/**
 * The worker pool: hands out tasks one at a time in order; on a stop (time, budget, cancel) it
 * raises the shared flag and waits for every running task's partial result, so a violation found
 * is never thrown away. A worker that does not answer within the grace is ended, and its task counts
 * what its last progress said: the violations it reported and its counts.
 */
class Pool {
  private readonly results: (TaskResult | undefined)[];
  private readonly running = new Map<number, SearchStats>();
  private readonly found = new Map<number, Candidate[]>();
  private readonly workers: Worker[] = [];
  private readonly flag: Int32Array;
  private next = 0;
  private ending: PoolEnding | undefined;
  private get stopped(): StopReason | undefined { return this.ending?.stopped; }
  private done = { executions: 0, states: 0, steps: 0 };

  constructor(private readonly init: WorkerInit, private readonly tasks: readonly Task[], private readonly base: SearchStats,
    private readonly stop: () => StopReason | undefined, private readonly control: ExploreControl) {
    this.results = new Array<TaskResult | undefined>(tasks.length).fill(undefined);
    this.flag = new Int32Array(init.stop);
  }

  run(n: number): Promise<{ results: (TaskResult | undefined)[]; stopped: StopReason | undefined }> {
    return new Promise((resolve, reject) => {
      const ending = this.ending = new PoolEnding(this.control, this.flag, this.workers, (err) => {
        this.keepUnanswered();
        if (err) reject(err);
        else resolve({ results: this.results, stopped: this.stopped });
      });
      const end = (err?: Error): void => ending.end(err);
      const halt = (why: StopReason): void => ending.halt(why);
      const feed = (w: Worker): void => {
        const why = this.stopped ?? this.capReached();
        if (why) halt(why);
        if (!this.stopped && this.next < this.tasks.length) {
          const id = this.next++;
          this.running.set(id, zeroStats());
          w.postMessage({ type: 'task', id, task: this.tasks[id] });
        } else if (this.running.size === 0) end();
      };
      // Polls the caller's cancellation and the clock, and reports progress, while workers run.
      ending.ticker = setInterval(() => {
        const why = this.stop() ?? this.capReached();
        if (why) halt(why);
        this.control.onProgress?.(this.totals());
      }, 20);
      for (let i = 0; i < n; i++) {
        const w = spawn();
        this.workers.push(w);
        w.on('message', (msg: WorkerReply) => {
          if (msg.type === 'donated') return; // only in a parallel stateful search
          if (msg.type === 'progress') {
            if (this.running.has(msg.id)) this.running.set(msg.id, msg.stats);
            if (msg.found) this.found.set(msg.id, msg.found);
            return;
          }
          this.running.delete(msg.id);
          if (msg.type === 'error') return end(new Error(`explore worker: ${msg.message}`));
          this.results[msg.id] = msg.result;
          this.add(msg.result.stats);
          if (msg.result.stopped && !this.stopped) halt(this.stop() ?? this.capReached() ?? 'max-executions');
          feed(w);
        });
        w.on('error', (e) => end(e instanceof Error ? e : new Error(String(e))));
        w.postMessage(this.init);
        feed(w);
      }
      if (this.tasks.length === 0) end();
    });
  }

  /** The tasks ended unheard: what their last progress reported, marked stopped. */
  private keepUnanswered(): void {
    for (const [id, stats] of this.running) {
      this.results[id] = { stats, found: this.found.get(id) ?? [], outcomes: [], stopped: true };
    }
  }

  private add(s: SearchStats): void {
    this.done.executions += s.executions; this.done.states += s.states; this.done.steps += s.steps;
  }

  /** Finished tasks, running ones (as last reported) and the split's own share. */
  private totals(): { executions: number; states: number; steps: number } {
    return totals(this.base, { ...zeroStats(), ...this.done }, ...this.running.values());
  }

  private capReached(): StopReason | undefined {
    return capReached(this.init.setup, this.totals());
  }
}

function zeroStats(): SearchStats {
  return { executions: 0, states: 0, pruned: 0, steps: 0, boundCut: false };
}
