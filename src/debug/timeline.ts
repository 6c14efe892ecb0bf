// The session's history: the schedule taken so far (one thread per atomic step), the step events,
// and a checkpoint of the engine every CHECKPOINT_EVERY steps. Going back to any step restores
// the nearest checkpoint and replays at most CHECKPOINT_EVERY - 1 steps: deterministic replay.
import { StepEvent, Pin } from '../core';
import { Engine, EngineCheckpoint } from './engine';

const CHECKPOINT_EVERY = 64;

/** Bookkeeping that must follow every step, replayed ones included (the debugger's arrivals). */
export interface StepHooks {
  before(t: number): void;
  after(t: number, ev: StepEvent): void;
  save(): unknown;
  restore(saved: unknown): void;
}

interface Checkpoint { engine: EngineCheckpoint; aux: unknown }

export class Timeline {
  /** Thread index of every step taken, oldest first. */
  readonly schedule: number[] = [];
  readonly events: StepEvent[] = [];
  /** Under the LKMM: the read-from pins each step used (a replay gives them back to the same step). */
  private readonly pins: (readonly Pin[] | undefined)[] = [];
  /** checkpoints[k] is the engine after k * CHECKPOINT_EVERY steps. */
  private checkpoints: Checkpoint[] = [];

  constructor(private readonly engine: Engine, private readonly hooks: StepHooks) {}

  /** Call once the engine is initialised: position 0. */
  start(): void {
    this.schedule.length = 0;
    this.events.length = 0;
    this.pins.length = 0;
    this.checkpoints = [this.save()];
  }

  get position(): number {
    return this.schedule.length;
  }

  private save(): Checkpoint {
    return { engine: this.engine.save(), aux: this.hooks.save() };
  }

  private restore(k: number): void {
    const cp = this.checkpoints[k];
    if (!cp) throw new Error(`no checkpoint ${k}`); // every k * K <= position has one
    this.engine.restore(cp.engine);
    this.hooks.restore(cp.aux);
  }

  /** A replayed step passes the pins it recorded; a new step (no pins) takes the user's pending picks. */
  private raw(t: number, pins?: readonly Pin[]): StepEvent {
    this.hooks.before(t);
    const ev = this.engine.step(t, pins);
    this.hooks.after(t, ev);
    return ev;
  }

  /** Thread t takes one step, recorded (with `pins`: re-executing a step that used them). */
  step(t: number, pins?: readonly Pin[]): StepEvent {
    const ev = this.raw(t, pins);
    this.pins[this.schedule.length] = this.engine.reads?.used.slice();
    this.schedule.push(t);
    this.events.push(ev);
    if (this.schedule.length % CHECKPOINT_EVERY === 0) this.checkpoints[this.schedule.length / CHECKPOINT_EVERY] = this.save();
    return ev;
  }

  /** Under the LKMM: the read-from pins the steps so far used, in step order (a witness's reads). */
  usedPins(): Pin[] {
    return this.pins.flatMap((p) => p ?? []);
  }

  /** Runs fn as one time travel of the engine (Engine.travel): its steps re-execute recorded ones. */
  private travel<T>(fn: () => T): T {
    return this.engine.travel ? this.engine.travel(fn) : fn();
  }

  /** Moves the engine back to position n (0 <= n <= position); the steps after n are dropped. */
  goTo(n: number): void {
    this.travel(() => this.replayTo(n));
  }

  private replayTo(n: number): void {
    const target = Math.max(0, Math.min(n, this.position));
    const k = Math.floor(target / CHECKPOINT_EVERY);
    this.restore(k);
    for (let i = k * CHECKPOINT_EVERY; i < target; i++) this.raw(this.schedule[i] ?? 0, this.pins[i] ?? []);
    this.schedule.length = target;
    this.events.length = target;
    this.pins.length = target;
    this.checkpoints.length = k + 1;
  }

  /**
   * Re-executes the schedule without step i (0-based): every other step stays, in order. A thread
   * that can no longer move at its turn takes a recorded spin, as a replayed schedule always does.
   */
  removeStep(i: number): void {
    const rest = this.schedule.slice(i + 1);
    const pins = this.pins.slice(i + 1);
    this.travel(() => {
      this.replayTo(i);
      rest.forEach((t, k) => {
        if (!this.engine.state().finished) this.step(t, pins[k] ?? []);
      });
    });
  }

  /**
   * Replays the whole recorded schedule from position 0, calling before(t, i) and after(t, i, ev)
   * around each step i. The engine ends where it was; the record is unchanged.
   */
  rescan(before: (t: number, index: number) => void, after?: (t: number, index: number, ev: StepEvent) => void): void {
    this.travel(() => {
      this.restore(0);
      for (let i = 0; i < this.position; i++) {
        const t = this.schedule[i] ?? 0;
        before(t, i);
        const ev = this.raw(t, this.pins[i] ?? []);
        after?.(t, i, ev);
      }
    });
  }
}
