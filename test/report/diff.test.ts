// `tw diff`: two schedules of S1 side by side (golden), the first divergence, the state difference
// after a chosen step, the same interleaving (exit 0) and bad input (exit 2).
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { tw } from '../cli/harness';
import { matchGolden } from '../golden';
import { Machine } from '../../src/core';
import { diffSchedules, stateDifference, stateAfter } from '../../src/report';
import { example } from '../explore/helpers';

const S1 = 'examples/s01-cancel-vs-run.tw';

describe('tw diff', () => {
  it("S1's race against the canceller finishing first: they part at step 6, A frees what B never runs", async () => {
    const r = await tw('diff', S1, '--variant', 'no-run-lock-pair', '--schedule', 'race', '--with', 'canceller*9');
    assert.equal(r.code, 1, r.err);
    assert.match(r.out, /common prefix: 5 step\(s\) \(canceller\*5\); they part at step 6/);
    assert.match(r.out, /^ +6\* owner +run\.load +canceller cancel\.match$/m);
    assert.match(r.out, /^ {2}A work A: freed \(added 1, ran 1, cancelled 1\)\n {2}B work A: freed \(added 1, ran 0, cancelled 1\)$/m);
    matchGolden(join('test/report/golden', 's1-diff.txt'), `${r.out}\n`);
  });

  it('--at N compares the states after step N: who holds pi_lock, what is detached, where each thread is', async () => {
    const r = await tw('diff', S1, '--variant', 'no-run-lock-pair', '--schedule', 'race', '--with', 'canceller*9', '--at', '9');
    assert.match(r.out, /state after step 9: A and B differ in/);
    assert.match(r.out, /A task T: task_works = NULL; pi_lock held by canceller/);
    assert.match(r.out, /B thread canceller: finished/);
    const five = await tw('diff', S1, '--schedule', 'race', '--with', 'canceller*9', '--at', '5');
    assert.match(five.out, /state after step 5: the same/, 'nothing differs before they part');
  });

  it('the same interleaving written two ways is exit 0; a named schedule and its text agree', async () => {
    const r = await tw('diff', S1, '--schedule', 'race', '--with', 'canceller*5 owner*5 canceller*4 owner*4');
    assert.equal(r.code, 0, r.err);
    assert.match(r.out, /the same interleaving/);
  });

  it('bad input: a missing --with, an unknown thread, --at out of range are exit 2', async () => {
    assert.equal((await tw('diff', S1, '--schedule', 'race')).code, 2);
    const unknown = await tw('diff', S1, '--schedule', 'race', '--with', 'nobody*2');
    assert.equal(unknown.code, 2);
    assert.match(unknown.err, /no thread named 'nobody'/);
    const at = await tw('diff', S1, '--schedule', 'race', '--with', 'owner', '--at', '99');
    assert.equal(at.code, 2);
    assert.match(at.err, /--at must be a step from 1 to/);
  });

  it('stateDifference is empty for equal states and names each differing line once per side', () => {
    const m = new Machine(example('s01-cancel-vs-run'), 'mainline');
    const d = diffSchedules(m, [0, 0], [1, 1]);
    assert.equal(d.common, 0);
    assert.deepEqual(stateDifference(m, stateAfter(m, d.a.schedule, 0), stateAfter(m, d.b.schedule, 0)), []);
    const lines = stateDifference(m, stateAfter(m, d.a.schedule, 2), stateAfter(m, d.b.schedule, 2));
    assert.equal(lines.length % 2, 0);
    assert.ok(lines.every((l, i) => l.startsWith(i % 2 === 0 ? '  A ' : '  B ')));
  });
});
