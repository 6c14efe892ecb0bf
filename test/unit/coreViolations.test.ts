// Every violation kind of model.md §4, each at the step where it happens (or at the end),
// plus determinism and the portability of schedules across variants.
import assert from 'node:assert/strict';
import { Machine, run, cloneState } from '../../src/core';
import { runSchedule, kinds, compile, threadsOf } from './helpers';

const DOUBLE_ADD = `task T; work A = fa; callback fa(cb) { }
  thread adder1 { task_work_add(T, A, TWA_RESUME); }
  thread adder2 { task_work_add(T, A, TWA_RESUME); }
  thread owner current(T) { task_work_run(); }`;

describe('core: violations', () => {
  it('double-add and list-cycle at the CAS, then double-run and a step-limit livelock', () => {
    const { r } = runSchedule(DOUBLE_ADD, 'mainline', 'adder1*5 adder2*5');
    assert.deepEqual(kinds(r), ['double-add', 'double-run', 'list-cycle', 'step-limit']);
    const first = r.state.violations[0]!;
    assert.equal(first.kind, 'double-add');
    assert.equal(first.label, 'add.cas');
    assert.equal(first.step, 9);
    assert.match(r.state.violations.find((v) => v.kind === 'step-limit')!.message, /livelock.*--max-steps/);
  });

  it('lost-work at the end when an add after exit returns 0 (no-sentinel)', () => {
    const src = `task T; work A = fa; callback fa(cb) { }
      thread adder { let r = task_work_add(T, A, TWA_RESUME); }
      thread owner current(T) { do_exit(); }`;
    const { r } = runSchedule(src, 'no-sentinel', 'owner*4 adder*5');
    assert.deepEqual(r.state.violations.map((v) => [v.kind, v.label]), [['lost-work', 'end']]);
    assert.deepEqual(runSchedule(src, 'mainline', 'owner*4 adder*5').r.state.violations, []);
  });

  it('use-after-free when run reads next after a self-freeing callback (next-after-call)', () => {
    const src = `task T; work A = rel; work B = rel; callback rel(cb) { free(cb); }
      setup { task_work_add(T, A, TWA_RESUME); task_work_add(T, B, TWA_RESUME); }
      thread owner current(T) { task_work_run(); }`;
    const { r } = runSchedule(src, 'next-after-call', 'owner*20');
    assert.equal(r.state.violations[0]!.kind, 'use-after-free');
    assert.equal(r.state.violations[0]!.label, 'run.next');
    assert.deepEqual(runSchedule(src, 'mainline', 'owner*20').r.state.violations, []);
  });

  it('deadlock when every unfinished thread waits, naming why', () => {
    const src = `task T; work A = fa; work B = fb;
      callback fa(cb) { let w = task_work_cancel_func(T, fb); if (w == NULL) wait_until(runs(B) == 1); }
      callback fb(cb) { }
      setup { task_work_add(T, B, TWA_RESUME); task_work_add(T, A, TWA_RESUME); }
      thread owner current(T) { task_work_run(); }`;
    const { r } = runSchedule(src, 'mainline', 'owner*30');
    assert.deepEqual(kinds(r), ['deadlock']);
    assert.match(r.state.violations[0]!.message, /owner waiting until/);
  });

  it('assertion from a thread, from final and from an invariant', () => {
    const src = `task T; work A = fa; callback fa(cb) { }
      invariant !held(T.pi_lock);
      thread t { assert(adds(A) == 1); task_work_cancel_func(T, fa); }
      final { assert(runs(A) == 1); }`;
    const { r } = runSchedule(src, 'mainline', 't*4');
    assert.deepEqual(r.state.violations.map((v) => `${v.kind}:${v.label}`), ['assertion:assert', 'assertion:end']);
    const src2 = src.replace('thread t { assert(adds(A) == 1); task_work_cancel_func(T, fa); }',
      'setup { task_work_add(T, A, TWA_RESUME); } thread t { task_work_cancel_func(T, fa); }');
    const { r: r2 } = runSchedule(src2, 'mainline', 't*2');
    assert.ok(r2.state.violations.some((v) => /invariant/.test(v.message)), 'the invariant fails while cancel holds pi_lock');
  });

  it('a while loop over its bound is a step-limit', () => {
    const src = `task T; thread t { let i = 0; while (i >= 0) i = i + 1; }`;
    const { r } = runSchedule(src, 'mainline', 't');
    assert.deepEqual(kinds(r), ['step-limit']);
  });
});

describe('core: determinism and schedules', () => {
  const S1 = `task T; work A = fa; work B = fb; callback fa(cb) { } callback fb(cb) { }
    setup { task_work_add(T, A, TWA_RESUME); task_work_add(T, B, TWA_RESUME); }
    thread canceller { let w = task_work_cancel_func(T, fa); if (w == A) free(A); }
    thread owner current(T) { task_work_run(); }`;

  it('same program and schedule give the same trace, byte for byte', () => {
    const a = runSchedule(S1, 'no-run-lock-pair', 'canceller*5 owner*5', { kind: 'random', seed: 42 });
    const b = runSchedule(S1, 'no-run-lock-pair', 'canceller*5 owner*5', { kind: 'random', seed: 42 });
    assert.deepEqual(a.r.steps.map((s) => s.text), b.r.steps.map((s) => s.text));
    assert.deepEqual(a.r.state, b.r.state);
  });

  it('replaying the schedule a run took reproduces it exactly', () => {
    const p = compile(S1);
    const m = new Machine(p, 'no-run-lock-pair');
    const first = run(m, { fill: { kind: 'random', seed: 9 } });
    const again = run(m, { prefix: first.schedule, fill: { kind: 'none' } });
    assert.deepEqual(again.state, first.state);
  });

  it('a witness for one variant replays on another: spinning threads take recorded spin steps', () => {
    const p = compile(S1);
    const prefix = threadsOf(p, 'canceller*5 owner*5 canceller*4 owner*4');
    // Spin steps in the prefix: the owner at run.lock meets the canceller's pi_lock; without a cancel
    // lock the canceller finishes early and its last two steps are spins; no-run-lock-pair never spins.
    const spins: Record<string, number> = { 'mainline': 2, 'no-run-lock-pair': 0, 'cancel-without-lock': 2, 'next-after-call': 2 };
    for (const [v, n] of Object.entries(spins)) {
      const r = run(new Machine(p, v), { prefix });
      assert.ok(r.state.finished, `${v} finishes`);
      assert.deepEqual(r.schedule.slice(0, prefix.length), prefix, `${v} takes every prefix step`);
      assert.equal(r.steps.slice(0, prefix.length).filter((x) => x.event.label === 'spin').length, n, `${v} spin steps`);
    }
  });

  it('cloneState gives an independent copy', () => {
    const p = compile(S1);
    const m = new Machine(p, 'mainline');
    const s = m.init().state;
    const c = cloneState(s);
    m.step(c, 0);
    assert.equal(s.steps, 0);
    assert.equal(c.steps, 1);
    assert.equal(s.threads[0]!.frames.at(-1)!.label, 'cancel.peek');
    assert.equal(c.threads[0]!.frames.at(-1)!.label, 'cancel.lock');
  });
});
