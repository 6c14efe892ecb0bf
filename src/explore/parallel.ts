// The parallel driver (Node only): the same split as shards, handed out to worker_threads one task
// at a time; results are folded in task order, so any worker count gives the same answer.
import { Worker } from 'node:worker_threads';
import { availableParallelism } from 'node:os';
import * as path from 'node:path';
import { Program } from '../core';
import { ExploreOptions, ExploreResult } from './types';
import { exploreSync, prepare, tasksFor, finish, absorb } from './explore';
import { Search } from './search';
import { SearchSetup, Task, TaskResult, TaskRun } from './tasks';
import type { WorkerInit, WorkerReply } from './exploreWorker';

/** The worker script: dist/exploreWorker.js beside the bundle, or the TypeScript source under tsx. */
function spawn(): Worker {
  if (!__filename.endsWith('.ts')) return new Worker(path.join(__dirname, 'exploreWorker.js'));
  // Tests and scripts run from source: load the TypeScript worker through tsx's require hook.
  const hook = require.resolve(['tsx', 'cjs'].join('/'));
  const src = path.join(__dirname, 'exploreWorker.ts');
  return new Worker(`require(${JSON.stringify(hook)}); require(${JSON.stringify(src)});`, { eval: true });
}

/** Atomic steps the in-thread pilot may take before the search is split across workers. */
const PILOT_STEPS = 200_000;

/**
 * Explores with `workers` threads (default: one per core; the stateful search runs in this thread).
 * Searches that end within a fixed step budget run in this thread, exactly as with workers: 1;
 * bigger ones are split (the same split as shards) and their counts then match any worker count.
 */
export async function explore(program: Program, options: ExploreOptions): Promise<ExploreResult> {
  return exploreParallel(program, options, PILOT_STEPS);
}

/** explore() with the pilot's step budget as a parameter (tests force the split with 0). */
export async function exploreParallel(program: Program, options: ExploreOptions, pilotSteps: number): Promise<ExploreResult> {
  const strategy = options.strategy ?? 'stateful';
  const workers = options.workers ?? (strategy === 'stateful' ? 1 : availableParallelism());
  // The stateful search shares one visited set: it stays in one thread (milliseconds on this model).
  if (workers <= 1 || strategy === 'stateful') return exploreSync(program, options);
  const t0 = Date.now();
  const { m, setup, root } = prepare(program, options);
  const deadline = options.timeoutMs !== undefined ? t0 + options.timeoutMs : Infinity;
  // A deterministic pilot: searches small enough to finish within a fixed step budget are done in
  // this thread (what workers: 1 would do), without paying for worker start-up.
  if (!options.shard && pilotSteps > 0) {
    const pilot = new TaskRun(m, setup, root, tasksFor(m, setup, root, options, false, new Search(m, [], setup.coverage))[0] ?? { kind: 'subtree', path: [] });
    const r = pilot.run(() => pilot.search.stats.steps >= pilotSteps || Date.now() > deadline);
    if (r !== 'stopped' || Date.now() > deadline) {
      const top = new Search(m, [], setup.coverage);
      absorb(top, pilot.result(r !== 'done'));
      return finish(m, setup, root, top, options, { t0, stopped: r === 'done' ? undefined : r === 'max-executions' ? r : 'timeout' });
    }
  }
  const top = new Search(m, [], setup.coverage);
  const tasks = tasksFor(m, setup, root, options, true, top);
  const init: WorkerInit = { type: 'init', program, variant: m.variant.name, maxSteps: m.ctx.limits.maxSteps, setup };
  const { results, stopped } = await runPool(init, tasks, Math.min(workers, Math.max(1, tasks.length)), deadline, setup);
  for (const r of results) if (r) absorb(top, r);
  return finish(m, setup, root, top, options, { t0, stopped });
}

interface PoolOutcome { results: (TaskResult | undefined)[]; stopped: ExploreResult['stopped'] }

function runPool(init: WorkerInit, tasks: readonly Task[], n: number, deadline: number, setup: SearchSetup): Promise<PoolOutcome> {
  return new Promise((resolve, reject) => {
    const results: (TaskResult | undefined)[] = new Array<TaskResult | undefined>(tasks.length).fill(undefined);
    const pool: Worker[] = [];
    let next = 0;
    let pending = 0;
    let executions = 0;
    let stopped: ExploreResult['stopped'];
    let settled = false;
    const end = (err?: Error): void => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      for (const w of pool) void w.terminate();
      if (err) reject(err);
      else resolve({ results, stopped });
    };
    const timer = deadline === Infinity ? undefined : setTimeout(() => { stopped = 'timeout'; end(); }, Math.max(0, deadline - Date.now()));
    const feed = (w: Worker): void => {
      const capped = setup.maxExecutions !== undefined && executions >= setup.maxExecutions;
      if (capped) stopped = 'max-executions';
      if (next < tasks.length && !capped) {
        pending++;
        w.postMessage({ type: 'task', id: next, task: tasks[next++] });
      } else if (pending === 0) end();
    };
    for (let i = 0; i < n; i++) {
      const w = spawn();
      pool.push(w);
      w.on('message', (msg: WorkerReply) => {
        pending--;
        if (msg.type === 'error') return end(new Error(`explore worker: ${msg.message}`));
        results[msg.id] = msg.result;
        executions += msg.result.stats.executions;
        if (msg.result.stopped) stopped = 'max-executions';
        feed(w);
      });
      w.on('error', (e) => end(e instanceof Error ? e : new Error(String(e))));
      w.postMessage(init);
      feed(w);
    }
    if (tasks.length === 0) end();
  });
}
