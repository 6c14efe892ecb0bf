// Entry of dist/worker.js: one worker per scenario thread, running the core's machine for it over
// the shared heap, in gated or free mode. Started only by the worker backend (pool.ts).
import { workerData, parentPort } from 'node:worker_threads';
import { asWorkerData } from './workerData';
import { Heap } from './heap';
import { makeLayout } from './layout';
import { LabelTable } from './encoding';
import { compile } from './listingVariant';
import { WorkerMachine } from './workerMachine';
import { gatedLoop, freeLoop } from './workerLoop';
import { warmUp } from './warmUp';

const d = asWorkerData(workerData);
const variant = compile(d.listing);
const heap = new Heap(makeLayout(d.program), d.buffers, new LabelTable(variant.listing));
const m = new WorkerMachine(d.program, variant, d.limits, heap, d.thread);
// Before 'ready': the heap is still as setup left it, and the debugger's first steps run warm code.
if (d.mode === 'gated' && d.warm) warmUp(d.program, variant, d.limits, heap);
parentPort?.postMessage('ready');
if (d.mode === 'gated') gatedLoop(d, m);
else freeLoop(d, m);
