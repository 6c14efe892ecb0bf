// v3.5's hlist: a work's third word, pprev, in the core's memory, the workers' heap and the
// pictures: add points the old first work back at the new one, cancel unlinks through pprev and
// repairs the next work's, and run walks back along pprev to run the batch oldest first.
import assert from 'node:assert/strict';
import { Machine, run, addressOfSlot, taskFieldAddr, taskPtr, pointerName, locationName, W_NEXT, W_FUNC, W_PPREV } from '../../src/core';
import { historyVariant } from '../../src/model';
import { compile, threadsOf } from '../unit/helpers';
import { tw } from '../cli/harness';
import { writeFileSync, mkdtempSync } from 'node:fs';
import { join } from 'node:path';
import { tmpdir } from 'node:os';

const SRC = `task T;
work A = fa;
work B = fb;
work C = fc;
callback fa(cb) { }
callback fb(cb) { }
callback fc(cb) { }
setup {
    task_work_add(T, A, TWA_RESUME);
    task_work_add(T, B, TWA_RESUME);
    task_work_add(T, C, TWA_RESUME);
}
thread canceller { let w = task_work_cancel_func(T, fb); if (w == B) free(B); }
thread owner current(T) { task_work_run(); }
schedule cancel_then_run = "canceller*20 owner*30";
`;

describe('model: v3.5, the hlist (a third word per work: pprev)', () => {
  const v35 = historyVariant('v3.5')!.variant!;
  const program = compile(SRC);
  const [, B, C] = [0, 1, 2].map((i) => addressOfSlot(program.works[i]!.slot));
  const head = taskFieldAddr(taskPtr(0), 0);

  it('add links pprev both ways: the newest points at the head, each older one at the next newer work', () => {
    const m = new Machine(program, v35);
    const { state } = m.init(); // the setup's three adds
    assert.equal(state.tasks[0]!.taskWorks, C);
    assert.deepEqual([0, 1, 2].map((i) => state.cells[program.works[i]!.slot]!.pprev), [B, C, head]);
    assert.equal(pointerName(m.ctx, state, head), '&T.task_works');
  });

  it('the weak-memory graph names each of a work\'s three words (under --memory lkmm)', () => {
    const m = new Machine(program, v35);
    assert.deepEqual([W_NEXT, W_FUNC, W_PPREV].map((w) => locationName(m.ctx, (B as number) + w)), ['B.next', 'B.func', 'B.pprev']);
    assert.equal(locationName(m.ctx, head), 'T.task_works');
  });

  it('cancel unlinks B through its pprev and points A back at C; run then calls A before C', () => {
    const m = new Machine(program, v35);
    const r = run(m, { prefix: threadsOf(program, 'canceller*20 owner*30'), detail: true });
    assert.deepEqual(r.state.violations, []);
    assert.equal(r.state.cells[program.works[0]!.slot]!.pprev, C);
    assert.deepEqual(r.state.works.map((w) => w.life), ['ran', 'freed', 'ran']);
    assert.equal(r.steps.filter((e) => (e.event.label as string) === 'run.pprev').length, 2);
    const called = r.steps.filter((e) => e.event.label === 'run.call').map((e) => /run\.call\s+write (\w+)/.exec(e.text)?.[1]);
    assert.deepEqual(called, ['A', 'C']);
  });

  it('the worker threads keep pprev in their shared heap: the same run as the core engine', async function () {
    this.timeout(30000);
    const dir = mkdtempSync(join(tmpdir(), 'tw-hlist-'));
    const file = join(dir, 'hlist.tw');
    writeFileSync(file, SRC);
    const args = ['run', file, '--variant', 'v3.5', '--schedule', 'cancel_then_run'];
    const core = await tw(...args);
    const workers = await tw(...args, '--engine', 'workers');
    assert.equal(workers.err, '');
    assert.equal(workers.out, core.out);
    assert.match(core.out, /run\.pprev\s+read C = &\(local list head\)/); // the batch's newest points back at run's own head
  });
});
