// The worker-thread backend's public surface: gated replay (async and sync), the debugger engine,
// `tw run --engine workers`, stress runs, and the worker bookkeeping tests rely on.
export { GatedWorkers, DEFAULT_TIMEOUT_MS } from './gated';
export type { WorkerOptions } from './gated';
export { WorkerEngine } from './engine';
export type { WorkerEngineOptions } from './engine';
export { runOnWorkers } from './runOnWorkers';
export { stress } from './stress';
export type { StressOptions, StressResult, OutcomeEvidence } from './stress';
export { liveWorkers, findWorkerFile, MAX_WORKER_THREADS } from './pool';
export type { TestHook } from './workerData';
export { HeapMemory } from './heapMemory';
export { listingVariantOf } from './listingVariant';
