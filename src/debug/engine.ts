// The stepping engine behind a debug session. The session only steps through this interface, so a
// second engine (real worker threads over a shared heap) can plug in next to the core one.
import { WorkerEngine } from '../workers/engine';
import { Machine, Program, State, StepEvent, Limits, Variant, cloneState, cloneGraph, WeakGraph, MemoryModel, Pin, ChoicePoint } from '../core';
import { futureWrites } from '../explore/lkmmPromises';
import { closed } from '../explore/lkmmBindable';

/** An opaque saved position of an engine (the core's is a cloned State). */
export type EngineCheckpoint = unknown;

/**
 * One execution of a compiled scenario, stepped one atomic step at a time by thread index.
 * Everything but init/dispose is synchronous: a worker engine gates its threads per step
 * (e.g. Atomics.wait on the host side) so the debugger stays deterministic and replayable.
 */
export interface Engine {
  /** 'core' or 'workers': shown in the output when the session starts. */
  readonly kind: string;
  /** The core machine for the same program and variant: the debugger's queries (labels, block
   * reasons, footprints) are the model's semantics, shared by every engine. */
  readonly machine: Machine;
  /** Builds the initial state (setup {} run to completion); returns setup's steps. */
  init(): Promise<StepEvent[]>;
  /** The current state as the core's plain data. Callers must not mutate it. */
  state(): State;
  /**
   * Thread t takes one atomic step (a recorded spin when it cannot move). `pins`: a replayed
   * step's read-from choices (the ones it used when first taken), instead of the user's picks.
   */
  step(t: number, pins?: readonly Pin[]): StepEvent;
  /** Under the LKMM (the core engine): the user's read-from picks and the next step's choices. */
  readonly reads?: ReadFrom;
  /** Saves the current position; restore() returns to it exactly (deterministic replay relies on it). */
  save(): EngineCheckpoint;
  restore(c: EngineCheckpoint): void;
  /**
   * Time travel (optional): the steps `fn` takes re-execute recorded steps, from a restored
   * checkpoint on. An engine may run them on the core's plain state and load the result at the
   * end (the workers do: a round trip per replayed step costs more than the step).
   */
  travel?<T>(fn: () => T): T;
  dispose(): Promise<void> | void;
}

/**
 * The debugger's hold on the LKMM's read-from choices: picks wait (pending) until their thread's
 * access at the pin's label uses them; the step that used one reports it, so a replay repeats it.
 */
export interface ReadFrom {
  /** Picks for the next accesses, used up in order per thread (launch pins, tw/readFrom). */
  pending: Pin[];
  /** The pins the last step used. */
  used: Pin[];
  /**
   * The choice points thread t's next step would meet, found by a dry run (nothing changes), and
   * the dry run's graph their write ids name (it has the initial write of a word read first now).
   */
  choices(t: number): { points: ChoicePoint[]; graph: WeakGraph };
  /** The graph as it stands (the choices' write ids name its events). */
  graph(): WeakGraph;
  /**
   * Who makes a promised value (load buffering): the writes another thread will make whatever it
   * reads, found by the explorer's look-ahead from the current state (lkmmPromises.ts).
   */
  promisers(loc: string, value: number, t: number): { thread: number; label: string }[];
  /** The promised reads not bound yet and the pins that asked for them, by read event id. */
  promisePins(): ReadonlyMap<number, Pin>;
}

/** What an engine factory gets from the launch configuration. */
export interface EngineOptions {
  program: Program;
  variant: string | Variant;
  limits: Partial<Limits>;
  /** 'lkmm': the variant must run a listing (loadLaunch resolves it); the core engine only. */
  memory?: MemoryModel;
}

export type EngineFactory = (opts: EngineOptions) => Engine;

/** The reference engine: the core machine itself, state kept as plain data. */
export class CoreEngine implements Engine {
  readonly kind = 'core';
  readonly machine: Machine;
  private current: State | undefined;

  constructor(opts: EngineOptions) {
    this.opts = opts;
    this.machine = new Machine(opts.program, opts.variant, opts.limits, opts.memory);
    this.reads = this.machine.weak ? this.readFrom() : undefined;
  }

  async init(): Promise<StepEvent[]> {
    const { state, setupEvents } = this.machine.init();
    if (this.machine.weak) this.machine.startWeak(state);
    if (state.threads.every((th) => th.done)) this.machine.finish(state);
    this.current = state;
    return setupEvents;
  }

  state(): State {
    if (!this.current) throw new Error('engine used before init()'); // a programming error, not user input
    return this.current;
  }

  step(t: number, pins?: readonly Pin[]): StepEvent {
    const weak = this.machine.weak;
    if (!weak || !this.reads) return this.machine.step(this.state(), t);
    const from = pins ? pins.slice() : this.reads.pending;
    weak.pins = from.slice();
    const ev = this.machine.step(this.state(), t);
    this.reads.used = from.filter((p) => !weak.pins.includes(p));
    if (!pins) this.reads.pending = weak.pins.slice();
    return ev;
  }

  readonly reads: ReadFrom | undefined;
  /** The explorer's look-ahead machine (every read the newest write, unchecked), made on first use. */
  private ahead: Machine | undefined;
  private readonly opts: EngineOptions;

  /**
   * What each other live thread will write whatever it reads, as `loc|value` with the writing
   * step's label: the explorer's look-ahead. Offered only while every promised read pending has a
   * write that closes its cycle (the explorer's rule: one load-buffering cycle open at a time).
   */
  private future(t: number): { thread: number; labels: Map<string, string> }[] {
    const s = this.state();
    const g = this.machine.weak?.g;
    if (!g || g.pending.some((r) => !closed(g, r))) return [];
    // The same position asks again for each promised value and each view: look ahead once. A step
    // changes s.steps, a restore makes a new state object.
    const key = `${s.steps}|${g.events.length}|${t}`;
    const memo = this.lookedAhead.get(s);
    const have = memo?.key === key ? memo.out : undefined;
    if (have) return have;
    const out = this.lookAhead(s, g, t);
    this.lookedAhead.set(s, { key, out });
    return out;
  }

  private readonly lookedAhead = new WeakMap<State, { key: string; out: { thread: number; labels: Map<string, string> }[] }>();

  private lookAhead(s: State, g: WeakGraph, t: number): { thread: number; labels: Map<string, string> }[] {
    if (!this.ahead) {
      this.ahead = new Machine(this.opts.program, this.opts.variant, this.opts.limits, 'lkmm');
      this.ahead.startWeak(this.ahead.init().state);
      if (this.ahead.weak) this.ahead.weak.newestOnly = true;
    }
    const ahead = this.ahead;
    return s.threads.flatMap((th, u) => (u === t || th.done ? [] : [{ thread: u, labels: futureWrites(ahead, s, g, u).labels }]));
  }

  private readFrom(): ReadFrom {
    return {
      pending: [], used: [],
      graph: () => this.machine.weak?.g as WeakGraph,
      promisePins: () => this.machine.weak?.promisePins ?? new Map<number, Pin>(),
      promisers: (loc, value, t) => this.future(t).flatMap((f) => {
        const label = f.labels.get(`${loc}|${value}`);
        return label === undefined ? [] : [{ thread: f.thread, label }];
      }),
      choices: (t) => {
        const weak = this.machine.weak;
        if (!weak?.g || !this.machine.canMove(this.state(), t)) return { points: [], graph: weak?.g as WeakGraph };
        const future = this.future(t);
        const keep = this.save();
        // The dry run steps copies: the state and graph objects others hold stay as they are.
        const state = this.state();
        const g = weak.g;
        this.restore(keep);
        weak.pins = [];
        weak.points = [];
        weak.promises = (loc) => [...new Set(future.flatMap((f) => [...f.labels.keys()].filter((k) => k.startsWith(`${loc}|`)).map((k) => Number(k.slice(loc.length + 1)))))].sort((a, b) => a - b);
        try {
          this.machine.step(this.state(), t);
        } finally {
          weak.promises = undefined;
        }
        const points = weak.points;
        const dry = weak.g as WeakGraph;
        this.restore(keep);
        this.current = state;
        weak.g = g;
        return { points, graph: dry };
      },
    };
  }

  save(): EngineCheckpoint {
    const weak = this.machine.weak;
    return weak?.g ? { s: cloneState(this.state()), g: cloneGraph(weak.g), promised: new Map(weak.promisePins) } : cloneState(this.state());
  }

  /** Under the LKMM a checkpoint holds the execution graph too (and the promised reads' pins): step back returns to it. */
  restore(c: EngineCheckpoint): void {
    const weak = this.machine.weak;
    if (weak) {
      const saved = c as { s: State; g: WeakGraph; promised: Map<number, Pin> };
      this.current = cloneState(saved.s);
      weak.start(cloneGraph(saved.g));
      weak.promisePins = new Map(saved.promised);
      return;
    }
    this.current = cloneState(c as State);
  }

  dispose(): void {
    this.current = undefined;
  }
}

// `workers`: the same program on real worker threads over a shared heap, gated one step at a time.
const factories = new Map<string, EngineFactory>([
  ['core', (o) => new CoreEngine(o)],
  ['workers', (o) => new WorkerEngine(o)],
]);

/** Lets another layer (the worker-thread backend) offer its engine under a launch `engine` name. */
export function registerEngine(name: string, factory: EngineFactory): void {
  factories.set(name, factory);
}

export function engineFactory(name: string): EngineFactory | undefined {
  return factories.get(name);
}

export function engineNames(): string[] {
  return [...factories.keys()];
}
