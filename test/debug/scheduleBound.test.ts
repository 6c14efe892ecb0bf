// A schedule is never materialised past the step limit: 1,700 entries of `a*100000` (170 million
// steps in 16 KB of text) are refused with a clear error by resolveSchedule, `tw run` and a launch.
import * as assert from 'node:assert';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { resolveSchedule } from '../../src/core';
import { tw } from '../cli/harness';
import { closeAdapter, newClient, stopClient, within } from './harness';

const HUGE = Array(1700).fill('a*100000').join(' ');
const SCENARIO = `task T;
work A = fa;
callback fa(cb) { }
thread a { task_work_add(T, A, TWA_NONE); }
schedule huge = "${HUGE}";
`;

describe('debug: schedules bounded when expanded', function () {
  this.timeout(30000);
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tw-schedule-'));
  const file = path.join(dir, 'huge.tw');
  before(() => fs.writeFileSync(file, SCENARIO));
  after(async () => { fs.rmSync(dir, { recursive: true, force: true }); await closeAdapter(); });

  it('resolveSchedule stops at the entry that passes maxSteps, as a malformed schedule', () => {
    const program = { threads: [{ name: 'a' }], schedules: [{ name: 'huge', text: HUGE }] };
    const r = resolveSchedule(program, 'huge', 250000);
    assert.strictEqual(r.kind, 'malformed');
    if (r.kind !== 'malformed') return;
    assert.match(r.error.message, /more than 250000 steps \(the step limit\) from 'a\*100000'/);
    assert.strictEqual(r.error.offset, 2 * 'a*100000 '.length, 'the third entry crosses the limit');
    const ok = resolveSchedule(program, 'a*3 a', 4);
    assert.deepStrictEqual(ok.kind === 'ok' && ok.threads, [0, 0, 0, 0]);
    assert.strictEqual(resolveSchedule(program, 'a*3 a', 3).kind, 'malformed');
    const unbounded = resolveSchedule(program, 'huge', 1e12); // a step limit with no ceiling of its own
    assert.match(unbounded.kind === 'malformed' ? unbounded.error.message : '', /more than 10000000 steps \(the most a schedule may have\)/);
  });

  it('`tw run --schedule huge` refuses it (exit 2) instead of crashing V8', async () => {
    const r = await tw('run', file, '--schedule', 'huge');
    assert.strictEqual(r.code, 2, r.err);
    assert.match(r.err, /--schedule: the schedule has more than 10000 steps/);
    const raised = await tw('run', file, '--schedule', 'a*20000', '--max-steps', '30000');
    assert.notStrictEqual(raised.code, 2, `--max-steps raises the bound: ${raised.err}`);
  });

  it('a launch with the huge schedule is refused, naming the attribute', async () => {
    const dc = await newClient();
    try {
      await within(dc.initializeRequest({ adapterID: 'tw', pathFormat: 'path' }), 'initialize');
      const err = await within(dc.launchRequest({ program: file, schedule: 'huge' } as never).then(() => '', (e: Error) => e.message), 'launch');
      assert.match(err, /launch attribute 'schedule': the schedule has more than 10000 steps/);
    } finally {
      await stopClient(dc);
    }
  });
});
