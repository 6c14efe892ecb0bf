// Declared verdicts: every example's `expect` lines hold over all interleavings, and the checker
// tells pass, fail, inconclusive and not-explored apart.
import * as assert from 'node:assert/strict';
import { readdirSync } from 'node:fs';
import * as path from 'node:path';
import { exploreSync, exploreProgramSync, checkExpectations, expectationsFor, ExploreResult } from '../../src/explore';
import { compile, example } from './helpers';

describe('explore: declared expectations', function () {
  this.timeout(60000);
  const names = readdirSync(path.join(__dirname, '..', '..', 'examples')).filter((f) => f.endsWith('.tw')).map((f) => f.slice(0, -3));
  for (const name of names) {
    it(`${name}: every expect holds`, () => {
      const p = example(name);
      const results: Record<string, ExploreResult> = {};
      for (const e of p.expectations) results[e.variant] = exploreSync(p, { variant: e.variant });
      const verdicts = checkExpectations(p, results);
      assert.ok(verdicts.length > 0);
      for (const v of verdicts) assert.equal(v.status, 'pass', v.message);
    });
  }

  it('fails an unexpected kind and a missing one, and is inconclusive on a cut search', () => {
    const p = compile(`expect mainline: ok;
      expect no-run-lock-pair: use-after-free;
      expect no-sentinel: lost-work;
      expect xchg-run: ok;
      task T; work A = fa; work B = fb; callback fa(cb) { } callback fb(cb) { }
      setup { task_work_add(T, A, TWA_RESUME); task_work_add(T, B, TWA_RESUME); }
      thread canceller { let w = task_work_cancel_func(T, fa); if (w == A) free(A); }
      thread owner current(T) { task_work_run(); }`);
    const results = new Map<string, ExploreResult>([
      ['mainline', exploreSync(p, { variant: 'mainline' })],
      ['no-run-lock-pair', exploreSync(p, { variant: 'no-run-lock-pair' })],
      ['no-sentinel', exploreSync(p, { variant: 'no-sentinel', strategy: 'dfs', maxExecutions: 3 })],
    ]);
    const v = checkExpectations(p, results);
    assert.deepEqual(v.map((x) => x.status), ['pass', 'fail', 'inconclusive', 'not-explored']);
    assert.deepEqual(v[1]?.unexpected, ['run-after-cancel']);
    assert.equal(v[1]?.message, 'expect no-run-lock-pair: use-after-free: found use-after-free, run-after-cancel (run-after-cancel not expected)');
    assert.deepEqual(v[2]?.missing, ['lost-work']);
    assert.match(v[2]?.message ?? '', /exploration incomplete \(max-executions\)/);
  });

  // Two adders of one work: under sc the double add; under the LKMM also the race of the two plain links.
  const ADDERS = `task T;\nwork A = fa;\ncallback fa(cb) { }
    thread adder1 { task_work_add(T, A, TWA_RESUME); }\nthread adder2 { task_work_add(T, A, TWA_RESUME); }\n`;

  it("an expect line naming a memory model judges the search under that model; the other lines the file's", () => {
    const p = compile(`expect mainline: double-add, list-cycle;\nexpect mainline lkmm: double-add, list-cycle, data-race;\n${ADDERS}`);
    assert.deepEqual(expectationsFor(p, 'sc').map((e) => e.memory ?? 'file'), ['file']);
    assert.deepEqual(expectationsFor(p, 'lkmm').map((e) => e.memory ?? 'file'), ['lkmm']);
    const sc = checkExpectations(p, { mainline: exploreSync(p, { variant: 'mainline' }) });
    assert.deepEqual(sc.map((v) => [v.status, v.message]), [['pass', 'expect mainline: double-add, list-cycle: found double-add, list-cycle']]);
    const lkmm = checkExpectations(p, { mainline: exploreProgramSync(p, { variant: 'mainline', memory: 'lkmm' }) });
    assert.deepEqual(lkmm.map((v) => [v.status, v.message]), [['pass', 'expect mainline lkmm: double-add, list-cycle, data-race: found double-add, list-cycle, data-race']]);
    // Without a line for the LKMM the file's line judges it (as before lines could name a model): the race is not expected.
    const only = compile(`expect mainline: double-add, list-cycle;\n${ADDERS}`);
    const v = checkExpectations(only, { mainline: exploreProgramSync(only, { variant: 'mainline', memory: 'lkmm' }) });
    assert.equal(v[0]?.status, 'fail');
    assert.match(v[0]?.message ?? '', /data-race not expected/);
  });

  it("in a memory lkmm file a line naming sc judges the sc search", () => {
    const p = compile(`memory lkmm;\nexpect mainline: double-add, list-cycle, data-race;\nexpect mainline sc: double-add, list-cycle;\n${ADDERS}`);
    assert.deepEqual(expectationsFor(p, 'sc').map((e) => e.memory), ['sc']);
    assert.deepEqual(expectationsFor(p, 'lkmm').map((e) => e.memory), [undefined]);
    const sc = checkExpectations(p, { mainline: exploreSync(p, { variant: 'mainline', memory: 'sc' }) }, 'sc');
    assert.deepEqual(sc.map((v) => v.status), ['pass']);
  });
});
