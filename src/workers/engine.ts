// The worker backend as a debugger engine: the shape of src/debug's Engine interface (kind,
// machine, init, state, step, save, restore, dispose), matched structurally so this folder does not
// import the debugger. Steps are synchronous (Atomics.wait on the host side) as that interface asks.
import { Machine, Program, State, StepEvent, Limits, Variant, cloneState } from '../core';
import { GatedWorkers } from './gated';
import { listingVariantOf } from './listingVariant';

export interface WorkerEngineOptions {
  program: Program;
  variant: string | Variant;
  limits: Partial<Limits>;
  /** Longest one step may take before the workers are terminated; default 5000 ms. */
  timeoutMs?: number;
  workerFile?: string;
}

export class WorkerEngine {
  readonly kind = 'workers';
  /** The core machine for the same program, variant and limits (the debugger's queries). */
  readonly machine: Machine;
  private gated: GatedWorkers | undefined;
  private cached: State | undefined;

  constructor(private readonly opts: WorkerEngineOptions) {
    // The workers run the variant's listing (a shipped name runs listings/<name>.c); the debugger's
    // queries run the same listing on the core.
    this.machine = new Machine(opts.program, listingVariantOf(opts.program, opts.variant), opts.limits);
  }

  /** Runs setup, starts one gated worker per scenario thread; returns setup's steps. */
  async init(): Promise<StepEvent[]> {
    const g = await GatedWorkers.start(this.opts.program, this.machine.variant, {
      limits: this.machine.ctx.limits, timeoutMs: this.opts.timeoutMs, workerFile: this.opts.workerFile, warmUp: true,
    });
    this.gated = g;
    this.cached = undefined;
    if (g.allDone()) g.finish();
    return g.setupEvents;
  }

  private g(): GatedWorkers {
    if (!this.gated) throw new Error('engine used before init()'); // a programming error, not user input
    return this.gated;
  }

  /** The state rebuilt from the shared heap; cached until the next step or restore. Do not mutate. */
  state(): State {
    this.cached ??= this.g().live();
    return this.cached;
  }

  step(t: number): StepEvent {
    this.cached = undefined;
    return this.g().stepSync(t);
  }

  save(): State { return cloneState(this.state()); }

  /** Loads a saved State into the heap and every worker's stack (step back, time travel). */
  restore(c: unknown): void {
    this.cached = undefined;
    this.g().restoreSync(c as State);
  }

  async dispose(): Promise<void> {
    await this.gated?.close();
    this.gated = undefined;
    this.cached = undefined;
  }
}
