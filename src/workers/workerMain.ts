// Entry of dist/worker.js: one worker per scenario thread, running the heap interpreter for it
// in gated or free mode. Started only by the worker backend (pool.ts).
import { workerData } from 'node:worker_threads';
import { asWorkerData } from './workerData';
import { Heap } from './heap';
import { makeLayout } from './layout';
import { HeapMachine } from './heapMachine';
import { gatedLoop, freeLoop } from './workerLoop';

const d = asWorkerData(workerData);
const heap = new Heap(makeLayout(d.program), d.buffers);
const m = new HeapMachine({ program: d.program, variant: d.variant, limits: d.limits }, heap);
if (d.mode === 'gated') gatedLoop(d, heap, m);
else freeLoop(d, heap, m);
