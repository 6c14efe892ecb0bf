// v3.6's circular list through the core's checks: an add counts once (at the append, or at the
// head on an empty list), a cancel of the newest counts once, the circle is no list-cycle, and a
// real double add is still one.
import assert from 'node:assert/strict';
import { Machine, run } from '../../src/core';
import { historyVariant } from '../../src/model';
import { compile, threadsOf } from '../unit/helpers';

const v36 = historyVariant('v3.6')!.variant!;
const kinds = (src: string, schedule: string): string[] => {
  const program = compile(src);
  const r = run(new Machine(program, v36, { maxSteps: 500 }), { prefix: threadsOf(program, schedule) });
  return [...new Set(r.state.violations.map((v) => v.kind))];
};

describe('model: the circular list of v3.6 in the checks', () => {
  it('two adds, a cancel of the newest, a run: each counted once, no violation', () => {
    const src = `task T; work A = fa; work B = fb; callback fa(cb) { } callback fb(cb) { }
      thread owner current(T) {
        assert(task_work_add(T, A, TWA_RESUME) == 0);
        assert(task_work_add(T, B, TWA_RESUME) == 0);
        assert(adds(A) == 1 && adds(B) == 1);
        assert(task_work_cancel_func(T, fb) == B);
        assert(cancels(B) == 1);
        task_work_run();
        assert(runs(A) == 1 && runs(B) == 0);
      }`;
    assert.deepEqual(kinds(src, 'owner*60'), []);
  });

  it('adding a work that is still queued is a double add', () => {
    const src = `task T; work A = fa; work B = fb; callback fa(cb) { } callback fb(cb) { }
      thread owner current(T) { task_work_add(T, A, TWA_RESUME); task_work_add(T, B, TWA_RESUME); task_work_add(T, A, TWA_RESUME); }`;
    assert.ok(kinds(src, 'owner*40').includes('double-add'));
  });
});
