// Strategies that run whole executions from the root, one thread choice at a time: seeded random
// walks, PCT (probabilistic concurrency testing: random thread priorities with d-1 priority drops,
// Burckhardt et al., ASPLOS 2010). Execution i of a sampler draws from its own seed, so any
// subset of the runs (a shard, a worker's share) is reproducible alone.
import { State, cloneState, seededRandom } from '../core';
import { Search } from './search';
import { Strategy, StrategyInit } from './strategy';

/** Chooses among the enabled threads, given the choices so far in this execution. */
type Chooser = (en: readonly number[], path: readonly number[]) => number;

/** The seed of run i: a multiplicative mix so neighbouring runs are unrelated. */
export function runSeed(seed: number, i: number): number {
  return (Math.imul(seed ^ 0x5bd1e995, 0x9e3779b1) + Math.imul(i + 1, 0x85ebca6b)) >>> 0;
}

/** Runs executions one by one, each with its own chooser; a run may span several advance() calls. */
abstract class ExecutionRunner implements Strategy {
  private state: State | undefined;
  private path: number[] = [];
  private choose: Chooser | undefined;
  private next = 0;

  constructor(protected readonly search: Search, protected readonly init: StrategyInit,
    private readonly runs: readonly number[]) {
    search.prepareRoot(init.root);
  }

  protected abstract chooser(run: number): Chooser;

  advance(budget: number): boolean {
    const { search } = this;
    for (let n = 0; n < budget; n++) {
      if (!this.state) {
        const run = this.runs[this.next++];
        if (run === undefined) return true;
        this.state = cloneState(this.init.root);
        this.path = [];
        this.choose = this.chooser(run);
        search.stats.states++;
        if (this.state.finished) { search.leaf(this.state); this.state = undefined; }
        continue;
      }
      const en = search.m.enabled(this.state);
      // Sampling tasks are batches of runs from the root: there are no forced choices (init.fixed).
      const t = this.choose?.(en, this.path) ?? -1;
      if (t < 0) { this.state = undefined; continue; } // a guard: the core finishes a state where no thread can move
      this.path.push(t);
      search.step(this.state, t, this.path, this.path.length);
      search.stats.states++;
      if (this.state.finished) { search.leaf(this.state); this.state = undefined; }
    }
    return this.state === undefined && this.next >= this.runs.length;
  }
}

export class RandomStrategy extends ExecutionRunner {
  constructor(search: Search, init: StrategyInit, runs: readonly number[], private readonly seed: number) {
    super(search, init, runs);
  }

  protected chooser(run: number): Chooser {
    const rnd = seededRandom(runSeed(this.seed, run));
    return (en) => en[Math.floor(rnd() * en.length)] ?? -1;
  }
}

export class PctStrategy extends ExecutionRunner {
  /**
   * @param depth PCT's bug depth d: d-1 priority change points per run
   * @param length estimated steps per execution (where change points are drawn)
   */
  constructor(search: Search, init: StrategyInit, runs: readonly number[], private readonly seed: number,
    private readonly depth: number, private readonly length: number) {
    super(search, init, runs);
  }

  protected chooser(run: number): Chooser {
    const rnd = seededRandom(runSeed(this.seed, run));
    const n = this.init.root.threads.length;
    const d = Math.max(1, this.depth);
    // Initial priorities d .. d+n-1 in random order (higher runs first); drops go to 1 .. d-1.
    const prio = Array.from({ length: n }, (_, i) => d + i);
    for (let i = n - 1; i > 0; i--) {
      const j = Math.floor(rnd() * (i + 1));
      const a = prio[i] ?? 0;
      prio[i] = prio[j] ?? 0;
      prio[j] = a;
    }
    const changes = Array.from({ length: d - 1 }, () => 1 + Math.floor(rnd() * Math.max(1, this.length)));
    return (en, path) => {
      let best = this.highest(en, prio);
      const drop = changes.indexOf(path.length);
      if (drop >= 0 && best >= 0) {
        prio[best] = d - 1 - drop;
        best = this.highest(en, prio);
      }
      return best;
    };
  }

  private highest(en: readonly number[], prio: readonly number[]): number {
    let best = -1;
    for (const t of en) if (best < 0 || (prio[t] ?? 0) > (prio[best] ?? 0)) best = t;
    return best;
  }
}
