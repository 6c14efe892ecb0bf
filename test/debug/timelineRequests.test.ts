// The timeline view's custom requests through the real adapter: tw/timeline lists every step
// taken, tw/replay travels along a plan (back, forward, a moved order) and stops with a stop event
// that keeps the client's focus; a step that cannot run is reported; bad plans are refused.
import * as assert from 'node:assert';
import { DebugClient } from '@vscode/debugadapter-testsupport';
import type { PlannedStep, ReplayArgs, ReplayOutcome, TimelineData } from '../../src/protocol/messages';
import { moveRun } from '../../src/debug/reorder';
import { closeAdapter, fixture, launch, newClient, nextStop, stopClient, within } from './harness';

async function timeline(dc: DebugClient): Promise<TimelineData> {
  return (await within(dc.customRequest('tw/timeline'), 'tw/timeline')).body as TimelineData;
}

const planOf = (t: TimelineData): PlannedStep[] => t.steps.map((s) => ({ thread: s.thread, label: s.label, ok: s.ok }));

async function replay(dc: DebugClient, plan: PlannedStep[], upTo: number, extra: Partial<ReplayArgs> = {}): Promise<{ outcome: ReplayOutcome; description: string; thread: number }> {
  const stop = nextStop(dc, 'the stop after tw/replay');
  const r = await within(dc.customRequest('tw/replay', { plan, upTo, ...extra }), 'tw/replay');
  const ev = await stop;
  return { outcome: r.body as ReplayOutcome, description: ev.body.description ?? '', thread: ev.body.threadId ?? 0 };
}

describe('debug: the timeline requests (tw/timeline, tw/replay)', () => {
  let dc: DebugClient;
  beforeEach(async () => { dc = await newClient(); });
  afterEach(async () => { await stopClient(dc); });
  after(closeAdapter);

  it('lists every step taken with its thread, label, CAS outcome, spins and violations', async () => {
    await launch(dc, { program: fixture('s1.tw'), variant: 'no-run-lock-pair', schedule: 'race' });
    const t = await timeline(dc);
    assert.deepStrictEqual(t.threads, ['canceller', 'owner']);
    assert.strictEqual(t.steps.length, 15, 'the replay stops at the first violation');
    assert.deepStrictEqual(t.steps.slice(0, 2).map((s) => [s.thread, s.label]), [[0, 'cancel.peek'], [0, 'cancel.lock']]);
    assert.strictEqual(t.steps.filter((s) => s.label.endsWith('.cas') && s.ok === 1).length, 2);
    assert.deepStrictEqual(t.steps.slice(0, 14).flatMap((s) => s.violations), []);
    const last = t.steps[14];
    assert.ok(last?.violations.length, 'the last step reported what it did wrong');
    assert.ok(last.violations.every((v) => v.step === 15 && v.kind && v.message), JSON.stringify(last.violations));
  });

  it('travels back and forward along the plan, the stop on the thread asked for (else the last planned step\'s)', async () => {
    await launch(dc, { program: fixture('s1.tw'), schedule: 'race' });
    const whole = await timeline(dc);
    const plan = planOf(whole);
    const back = await replay(dc, plan, 3, { threadId: 2 });
    assert.deepStrictEqual(back.outcome, { common: 18, position: 3, changed: [] });
    assert.strictEqual(back.thread, 2);
    assert.match(back.description, /^at step 3: owner is before run\.load$/);
    assert.strictEqual((await timeline(dc)).steps.length, 3);
    const forward = await replay(dc, plan, 18);
    assert.strictEqual(forward.thread, 2, 'the last step planned is the owner\'s');
    assert.deepStrictEqual(forward.outcome, { common: 3, position: 18, changed: [] });
    assert.deepStrictEqual(await timeline(dc), whole);
  });

  it('replays a moved order and stops before a step that cannot run there, saying why', async () => {
    await launch(dc, { program: fixture('s1.tw'), schedule: 'race' });
    const moved = moveRun(planOf(await timeline(dc)), 14, 1, 10); // the owner's run.lock while the canceller holds pi_lock
    assert.ok(Array.isArray(moved));
    const r = await replay(dc, moved, moved.length, { threadId: 1 });
    assert.strictEqual(r.thread, 2, 'the stop is on the blocked owner');
    assert.deepStrictEqual(r.outcome, { common: 10, position: 10, blocked: { index: 10, reason: 'spinning on T.pi_lock held by canceller' }, changed: [] });
    assert.strictEqual(r.description, 'at step 10: step 11 cannot run here: owner spinning on T.pi_lock held by canceller');
    const sched = await within(dc.customRequest('tw/schedule'), 'tw/schedule');
    assert.strictEqual((sched.body as { text: string }).text, 'canceller*5 owner*5');
  });

  it('refuses plans naming a thread the scenario lacks, or past their end, and malformed arguments', async () => {
    await launch(dc, { program: fixture('s1.tw') });
    await assert.rejects(dc.customRequest('tw/replay', { plan: [{ thread: 7, label: 'x', ok: -1 }], upTo: 1 }), /plan\[0\]\.thread is 7: the scenario has 2 thread/);
    await assert.rejects(dc.customRequest('tw/replay', { plan: [], upTo: 2 }), /upTo 2 is past the plan's 0 steps/);
    await assert.rejects(dc.customRequest('tw/replay', { plan: 'owner', upTo: 1 }), /plan' must be an array/);
    assert.strictEqual((await timeline(dc)).steps.length, 0, 'nothing moved');
  });

  it('answers 150 random plans (any thread, label, outcome, length, target) and stays consistent', async function () {
    this.timeout(60_000);
    await launch(dc, { program: fixture('s1.tw'), schedule: 'race' });
    let seed = 7;
    const rnd = (n: number): number => { seed = (seed * 1103515245 + 12345) % 2147483648; return seed % n; };
    const labels = ['cancel.peek', 'cancel.lock', 'run.load', 'run.lock', 'spin', 'free', 'x'];
    for (let i = 0; i < 150; i++) {
      const plan = Array.from({ length: rnd(40) }, () => ({ thread: rnd(2), label: labels[rnd(labels.length)] ?? 'x', ok: rnd(3) - 1 }));
      const upTo = rnd(plan.length + 1);
      const stop = within(dc.waitForEvent('stopped'), `the stop after random plan ${i}`);
      const r = (await within(dc.customRequest('tw/replay', { plan, upTo }), `random plan ${i}`)).body as ReplayOutcome;
      await stop;
      const t = await timeline(dc);
      assert.strictEqual(t.steps.length, r.position, `plan ${i}`);
      assert.ok(r.position <= upTo && (r.blocked !== undefined || r.position === upTo || t.finished), `plan ${i}: ${JSON.stringify(r)}`);
      assert.deepStrictEqual(t.steps.map((s) => s.thread), plan.slice(0, r.position).map((p) => p.thread), `plan ${i} was followed`);
    }
  });
});
