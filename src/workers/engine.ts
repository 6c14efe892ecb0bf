// The worker backend as a debugger engine: the shape of src/debug's Engine interface (kind,
// machine, init, state, step, save, restore, travel, dispose), matched structurally so this folder
// does not import the debugger. Steps are synchronous (Atomics.wait on the host side) as that
// interface asks.
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
  /** The core machine for the same program, variant and limits (the debugger's queries, time travel). */
  readonly machine: Machine;
  private gated: GatedWorkers | undefined;
  private cached: State | undefined;
  /** Nesting depth of travel(); above 0 the steps run on `plain`. */
  private travelling = 0;
  /** While travelling: the state the core steps (made on first use), loaded into the heap at the end. */
  private plain: State | undefined;

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

  /** Round trips to the workers so far (a step on a worker is one; time travel takes none). */
  get roundTrips(): number { return this.gated?.roundTrips ?? 0; }

  private g(): GatedWorkers {
    if (!this.gated) throw new Error('engine used before init()'); // a programming error, not user input
    return this.gated;
  }

  /**
   * The state rebuilt from the shared heap; cached until the next step or restore. Do not mutate.
   * While travelling, the core's plain state.
   */
  state(): State {
    if (this.travelling) return this.travelState();
    this.cached ??= this.g().live();
    return this.cached;
  }

  step(t: number): StepEvent {
    if (this.travelling) return this.machine.step(this.travelState(), t);
    this.cached = undefined;
    return this.g().stepSync(t);
  }

  save(): State { return cloneState(this.state()); }

  /** Loads a saved State into the heap (the workers read it before their next step); while travelling, into the plain state. */
  restore(c: unknown): void {
    if (this.travelling) { this.plain = cloneState(c as State); return; }
    this.cached = undefined;
    this.g().restoreSync(c as State);
  }

  /**
   * Time travel: the steps `fn` takes re-execute recorded ones (a jump back replays from a
   * checkpoint, Step Back re-executes the steps after the one it removes), so they run on the core
   * machine over a plain state, as fast as the core engine's, instead of one round trip to a worker
   * each. The core runs the same listing with the same semantics (the gated equivalence tests hold
   * the two to the same events and states), so the result is the state the workers would have
   * reached; it is loaded into the heap once, when the outermost travel ends, and every worker
   * reads it before its next step.
   */
  travel<T>(fn: () => T): T {
    this.travelling++;
    let done = false;
    try {
      const out = fn();
      done = true;
      return out;
    } finally {
      // A failure inside fn is the one reported; the state it got to is loaded all the same.
      if (--this.travelling === 0) {
        try { this.land(); } catch (e) { if (done) throw e; }
      }
    }
  }

  /** The plain state a travel steps: the heap's state, copied when the travel first needs it. */
  private travelState(): State {
    this.plain ??= cloneState(this.g().live());
    return this.plain;
  }

  /** The end of a travel: its state into the heap (nothing when it never touched one). */
  private land(): void {
    const s = this.plain;
    this.plain = undefined;
    this.cached = undefined;
    if (s) this.g().restoreSync(s);
  }

  async dispose(): Promise<void> {
    await this.gated?.close();
    this.gated = undefined;
    this.cached = undefined;
    this.plain = undefined;
  }
}
