// What the controller hands each worker (structured-cloned; the SharedArrayBuffers are shared).
import { Program, Limits } from '../core';
import { HeapBuffers } from './heap';
import { ListingSource } from './listingVariant';

/** Test-only fault injection: the worker of `thread` throws or hangs when it reaches step `atStep`. */
export interface TestHook { thread: number; atStep: number; kind: 'throw' | 'hang' }

export interface FreeOptions {
  /** Busy-wait a seeded random number of iterations before every step (and at the start). */
  delays: boolean;
  seed: number;
  /** Upper bound of one delay, in busy-loop iterations. */
  maxDelay: number;
  /** Start each run only while every worker is on a CPU (off when there are more threads than CPUs). */
  rendezvous: boolean;
}

export interface WorkerData {
  mode: 'gated' | 'free';
  program: Program;
  /** The listing the variant runs, as text: each worker compiles it again. */
  listing: ListingSource;
  limits: Limits;
  buffers: HeapBuffers;
  thread: number;
  free?: FreeOptions;
  hook?: TestHook;
  /** Gated: warm the code up on a private heap copy before reporting ready (warmUp.ts). */
  warm?: boolean;
}

/** Narrows workerData at the thread boundary. */
export function asWorkerData(x: unknown): WorkerData {
  const d = x as Partial<WorkerData> | null;
  if (!d || (d.mode !== 'gated' && d.mode !== 'free') || !d.program || !d.listing || !d.limits || !d.buffers || typeof d.thread !== 'number') {
    throw new Error('dist/worker.js was started without tw worker data (it is started by the worker backend only)');
  }
  return d as WorkerData;
}
