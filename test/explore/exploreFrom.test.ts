// "Explore from here": continuations of a mid-run state, schedules replayable from the start,
// progress reports, and cancellation between slices.
import * as assert from 'node:assert/strict';
import { Machine, run, parseSchedule, expandSchedule } from '../../src/core';
import { exploreFrom, exploreSync } from '../../src/explore';
import { example } from './helpers';

function pathOf(names: string, threads: { name: string }[]): number[] {
  return expandSchedule(parseSchedule(names).entries).map((n) => threads.findIndex((t) => t.name === n));
}

describe('explore: exploreFrom', function () {
  this.timeout(60000);

  it('explores the continuations of a paused state; schedules start with the steps taken so far', async () => {
    const p = example('s01-cancel-vs-run');
    const m = new Machine(p, 'no-run-lock-pair');
    const prefix = pathOf('canceller*5', p.threads);
    const paused = run(m, { prefix, fill: { kind: 'none' } }).state;
    const r = await exploreFrom(m, paused, prefix, { strategy: 'dpor' });
    assert.equal(r.complete, true);
    assert.deepEqual(r.violations.map((v) => v.kind), ['use-after-free', 'run-after-cancel', 'assertion']);
    for (const v of r.violations) {
      assert.deepEqual(v.path.slice(0, prefix.length), prefix);
      assert.ok(run(m, { prefix: v.path }).state.violations.some((x) => x.kind === v.kind));
    }
    // The canceller already walked to A: every continuation is one of the full search's outcomes.
    const all = exploreSync(p, { variant: 'no-run-lock-pair' }).outcomes;
    for (const o of r.outcomes) assert.ok(all.includes(o), o);
    assert.equal(paused.steps, 5, 'the caller state is not touched');
  });

  it('a prefix with a spin step (a blocked thread stepped in the debugger) still replays', async () => {
    const p = example('s01-cancel-vs-run');
    const m = new Machine(p, 'mainline');
    const prefix = pathOf('canceller*2 owner*3 owner*2', p.threads); // the owner spins at run.lock
    const state = run(m, { prefix, fill: { kind: 'none' } }).state;
    const r = await exploreFrom(m, state, prefix, { strategy: 'stateful' });
    assert.equal(r.complete, true);
    assert.deepEqual(r.violations, []);
  });

  it('reports progress and stops when cancelled', async () => {
    const p = example('s03-two-cancellers');
    const m = new Machine(p, 'cancel-without-lock');
    const { state } = m.init();
    let reports = 0;
    let cancel = false;
    const r = await exploreFrom(m, state, [], { strategy: 'dfs' }, () => { reports++; cancel = true; }, () => cancel);
    assert.ok(reports >= 1);
    assert.equal(r.stopped, 'cancelled');
    assert.equal(r.complete, false);
  });

  it('rejects a prefix that does not lead to the state', async () => {
    const p = example('s01-cancel-vs-run');
    const m = new Machine(p, 'mainline');
    const state = run(m, { prefix: [0, 0], fill: { kind: 'none' } }).state;
    await assert.rejects(exploreFrom(m, state, [1], {}), /prefix does not lead to the given state/);
  });
});
