// Table tests of every atomic step of every operation, on small scenarios with fixed schedules:
// the labels taken, CAS outcomes, lock spins and return values, as the model listing names them.
import assert from 'node:assert/strict';
import { NULL, WORK_EXITED, chainText } from '../../src/core';
import { runSchedule, brief } from './helpers';

const ONE_ADD = `
task T; work A = fa; callback fa(cb) { }
thread adder { let r = task_work_add(T, A, TWA_RESUME); }
`;

describe('core: task_work_add', () => {
  it('pushes on an empty list in five steps and returns 0', () => {
    const { m, r } = runSchedule(ONE_ADD, 'mainline', 'adder*5');
    assert.deepEqual(brief(m, r), ['adder add.load', 'adder add.check ok', 'adder add.link', 'adder add.cas ok', 'adder add.notify -> 0']);
    assert.equal(chainText(m.ctx, r.state, r.state.tasks[0]!.taskWorks), 'A -> NULL');
    assert.equal(r.state.tasks[0]!.notifyResume, true);
    assert.equal(r.state.works[0]!.life, 'pending');
  });

  it('retries from add.check with the value a failed CAS saw', () => {
    const src = `task T; work A = fa; work B = fa; callback fa(cb) { }
      thread a1 { task_work_add(T, A, TWA_NONE); }
      thread a2 { task_work_add(T, B, TWA_NONE); }`;
    const { m, r } = runSchedule(src, 'mainline', 'a1*3 a2*4 a1*5');
    assert.deepEqual(brief(m, r), [
      'a1 add.load', 'a1 add.check ok', 'a1 add.link',
      'a2 add.load', 'a2 add.check ok', 'a2 add.link', 'a2 add.cas ok',
      'a1 add.cas fail', 'a1 add.check ok', 'a1 add.link', 'a1 add.cas ok', 'a1 add.notify -> 0',
      'a2 add.notify -> 0',
    ]);
    assert.equal(chainText(m.ctx, r.state, r.state.tasks[0]!.taskWorks), 'A -> B -> NULL');
    assert.equal(r.state.tasks[0]!.notifyResume, false, 'TWA_NONE sets no flag');
  });

  it('fails with -ESRCH once work_exited is installed', () => {
    const src = `task T; work A = fa; callback fa(cb) { }
      thread adder { let r = task_work_add(T, A, TWA_SIGNAL); }
      thread owner current(T) { do_exit(); }`;
    const { m, r } = runSchedule(src, 'mainline', 'owner*4 adder*2');
    assert.deepEqual(brief(m, r), ['owner exit.flag', 'owner run.load', 'owner run.check', 'owner run.cas ok -> 0', 'adder add.load', 'adder add.check fail -> -3']);
    assert.equal(r.state.tasks[0]!.taskWorks, WORK_EXITED);
    assert.equal(r.state.tasks[0]!.exited, true);
  });

  it('sets TIF_NOTIFY_SIGNAL for TWA_SIGNAL and refuses TWA_NMI_CURRENT on another task', () => {
    const src = `task T; work A = fa; work B = fa; callback fa(cb) { }
      thread adder { task_work_add(T, A, TWA_SIGNAL_NO_IPI); let r = task_work_add(T, B, TWA_NMI_CURRENT); }`;
    const { m, r } = runSchedule(src, 'mainline', 'adder*6');
    assert.deepEqual(brief(m, r).slice(4), ['adder add.notify -> 0', 'adder add.load -> -22']);
    assert.equal(r.state.tasks[0]!.notifySignal, true);
    assert.equal(r.state.tasks[0]!.notifyResume, false);
  });
});

const S1 = `task T; work A = fa; work B = fb; callback fa(cb) { } callback fb(cb) { }
  setup { task_work_add(T, A, TWA_RESUME); task_work_add(T, B, TWA_RESUME); }
  thread canceller { let w = task_work_cancel_func(T, fa); if (w == A) free(A); }
  thread owner current(T) { task_work_run(); }`;

describe('core: task_work_cancel_match', () => {
  it('returns NULL from the lockless peek on an empty list', () => {
    const src = `task T; work A = fa; callback fa(cb) { } thread c { let w = task_work_cancel_func(T, fa); }`;
    const { m, r } = runSchedule(src, 'mainline', 'c');
    assert.deepEqual(brief(m, r), [`c cancel.peek -> ${NULL}`]);
  });

  it('walks under pi_lock: match, step, match, CAS on B->next, unlock', () => {
    const { m, r } = runSchedule(S1, 'mainline', 'canceller*9', { kind: 'none' });
    assert.deepEqual(brief(m, r).slice(0, 8), [
      'canceller cancel.peek', 'canceller cancel.lock', 'canceller cancel.load', 'canceller cancel.match fail',
      'canceller cancel.step', 'canceller cancel.match ok', 'canceller cancel.cas ok', `canceller cancel.unlock -> ${r.steps[7]!.event.ret}`,
    ]);
    assert.equal(chainText(m.ctx, r.state, r.state.tasks[0]!.taskWorks), 'B -> NULL');
    assert.equal(r.state.works[0]!.life, 'freed');
    assert.equal(r.state.works[0]!.cancels, 1);
  });

  it('re-examines after a failed CAS at the head (an add pushed in front)', () => {
    const src = `task T; work A = fa; work B = fb; callback fa(cb) { } callback fb(cb) { }
      setup { task_work_add(T, A, TWA_RESUME); }
      thread canceller { let w = task_work_cancel_func(T, fa); assert(w == A); }
      thread adder { task_work_add(T, B, TWA_RESUME); }`;
    const { m, r } = runSchedule(src, 'mainline', 'canceller*4 adder*5 canceller*6');
    assert.deepEqual(brief(m, r).slice(9, 14), [
      'canceller cancel.cas fail', 'canceller cancel.match fail', 'canceller cancel.step', 'canceller cancel.match ok', 'canceller cancel.cas ok',
    ]);
    assert.deepEqual(r.state.violations, []);
    const broken = runSchedule(src, 'cancel-cas-fail-gives-up', 'canceller*4 adder*5 canceller*6');
    assert.equal(brief(broken.m, broken.r)[9], 'canceller cancel.cas fail');
    assert.deepEqual(broken.r.state.violations.map((v) => v.kind), ['assertion']);
  });

  it('takes no lock steps when the variant cancels without pi_lock', () => {
    const { m, r } = runSchedule(S1, 'cancel-without-lock', 'canceller*6');
    assert.deepEqual(brief(m, r).slice(0, 2), ['canceller cancel.peek', 'canceller cancel.load']);
    assert.ok(!brief(m, r).some((l) => l.includes('cancel.unlock')));
  });
});

describe('core: task_work_run and the pi_lock handshake', () => {
  it('runs a batch: load, check, cas, lock, unlock, then next/call per work, then load again', () => {
    const { m, r } = runSchedule(S1, 'mainline', 'owner*11');
    assert.deepEqual(brief(m, r), [
      'owner run.load', 'owner run.check', 'owner run.cas ok', 'owner run.lock', 'owner run.unlock',
      'owner run.next', 'owner run.call', 'owner run.next', 'owner run.call', 'owner run.load', 'owner run.check -> 0',
      'canceller cancel.peek -> 0',
    ]);
    assert.equal(r.state.works[0]!.runs, 1);
    assert.equal(r.state.works[1]!.life, 'ran');
  });

  it('spins at run.lock while a canceller holds pi_lock (the S1 race, mainline)', () => {
    const { m, r } = runSchedule(S1, 'mainline', 'canceller*5 owner*5 canceller*4 owner*4');
    const b = brief(m, r);
    assert.deepEqual(b.slice(5, 10), ['owner run.load', 'owner run.check', 'owner run.cas ok', 'owner spin@run.lock', 'owner spin@run.lock']);
    assert.deepEqual(r.state.violations, []);
    assert.equal(r.state.works[0]!.runs, 0);
  });

  it('without the lock pair runs the cancelled, freed work (the S1 race, broken)', () => {
    const { m, r } = runSchedule(S1, 'no-run-lock-pair', 'canceller*5 owner*5 canceller*4 owner*4');
    const v = r.state.violations.map((x) => `${x.kind}@${x.step}:${x.label}`);
    assert.deepEqual(v, ['use-after-free@15:run.next', 'use-after-free@16:run.call', 'run-after-cancel@16:run.call']);
    assert.equal(brief(m, r)[14], 'owner run.next');
  });

  it('fails run.cas when an add pushed after run.load, and goes back to run.check', () => {
    const src = `task T; work A = fa; work B = fa; callback fa(cb) { }
      setup { task_work_add(T, A, TWA_RESUME); }
      thread adder { task_work_add(T, B, TWA_RESUME); }
      thread owner current(T) { task_work_run(); }`;
    const { m, r } = runSchedule(src, 'mainline', 'owner*2 adder*5 owner*2');
    assert.deepEqual(brief(m, r).slice(7, 9), ['owner run.cas fail', 'owner run.check']);
  });

  it('detaches the sentinel and calls its NULL func when run comes after exit', () => {
    const src = `task T; work A = fa; callback fa(cb) { }
      thread exiter current(T) { do_exit(); }
      thread late current(T) { wait_until(exiting(T)); task_work_run(); }`;
    const { r } = runSchedule(src, 'mainline', 'exiter*4 late*8');
    assert.deepEqual(r.state.violations.map((v) => v.kind), ['null-func-call']);
  });
});

describe('core: cancel_match predicates', () => {
  it('see the calling frame\'s locals', () => {
    const src = `task T; work A = fa; callback fa(cb) { }
      setup { task_work_add(T, A, TWA_RESUME); }
      thread t { let x = A; let w = task_work_cancel_match(T, (c) => c == x); assert(w == A); }`;
    const { r } = runSchedule(src, 'mainline', 't*20');
    assert.deepEqual(r.state.violations, []);
    assert.equal(r.state.works[0]!.cancels, 1);
  });
});

describe('core: arguments that read shared memory', () => {
  it('are loaded in a step of their own, with a footprint, before the call starts', () => {
    const src = `task T; work A = fa; callback fa(cb) { }
      setup { task_work_add(T, A, TWA_NONE); }
      thread t { task_work_cancel(T, T.task_works); }`;
    const { m, r } = runSchedule(src, 'mainline', 't*8');
    assert.equal(brief(m, r)[0], 't set');
    assert.equal(r.steps[0]!.footprint.map((a) => a.kind).join(), 'read');
    assert.equal(brief(m, r)[1], 't cancel.peek');
    assert.equal(r.state.works[0]!.cancels, 1);
  });
});
