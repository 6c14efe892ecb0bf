// Exact execution counts for tiny scenarios, with the interleavings worked out by hand.
import * as assert from 'node:assert/strict';
import { exploreSync, countInterleavings } from '../../src/explore';
import { compile, traceClasses } from './helpers';

const TWO_ADDS = `task T; work A = f; work B = f; callback f(cb) { }
thread a { task_work_add(T, A, TWA_NONE); }
thread b { task_work_add(T, B, TWA_NONE); }`;

describe('explore: exact counts', () => {
  /*
   * Two threads each add one work: load, check, link, cas, notify = 5 steps when the CAS succeeds.
   * A CAS fails when the other thread's CAS lands between this thread's load and CAS; the loser
   * then takes check, link, cas again (the retry cannot fail: the winner is done with the head),
   * then notify: 8 steps.
   *  - No failure: the first CAS (say a's) precedes b's load, so a1..a4 come first and a5 (notify)
   *    goes anywhere among b's 5 steps: 6 ways; symmetric for b first: 12.
   *  - a's CAS first and b's first CAS fails: b1 < a4 < b4. With k of b's steps before a4 (k = 1..3),
   *    a1..a3 mix with b1..bk in C(3+k, 3) ways and a5 with b(k+1)..b8 in 9-k ways:
   *    4*8 + 10*7 + 20*6 = 222; symmetric for b first: 222.
   *  Total 12 + 444 = 456.
   * Traces (Mazurkiewicz classes): loads and links commute with everything of the other thread
   * except its CAS, so a class is fixed by who CASes first, whether the loser's load came before
   * the winner's CAS (retry or not), and the order of the two notifies (both write the flags):
   * 2 * 2 * 2 = 8.
   */
  it('two adds to one task: 456 interleavings, 8 traces', () => {
    const p = compile(TWO_ADDS);
    assert.equal(exploreSync(p, { strategy: 'dfs' }).executions, 456);
    assert.equal(countInterleavings(p, 'mainline', 300).interleavings, 456);
    assert.deepEqual(traceClasses(p, 'mainline'), { executions: 456, classes: 8 });
    assert.equal(exploreSync(p, { strategy: 'dpor' }).executions, 8);
    // Outcomes: the list is A -> B or B -> A, both works pending, both adds returned 0.
    assert.equal(exploreSync(p, { strategy: 'stateful' }).outcomes.length, 2);
  });

  /* free(A) | free(B): "a b" and "b a"; different cells, so one trace. */
  it('frees of two different works commute: 2 interleavings, 1 trace', () => {
    const p = compile(`task T; work A = f; work B = f; callback f(cb) { }
      thread a { free(A); } thread b { free(B); }`);
    assert.equal(exploreSync(p, { strategy: 'dfs' }).executions, 2);
    assert.equal(exploreSync(p, { strategy: 'dpor' }).executions, 1);
  });

  /* free(A) | free(A): "a b" and "b a" are two traces, each a double free (use-after-free). */
  it('two frees of one work: 2 interleavings, 2 traces, a double free either way', () => {
    const p = compile(`task T; work A = f; callback f(cb) { }
      thread a { free(A); } thread b { free(A); }`);
    const dfs = exploreSync(p, { strategy: 'dfs' });
    const dpor = exploreSync(p, { strategy: 'dpor' });
    assert.equal(dfs.executions, 2);
    assert.equal(dpor.executions, 2);
    assert.deepEqual(dpor.violations.map((v) => [v.kind, v.schedule, v.message]), [['use-after-free', 'a b', 'b: free of freed A at free']]);
  });

  /* No thread at all: one (empty) execution whose end checks still run. */
  it('a scenario with no thread is one execution', () => {
    const p = compile('task T; work A = f; callback f(cb) { } setup { task_work_add(T, A, TWA_RESUME); }');
    for (const strategy of ['dfs', 'dpor', 'stateful'] as const) assert.equal(exploreSync(p, { strategy }).executions, 1);
  });
});
