// Worker threads and shards: the same violations, outcomes and verdict whatever the worker count;
// the split does not depend on the worker count, so its counts match too (workers: 1 runs unsplit,
// and so does explore() for a search that ends within its pilot budget).
import * as assert from 'node:assert/strict';
import { explore, exploreSync, mergeResults, ExploreResult, StrategyName } from '../../src/explore';
import { exploreParallel } from '../../src/explore/parallel';
import { example } from './helpers';

const verdict = (r: ExploreResult): unknown => ({ violations: r.violations, outcomes: r.outcomes, complete: r.complete });
const counts = (r: ExploreResult): unknown => ({ executions: r.executions, states: r.states, pruned: r.pruned, steps: r.steps });

describe('explore: parallel workers and shards', function () {
  this.timeout(120000);
  const cases: [string, string, StrategyName][] = [
    ['s01-cancel-vs-run', 'no-run-lock-pair', 'dfs'],
    ['s01-cancel-vs-run', 'no-run-lock-pair', 'dpor'],
    ['s06-aba-address-reuse', 'no-run-lock-pair', 'dpor'],
    ['s03-two-cancellers', 'mainline', 'dpor'],
  ];
  for (const [name, variant, strategy] of cases) {
    it(`${name} under ${variant} (${strategy}): 1, 2, 4 workers and 3 shards merged`, async () => {
      const p = example(name);
      const one = await explore(p, { variant, strategy, workers: 1 });
      const two = await exploreParallel(p, { variant, strategy, workers: 2 }, 0); // split, whatever the size
      const four = await exploreParallel(p, { variant, strategy, workers: 4 }, 0);
      const shards = mergeResults([2, 0, 1].map((index) => exploreSync(p, { variant, strategy, shard: { index, count: 3 } })));
      assert.deepEqual(verdict(two), verdict(one));
      assert.deepEqual(verdict(four), verdict(one));
      assert.deepEqual(verdict(shards), verdict(one));
      assert.deepEqual(counts(four), counts(two));
      assert.deepEqual(counts(shards), counts(two));
      assert.deepEqual(counts(one), counts(exploreSync(p, { variant, strategy })));
      // Within the pilot budget explore() does not split: the same counts as one worker.
      assert.deepEqual(counts(await explore(p, { variant, strategy, workers: 2 })), counts(one));
      if (strategy === 'dfs') assert.equal(two.executions, one.executions); // a plain DFS split loses nothing
    });
  }

  it('random sampling: the runs are split, not changed', async () => {
    const p = example('s01-cancel-vs-run');
    const o = { variant: 'no-run-lock-pair', strategy: 'random' as const, maxExecutions: 300, seed: 7 };
    const one = await explore(p, { ...o, workers: 1 });
    const two = await exploreParallel(p, { ...o, workers: 2 }, 0);
    assert.equal(one.executions, 300);
    assert.equal(one.complete, false);
    assert.deepEqual(verdict(two), verdict(one));
    assert.deepEqual(counts(two), counts(one));
    assert.ok(one.violations.length > 0);
  });

  it('shards that do not cover the whole tree are not complete', () => {
    const p = example('s01-cancel-vs-run');
    const part = mergeResults([0, 1].map((index) => exploreSync(p, { strategy: 'dfs', shard: { index, count: 3 } })));
    assert.equal(part.complete, false);
  });
});
