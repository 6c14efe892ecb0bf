// Editing a schedule by hand: moving a run of one thread's steps (what is allowed, the new order)
// and replaying a plan from the last step it shares with the session, over the real core engine
// and the debugger's timeline (checkpoints, go back, step): blocked steps stop the replay with the
// reason, steps that now do something else are reported.
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { PlannedStep } from '../../src/protocol/messages';
import { CoreEngine } from '../../src/debug';
import { Timeline } from '../../src/debug/timeline';
import { commonPrefix, moveRun, replayPlan, ReplayPort } from '../../src/debug/reorder';
import { compile, threadsOf } from '../unit/helpers';

const S1 = fs.readFileSync(path.join(__dirname, '..', '..', 'examples', 's01-cancel-vs-run.tw'), 'utf8');
const RACE = 'canceller*5 owner*5 canceller*4 owner*4';
const NO_HOOKS = { before: () => undefined, after: () => undefined, save: () => null, restore: () => undefined };

/** The real engine behind the debugger, its timeline advanced along `schedule`. */
async function session(variant: string, schedule: string): Promise<{ port: ReplayPort; tl: Timeline; engine: CoreEngine; plan: PlannedStep[] }> {
  const program = compile(S1, 's01.tw');
  const engine = new CoreEngine({ program, variant, limits: {} });
  await engine.init();
  const tl = new Timeline(engine, NO_HOOKS);
  tl.start();
  const plan = threadsOf(program, schedule).map((t) => { const ev = tl.step(t); return { thread: t, label: ev.label, ok: ev.ok }; });
  const port: ReplayPort = {
    goTo: (n) => tl.goTo(n), get position() { return tl.position; }, schedule: tl.schedule,
    finished: () => engine.state().finished, blockedReason: (t) => engine.machine.blockedReason(engine.state(), t), step: (t) => tl.step(t),
  };
  return { port, tl, engine, plan };
}

const labels = (tl: Timeline): string[] => tl.events.map((e) => `${e.thread}:${e.label}`);

describe('reorder: moving steps', () => {
  const plan = [0, 0, 1, 1, 0, 1].map((thread, i) => ({ thread, i }));

  it('moves a run of one thread before an earlier step of another thread', () => {
    const out = moveRun(plan, 2, 2, 0);
    assert.ok(Array.isArray(out));
    assert.deepEqual(out.map((s) => s.i), [2, 3, 0, 1, 4, 5]);
  });

  it('moves a step after a later step of another thread', () => {
    const out = moveRun(plan, 4, 1, 6);
    assert.ok(Array.isArray(out));
    assert.deepEqual(out.map((s) => s.i), [0, 1, 2, 3, 5, 4]);
  });

  it('refuses mixed runs, moves past the same thread, no-ops and bad indices, saying why', () => {
    assert.equal(moveRun(plan, 1, 2, 0), 'only steps of one thread move together');
    assert.match(String(moveRun(plan, 4, 1, 0)), /keep their order/);
    assert.equal(moveRun(plan, 2, 2, 3), 'the steps are already there');
    assert.match(String(moveRun(plan, 5, 2, 0)), /no such steps/);
    assert.match(String(moveRun(plan, 0, 1, 7)), /no such steps/);
  });

  it('counts the shared prefix of two schedules', () => {
    assert.equal(commonPrefix([0, 1, 1], [0, 1, 0, 0]), 2);
    assert.equal(commonPrefix([], [1]), 0);
    assert.equal(commonPrefix([1, 0], [1, 0]), 2);
  });
});

describe('reorder: replaying a plan from the last common step', () => {
  it("stops before a step that can no longer run there, with the reason (owner's run.lock while the canceller holds pi_lock)", async () => {
    const { port, tl, plan } = await session('mainline', RACE);
    const moved = moveRun(plan, 14, 1, 10); // the owner's run.lock before the canceller's second cancel.match
    assert.ok(Array.isArray(moved));
    const r = replayPlan(port, moved, moved.length);
    assert.deepEqual(r, { common: 10, position: 10, blocked: { index: 10, reason: 'spinning on T.pi_lock held by canceller' }, changed: [] });
    assert.equal(tl.position, 10);
    assert.deepEqual(tl.schedule, moved.slice(0, 10).map((p) => p.thread));
  });

  it('replays a new order and reports the steps that now do something else, then the thread that finished early', async () => {
    const { port, tl, plan } = await session('mainline', RACE);
    // The owner detaches the list (run.load, run.check, run.cas) before the canceller loads the head.
    const moved = moveRun(plan, 5, 3, 2);
    assert.ok(Array.isArray(moved));
    const r = replayPlan(port, moved, 5);
    assert.deepEqual(r, { common: 2, position: 5, changed: [] }, 'the owner may detach while the canceller holds pi_lock');
    const rest = replayPlan(port, moved, moved.length);
    // The canceller loads an empty head, gives up (unlock, returns NULL) and has nothing left to do.
    assert.deepEqual(rest, { common: 5, position: 7, blocked: { index: 7, reason: 'finished' }, changed: [{ index: 6, text: 'now cancel.unlock (was cancel.match no)' }] });
    assert.equal(tl.schedule.length, rest.position);
  });

  it('travels back and forth along the same plan without changes (deterministic replay)', async () => {
    const { port, tl, plan } = await session('no-run-lock-pair', RACE);
    const whole = labels(tl);
    assert.deepEqual(replayPlan(port, plan, 3), { common: 18, position: 3, changed: [] });
    assert.deepEqual(labels(tl), whole.slice(0, 3));
    assert.deepEqual(replayPlan(port, plan, 18), { common: 3, position: 18, changed: [] });
    assert.deepEqual(labels(tl), whole);
  });

  it('says the execution has finished when the plan asks for steps past the end', async () => {
    const { port, engine, plan } = await session('mainline', 'canceller*20 owner*20');
    assert.ok(engine.state().finished);
    const longer = [...plan, { thread: 0, label: 'cancel.peek', ok: -1 }];
    const r = replayPlan(port, longer, longer.length);
    assert.deepEqual(r.blocked, { index: plan.length, reason: 'the execution has finished' });
  });
});
