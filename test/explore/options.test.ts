// Options: validation messages, the preemption bound, the sampling strategies and their seeds.
import * as assert from 'node:assert/strict';
import { exploreSync, exploreProgramSync, validateOptions } from '../../src/explore';
import { example } from './helpers';

describe('explore: options', function () {
  this.timeout(60000);
  const s1 = example('s01-cancel-vs-run');

  it('names the bad option', () => {
    assert.deepEqual(validateOptions(s1, { variant: 'no-such', bound: -1, shard: { index: 3, count: 3 }, workers: 0 }), [
      "variant: unknown variant 'no-such'",
      'bound: expected an integer >= 0, found -1',
      'workers: expected an integer >= 1, found 0',
      'shard: expected 0 <= index < count, found 3/3',
    ]);
    assert.throws(() => exploreSync(s1, { strategy: 'bfs' as never }), /strategy: expected one of stateful, dpor, dfs, random, pct, found 'bfs'/);
  });

  it('openCycles: an integer >= 1, under memory lkmm only', () => {
    assert.deepEqual(validateOptions(s1, { openCycles: 0, memory: 'lkmm' }), ['openCycles: expected an integer >= 1, found 0']);
    assert.deepEqual(validateOptions(s1, { openCycles: 2 }), ['openCycles: only under memory lkmm']);
    assert.deepEqual(validateOptions(s1, { openCycles: 2, memory: 'lkmm' }), []);
    // The LKMM search takes it (its SC comparison does not), and S1 needs no load buffering.
    const one = exploreProgramSync(s1, { memory: 'lkmm' });
    const two = exploreProgramSync(s1, { memory: 'lkmm', openCycles: 2 });
    assert.equal(two.complete, true);
    assert.deepEqual([two.outcomes, two.executions], [one.outcomes, one.executions]);
  });

  it('a preemption bound cuts the search (CHESS): S1 needs 2 preemptions for the use-after-free', () => {
    for (const strategy of ['dfs', 'stateful'] as const) {
      const b0 = exploreSync(s1, { variant: 'no-run-lock-pair', strategy, bound: 0 });
      assert.deepEqual(b0.violations, [], strategy);
      assert.equal(b0.complete, false);
      assert.equal(b0.stopped, 'bound');
      const b1 = exploreSync(s1, { variant: 'no-run-lock-pair', strategy, bound: 1 });
      assert.deepEqual(b1.violations.map((v) => v.kind), ['assertion'], strategy);
      const b2 = exploreSync(s1, { variant: 'no-run-lock-pair', strategy, bound: 2 });
      assert.deepEqual(b2.violations.map((v) => v.kind), ['use-after-free', 'run-after-cancel', 'assertion'], strategy);
    }
  });

  it('random and pct are reproducible from their seed and find the S1 race', () => {
    for (const strategy of ['random', 'pct'] as const) {
      const a = exploreSync(s1, { variant: 'no-run-lock-pair', strategy, seed: 3, maxExecutions: 400 });
      const b = exploreSync(s1, { variant: 'no-run-lock-pair', strategy, seed: 3, maxExecutions: 400 });
      assert.equal(a.executions, 400);
      assert.equal(a.complete, false);
      assert.deepEqual({ ...a, timeMs: 0 }, { ...b, timeMs: 0 });
      assert.ok(a.violations.length > 0, strategy);
      assert.ok(a.outcomes.length <= 3);
    }
  });

  it('maxExecutions stops an exhaustive search early and says so', () => {
    const r = exploreSync(s1, { variant: 'no-run-lock-pair', strategy: 'dfs', maxExecutions: 10 });
    assert.equal(r.complete, false);
    assert.equal(r.stopped, 'max-executions');
  });

  it('maxSteps is the per-execution bound', () => {
    const r = exploreSync(example('s04-double-add'), { maxSteps: 60 });
    assert.equal(r.violations.find((v) => v.kind === 'step-limit')?.steps, 60);
  });
});
