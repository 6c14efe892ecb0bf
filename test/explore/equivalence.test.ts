// The reductions against plain DFS: DPOR and the stateful search must find exactly the same outcome
// set and violation kinds, with fewer executions; DPOR must run exactly one execution per trace.
import * as assert from 'node:assert/strict';
import { Program } from '../../src/core';
import { exploreSync, countInterleavings, ExploreResult } from '../../src/explore';
import { compile, example, randomScenario, traceClasses } from './helpers';

const kinds = (r: ExploreResult): string[] => r.violations.map((v) => v.kind);

function compareAll(p: Program, variant: string): void {
  const dfs = exploreSync(p, { variant, strategy: 'dfs' });
  const dpor = exploreSync(p, { variant, strategy: 'dpor' });
  const stateful = exploreSync(p, { variant, strategy: 'stateful' });
  for (const r of [dfs, dpor, stateful]) assert.equal(r.complete, true);
  assert.deepEqual(dpor.outcomes, dfs.outcomes, 'dpor outcomes');
  assert.deepEqual(stateful.outcomes, dfs.outcomes, 'stateful outcomes');
  assert.deepEqual(kinds(dpor), kinds(dfs), 'dpor kinds');
  assert.deepEqual(kinds(stateful), kinds(dfs), 'stateful kinds');
  // Minimal schedules do not depend on the strategy that found the kind.
  assert.deepEqual(dpor.violations, dfs.violations);
  assert.deepEqual(stateful.violations, dfs.violations);
  const traces = traceClasses(p, variant);
  assert.equal(traces.executions, dfs.executions);
  assert.equal(dpor.executions, traces.classes, 'one dpor execution per trace');
  assert.ok(dpor.executions <= dfs.executions);
  assert.ok(stateful.states <= dfs.states);
  if (dfs.executions > traces.classes) assert.ok(dpor.executions < dfs.executions);
}

describe('explore: dpor and stateful agree with plain dfs', function () {
  this.timeout(60000);
  const cases: [string, string][] = [
    ['s01-cancel-vs-run', 'mainline'], ['s01-cancel-vs-run', 'no-run-lock-pair'],
    ['s02-exit-vs-add', 'mainline'], ['s02-exit-vs-add', 'no-sentinel'],
    ['s05-callback-frees-self', 'next-after-call'],
    ['s07-cancel-vs-add-head', 'mainline'], ['s07-cancel-vs-add-head', 'cancel-cas-fail-gives-up'],
    ['s08-cancel-vs-detach', 'mainline'], ['s08-cancel-vs-detach', 'store-detach'],
    ['s10-cancel-in-same-batch', 'mainline'],
    ['s11-lost-wakeup', 'mainline'], ['s11-lost-wakeup', 'check-then-clear'],
  ];
  for (const [name, variant] of cases) it(`${name} under ${variant}`, () => compareAll(example(name), variant));

  // The invariant only fails in the intermediate state "B freed, A not yet": the two frees touch
  // different cells, so without the invariant observer in the footprints DPOR would run one order.
  it('an invariant over two independent steps sees both orders', () => {
    const p = compile(`task T; work A = f; work B = f; callback f(cb) { }
      invariant !(freed(B) && !freed(A));
      thread a { free(A); } thread b { free(B); }`);
    compareAll(p, 'mainline');
    assert.deepEqual(kinds(exploreSync(p, { strategy: 'dpor' })), ['assertion']);
  });

  // The match predicate reads B's run count: the core's footprint of cancel.match names only the
  // candidate's cell, so without the predicate's reads the two threads would look independent.
  it('a match predicate that reads another work sees both orders', () => {
    const p = compile(`task T; task U; work A = f; work B = f; callback f(cb) { }
      setup { task_work_add(T, A, TWA_RESUME); task_work_add(U, B, TWA_RESUME); }
      thread canceller { let w = task_work_cancel_match(T, (cb) => cb == A && runs(B) == 0); }
      thread owner current(U) { task_work_run(); }`);
    compareAll(p, 'mainline');
    assert.equal(exploreSync(p, { strategy: 'dpor' }).outcomes.length, 2);
  });

  // The cycle check after add.cas walks the list: a concurrent add.link of a queued node changes
  // what it sees, although the two steps touch different objects by the core's footprints.
  it('a double add builds a cycle that the check sees whatever the order', () => {
    const p = compile(`task T; work A = f; work B = f; callback f(cb) { }
      setup { task_work_add(T, A, TWA_NONE); }
      thread a { task_work_add(T, B, TWA_NONE); } thread b { task_work_add(T, A, TWA_NONE); }`);
    compareAll(p, 'mainline');
  });

  it('S1 counts: 1410 / 23217 interleavings, 8 / 67 traces, far fewer stateful states', () => {
    const p = example('s01-cancel-vs-run');
    assert.deepEqual(traceClasses(p, 'mainline'), { executions: 1410, classes: 8 });
    assert.deepEqual(traceClasses(p, 'no-run-lock-pair'), { executions: 23217, classes: 67 });
    assert.equal(exploreSync(p, { strategy: 'stateful' }).states, 92);
  });
});

describe('explore: 50 seeded random small scenarios', function () {
  this.timeout(60000);
  // Scenarios whose plain interleaving count is small enough for DFS (livelocks are skipped).
  const picked: number[] = [];
  for (let seed = 1; picked.length < 50 && seed < 400; seed++) {
    const { text, variant } = randomScenario(seed);
    const c = countInterleavings(compile(text), variant, 300, 5000);
    if (c.complete && c.interleavings <= 20000) picked.push(seed);
  }
  it('found 50 scenarios', () => assert.equal(picked.length, 50));
  for (const seed of picked) {
    it(`seed ${seed}`, () => {
      const { text, variant } = randomScenario(seed);
      compareAll(compile(text), variant);
    });
  }
});
