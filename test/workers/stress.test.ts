// Stress mode against the model: free-running workers only ever end in outcomes the core's
// exhaustive exploration predicts (mainline and broken variants), an outcome outside the
// prediction is reported as unexpected, and on a machine with two CPUs or more the S1 race of
// no-run-lock-pair shows within 1000 runs with delays (measured: 10-30% of runs on 2 CPUs, but 0 for some seeds under load, hence up to three batches).
import { strict as assert } from 'node:assert';
import { availableParallelism } from 'node:os';
import { stress } from '../../src/workers/stress';
import { liveWorkers } from '../../src/workers/pool';
import { handS1, examplePrograms } from './programs';
import { exploreSync } from '../../src/explore';
import { Program } from '../../src/core';
import { listingVariantOf } from '../../src/workers/listingVariant';

/** The explorer's outcome set over the listing the workers run, as `tw stress` predicts with it. */
function reachableOutcomes(p: Program, variant: string): Set<string> {
  return new Set(exploreSync(p, { variant: listingVariantOf(p, variant) }).outcomes);
}

const S1_MAINLINE = [
  'T = NULL; A = ran(add 1, run 1, cancel 0); B = ran(add 1, run 1, cancel 0); canceller returned 0; owner returned nothing',
  'T = NULL; A = freed(add 1, run 0, cancel 1); B = ran(add 1, run 1, cancel 0); canceller returned freed A; owner returned nothing',
];
const S1_BROKEN = 'T = NULL; A = freed(add 1, run 1, cancel 1); B = ran(add 1, run 1, cancel 0); canceller returned freed A; owner returned nothing';

describe('workers: stress runs tell the same story as the model', function () {
  this.timeout(120000);
  afterEach(() => assert.equal(liveWorkers(), 0, 'a worker outlived its stress run'));

  it('the explorer predicts exactly the S1 outcomes the design names', () => {
    assert.deepEqual([...reachableOutcomes(handS1(), 'mainline')].sort(), [...S1_MAINLINE].sort());
    assert.deepEqual([...reachableOutcomes(handS1(), 'no-run-lock-pair')].sort(), [...S1_MAINLINE, S1_BROKEN].sort());
  });

  it('S1 on mainline: 300 runs, only predicted outcomes, no violation', async () => {
    const r = await stress(handS1(), { runs: 300, predicted: S1_MAINLINE, delays: true, seed: 5 });
    assert.equal(r.runs, 300);
    assert.deepEqual(r.unexpected, []);
    assert.deepEqual([...r.violations], []);
    assert.equal([...r.outcomes.values()].reduce((a, b) => a + b, 0), 300);
    for (const o of r.outcomes.keys()) assert.ok(S1_MAINLINE.includes(o), o);
  });

  it('an outcome outside the prediction is reported as unexpected, with the run that showed it', async () => {
    // Both mainline outcomes show in practically every batch of runs (about half each); claim only one.
    const r = await stress(handS1(), { runs: 300, predicted: [S1_MAINLINE[0] ?? ''], delays: true, seed: 9 });
    assert.deepEqual(r.unexpected, [S1_MAINLINE[1]]);
    assert.ok((r.evidence.get(S1_MAINLINE[1] ?? '')?.run ?? 0) >= 1);
  });

  it('S1 on no-run-lock-pair: only predicted outcomes; the race shows within 1000 runs with delays (2+ CPUs; up to 3 batches)', async () => {
    const predicted = reachableOutcomes(handS1(), 'no-run-lock-pair');
    // Real threads race by chance: on a loaded machine one seed's 1000 runs can miss the window
    // (seen: 0 of 1000 for one seed on both the old and the new build), so up to two more
    // batches with other seeds; every batch must stay within the predicted outcomes.
    let broken = 0, asserted = 0;
    const seen: string[] = [];
    for (const seed of [11, 12, 13]) {
      const r = await stress(handS1(), { variant: 'no-run-lock-pair', runs: 1000, delays: true, seed, predicted });
      assert.deepEqual(r.unexpected, [], `seed ${seed}`);
      for (const k of r.violations.keys()) assert.ok(['run-after-cancel', 'use-after-free', 'assertion'].includes(k), k);
      broken += r.outcomes.get(S1_BROKEN) ?? 0;
      asserted += r.violations.get('assertion') ?? 0;
      seen.push(`seed ${seed}: ${JSON.stringify([...r.outcomes])}`);
      if (broken >= 1 || availableParallelism() < 2) break;
    }
    if (availableParallelism() >= 2) {
      assert.ok(broken >= 1, `no broken outcome in 3 x 1000 runs: ${seen.join('; ')}`);
      assert.ok(asserted >= 1);
    }
  });

  it('every example under its variants: observed outcomes are a subset of the reachable ones', async () => {
    for (const { name, program } of examplePrograms()) {
      if (name.startsWith('s04')) continue; // livelocks by design: its outcomes depend on where the step bound cuts
      for (const variant of new Set(['mainline', ...program.expectations.map((e) => e.variant)])) {
        const predicted = reachableOutcomes(program, variant);
        const r = await stress(program, { variant, runs: 60, delays: true, seed: 13, predicted });
        assert.deepEqual(r.unexpected, [], `${name} under ${variant}`);
        assert.equal(r.runs, 60);
      }
    }
  });

  it('S10 deadlocks on every run: detected by the workers, reported like the core', async () => {
    const s10 = examplePrograms().find((e) => e.name.startsWith('s10'));
    assert.ok(s10);
    const r = await stress(s10.program, { runs: 40, predicted: reachableOutcomes(s10.program, 'mainline') });
    assert.equal(r.deadlocked, 40);
    assert.deepEqual([...r.violations], [['deadlock', 40]]);
    assert.deepEqual(r.unexpected, []);
  });
});
