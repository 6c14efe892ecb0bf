// Strategies that run whole executions from the root, one thread choice at a time: seeded random
// walks, PCT (probabilistic concurrency testing: random thread priorities with d-1 priority drops,
// Burckhardt et al., ASPLOS 2010). Execution i of a sampler draws from its own seed, so any
// subset of the runs (a shard, a worker's share) is reproducible alone. The policies are core's choosers.
import { Chooser, State, cloneState, pct, uniformRandom } from '../core';
import { Search } from './search';
import { Strategy, StrategyInit } from './strategy';

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
      const t = this.choose?.next(en, this.path[this.path.length - 1] ?? this.init.last, this.path.length) ?? -1;
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
    return uniformRandom(runSeed(this.seed, run));
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
    return pct(runSeed(this.seed, run), { threads: this.init.root.threads.length, depth: this.depth, length: this.length });
  }
}
