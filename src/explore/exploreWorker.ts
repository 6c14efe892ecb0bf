// Worker thread entry (bundled to dist/exploreWorker.js): receives the program and the search
// setup once, then runs the tasks it is handed, one at a time, and posts each task's result —
// partial when the shared stop flag is raised or the deadline passes, so nothing found is lost —
// with progress messages while a task runs. In a parallel stateful search it runs branches against
// the shared visited set instead, and hands part of its branch over when asked (statefulBranch.ts).
import { parentPort } from 'node:worker_threads';
import { Machine, Program, State } from '../core';
import { ListingSource, variantOfSource } from './listingSource';
import { SearchSetup, Task, TaskResult, TaskRun, rootOf } from './tasks';
import { Donation } from './stateful';
import { SharedTableBuffers } from './sharedVisited';
import { BranchRunner, WorkerReply, startBranch } from './statefulBranch';

export interface WorkerInit {
  type: 'init'; program: Program; variant: string; maxSteps: number; setup: SearchSetup;
  /** When the variant is a listing: its text, compiled again here (compiled code cannot cross threads). */
  listing?: ListingSource;
  /** Int32Array over it: non-zero asks every task to stop now and report what it found. */
  stop: SharedArrayBuffer;
  /** Date.now() after which tasks stop by themselves (Infinity: none). */
  deadline: number;
  /** A parallel stateful search: the shared visited set and this worker's number (0..29). */
  shared?: { table: SharedTableBuffers; worker: number };
}
export interface WorkerTask { type: 'task'; id: number; task: Task }
/** A parallel stateful search: run this branch (none: the whole search), or hand part of yours over. */
export type WorkerBranch = { type: 'branch'; id: number; branch?: Donation } | { type: 'donate' };
export type { WorkerReply };

/** Progress messages at most this often. */
const PROGRESS_MS = 100;

let machine: Machine | undefined;
/** This thread's branches of a parallel stateful search. */
const runner = new BranchRunner();
let init: WorkerInit | undefined;
let root: State | undefined;

function runOne(id: number, task: Task, m: Machine, w: WorkerInit, r: State): TaskResult {
  const flag = new Int32Array(w.stop);
  const tr = new TaskRun(m, w.setup, r, task);
  let last = Date.now();
  let reported = 0;
  const shouldStop = (): boolean => {
    const now = Date.now();
    if (Atomics.load(flag, 0) !== 0 || now > w.deadline) return true;
    const grew = tr.search.found.size > reported;
    if (grew || now - last >= PROGRESS_MS) {
      last = now;
      reported = tr.search.found.size;
      const found = grew ? [...tr.search.found.values()] : undefined;
      parentPort?.postMessage({ type: 'progress', id, stats: { ...tr.search.stats }, found } satisfies WorkerReply);
    }
    return false;
  };
  return tr.result(tr.run(shouldStop) !== 'done');
}

function onMessage(msg: WorkerInit | WorkerTask | WorkerBranch): void {
  if (msg.type === 'donate') { parentPort?.postMessage({ type: 'donated', branches: runner.donate() } satisfies WorkerReply); return; }
  if (msg.type === 'init') {
    machine = new Machine(msg.program, msg.listing ? variantOfSource(msg.listing) : msg.variant, { maxSteps: msg.maxSteps });
    init = msg;
    root = rootOf(machine, msg.setup.prefix);
    return;
  }
  try {
    if (!machine || !init || !root) throw new Error('task before init');
    if (msg.type === 'branch') {
      const { shared } = init;
      if (!shared) throw new Error('branch without a shared visited set');
      return startBranch({
        runner, m: machine, setup: init.setup, root, table: shared.table, worker: shared.worker,
        stop: new Int32Array(init.stop), deadline: init.deadline, post: (reply) => parentPort?.postMessage(reply),
      }, msg.id, msg.branch);
    }
    const result = runOne(msg.id, msg.task, machine, init, root);
    parentPort?.postMessage({ type: 'done', id: msg.id, result } satisfies WorkerReply);
  } catch (e) {
    parentPort?.postMessage({ type: 'error', id: msg.id, message: e instanceof Error ? e.message : String(e) } satisfies WorkerReply);
  }
}

parentPort?.on('message', onMessage);
