// Which thread runs next: the one home of every scheduling policy (round-robin, seeded random,
// PCT, a replayed prefix then another policy). `tw run`'s fill, the debugger's Continue and the
// explorer's samplers all ask a Chooser, so a seed or a schedule means the same run everywhere.

/** mulberry32: a tiny seeded generator, so "random" runs replay exactly (the core never reads a clock). */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** A scheduling policy, asked once per atomic step. It may keep state (a generator, priorities). */
export interface Chooser {
  /**
   * The thread to step next, or -1 to stop here.
   * @param enabled the threads that can move now, ascending (the caller may leave some out: parked ones)
   * @param last the thread that took the previous step (-1 before the first)
   * @param step steps taken so far in this execution (where PCT's change points and a replay stand)
   */
  next(enabled: readonly number[], last: number, step: number): number;
}

/** How `run` continues once its prefix is used up. */
export type FillPolicy = { kind: 'round-robin' } | { kind: 'random'; seed: number } | { kind: 'none' };

// Each policy is a class, not an object of closures: one shape and one method per policy keeps
// the call in run's loop cheap (closures measured ~8% slower there).

/** The first enabled thread after `last`, wrapping around (so `last` itself only when alone). */
class RoundRobin implements Chooser {
  next(enabled: readonly number[], last: number): number {
    for (const t of enabled) if (t > last) return t;
    return enabled[0] ?? -1;
  }
}

/**
 * An enabled thread drawn uniformly from a seeded generator. Nothing is drawn when no thread is
 * enabled, so the debugger's Continue, stopped there and resumed, keeps the same sequence.
 */
class UniformRandom implements Chooser {
  private readonly rnd: () => number;
  constructor(seed: number) { this.rnd = seededRandom(seed); }
  next(enabled: readonly number[]): number {
    return enabled.length ? (enabled[Math.floor(this.rnd() * enabled.length)] ?? -1) : -1;
  }
}

/** Never steps: the run stops where its prefix ends. */
class StopHere implements Chooser {
  next(): number { return -1; }
}

/**
 * The prefix's threads, one per step, then `then`. A replayed step is taken even when its thread
 * cannot move (the machine records a spin), as a schedule the user wrote says.
 */
class Replay implements Chooser {
  constructor(private readonly prefix: readonly number[], private readonly then: Chooser) {}
  next(enabled: readonly number[], last: number, step: number): number {
    return step < this.prefix.length ? (this.prefix[step] ?? -1) : this.then.next(enabled, last, step);
  }
}

export function roundRobin(): Chooser { return new RoundRobin(); }
export function uniformRandom(seed: number): Chooser { return new UniformRandom(seed); }
export function stopHere(): Chooser { return new StopHere(); }
export function replay(prefix: readonly number[], then: Chooser): Chooser { return new Replay(prefix, then); }

export function fillChooser(fill: FillPolicy): Chooser {
  if (fill.kind === 'none') return stopHere();
  return fill.kind === 'random' ? uniformRandom(fill.seed) : roundRobin();
}

/** What a driver shows a chooser between steps: whether the execution is over, who can move now. */
export interface ChoiceView {
  finished(): boolean;
  enabled(): readonly number[];
}

/**
 * The threads `choose` picks, one per step, until it stops or the execution finishes. The caller
 * takes each step before asking for the next (even across an await); last and step are kept here.
 * `after` is the thread that stepped before these choices began (-1: none).
 */
export function* choices(choose: Chooser, view: ChoiceView, after = -1): Generator<number, void, void> {
  for (let step = 0, last = after; !view.finished(); step++) {
    const t = choose.next(view.enabled(), last, step);
    if (t < 0) return;
    yield t;
    last = t;
  }
}

export interface PctOptions {
  /** Threads in the scenario (each gets a priority). */
  threads: number;
  /** PCT's bug depth d: d-1 priority change points per execution. */
  depth: number;
  /** Estimated steps per execution: the change points are drawn from 1..length. */
  length: number;
}

/**
 * PCT (probabilistic concurrency testing, Burckhardt et al., ASPLOS 2010): random distinct
 * thread priorities, the highest enabled thread runs; at each of d-1 random steps the running
 * thread drops below every initial priority. One chooser is one execution.
 */
class Pct implements Chooser {
  private readonly prio: number[];
  private readonly changes: number[];
  private readonly d: number;

  constructor(seed: number, o: PctOptions) {
    const rnd = seededRandom(seed);
    const d = this.d = Math.max(1, o.depth);
    // Initial priorities d .. d+n-1 in random order (higher runs first); drops go to 1 .. d-1.
    const prio = this.prio = Array.from({ length: o.threads }, (_, i) => d + i);
    for (let i = o.threads - 1; i > 0; i--) {
      const j = Math.floor(rnd() * (i + 1));
      const a = prio[i] ?? 0;
      prio[i] = prio[j] ?? 0;
      prio[j] = a;
    }
    this.changes = Array.from({ length: d - 1 }, () => 1 + Math.floor(rnd() * Math.max(1, o.length)));
  }

  next(enabled: readonly number[], _last: number, step: number): number {
    let best = highest(enabled, this.prio);
    const drop = this.changes.indexOf(step);
    if (drop >= 0 && best >= 0) {
      this.prio[best] = this.d - 1 - drop;
      best = highest(enabled, this.prio);
    }
    return best;
  }
}

export function pct(seed: number, o: PctOptions): Chooser { return new Pct(seed, o); }

function highest(enabled: readonly number[], prio: readonly number[]): number {
  let best = -1;
  for (const t of enabled) if (best < 0 || (prio[t] ?? 0) > (prio[best] ?? 0)) best = t;
  return best;
}
