// Worker thread entry (bundled to dist/exploreWorker.js): receives the program and the search
// setup once, then runs the tasks it is handed, one at a time, and posts each task's result.
import { parentPort } from 'node:worker_threads';
import { Machine, Program, State } from '../core';
import { SearchSetup, Task, TaskResult, runTask, rootOf } from './tasks';

export interface WorkerInit { type: 'init'; program: Program; variant: string; maxSteps: number; setup: SearchSetup }
export interface WorkerTask { type: 'task'; id: number; task: Task }
export type WorkerReply = { type: 'done'; id: number; result: TaskResult } | { type: 'error'; id: number; message: string };

let machine: Machine | undefined;
let setup: SearchSetup | undefined;
let root: State | undefined;

function onMessage(msg: WorkerInit | WorkerTask): void {
  if (msg.type === 'init') {
    machine = new Machine(msg.program, msg.variant, { maxSteps: msg.maxSteps });
    setup = msg.setup;
    root = rootOf(machine, setup.prefix);
    return;
  }
  try {
    if (!machine || !setup || !root) throw new Error('task before init');
    const result = runTask(machine, setup, root, msg.task, () => false);
    parentPort?.postMessage({ type: 'done', id: msg.id, result } satisfies WorkerReply);
  } catch (e) {
    parentPort?.postMessage({ type: 'error', id: msg.id, message: e instanceof Error ? e.message : String(e) } satisfies WorkerReply);
  }
}

parentPort?.on('message', onMessage);
