// Threads and stepping over DAP: stable thread ids whose names carry state, every stop
// allThreadsStopped with a `before <label>` description, next / stepIn / stepOut on one thread
// alone, continue under the scheduler, parking with per-thread pause/continue, singleThread.
import * as assert from 'node:assert';
import { readFileSync } from 'node:fs';
import { DebugClient } from '@vscode/debugadapter-testsupport';
import { FillPolicy, Machine, formatSchedule, run } from '../../src/core';
import { compile, threadsOf } from '../unit/helpers';
import { act, closeAdapter, fixture, frames, launch, newClient, nextStop, stopClient, threadNames, within } from './harness';

/** The schedule `tw run` takes on adders.tw with this fill, as the debugger's tw/schedule writes it. */
function runText(fill: FillPolicy, schedule = ''): string {
  const program = compile(readFileSync(fixture('adders.tw'), 'utf8'), fixture('adders.tw'));
  const r = run(new Machine(program, program.variant), { prefix: schedule ? threadsOf(program, schedule) : [], fill });
  return formatSchedule(r.schedule.map((t) => program.threads[t]?.name ?? '?'));
}

describe('debug: threads and stepping', () => {
  let dc: DebugClient;
  beforeEach(async () => { dc = await newClient(); });
  afterEach(async () => { await stopClient(dc); });
  after(closeAdapter);

  it('declares single-thread execution and step back, and answers steps with allThreadsContinued false', async () => {
    const init = await within(dc.initializeRequest({ adapterID: 'tw', pathFormat: 'path' }), 'initialize');
    assert.strictEqual(init.body?.supportsSingleThreadExecutionRequests, true);
    assert.strictEqual(init.body?.supportsStepBack, true);
    const initialized = within(dc.waitForEvent('initialized'), 'initialized');
    await within(dc.launchRequest({ program: fixture('s1.tw') } as never), 'launch');
    await initialized;
    const entry = nextStop(dc);
    await within(dc.configurationDoneRequest(), 'configurationDone');
    const first = await entry;
    assert.deepStrictEqual(first.body, { reason: 'entry', threadId: 1, allThreadsStopped: true, description: 'before cancel.peek' });
    const stopped = nextStop(dc);
    const r = await within(dc.stepInRequest({ threadId: 1 }), 'stepIn');
    assert.deepStrictEqual(r.body, { allThreadsContinued: false });
    assert.deepStrictEqual((await stopped).body, { reason: 'step', threadId: 1, allThreadsStopped: true, description: 'before cancel.lock' });
  });

  it('stepIn moves only the chosen thread, one atomic step', async () => {
    await launch(dc, { program: fixture('s1.tw') });
    assert.strictEqual((await act(dc, 'stepIn', 2)).body.description, 'before run.check');
    assert.deepStrictEqual(await frames(dc, 1), ['task_work_cancel_func [cancel.peek] @ mainline.c:24', 'canceller @ s1.tw:15']);
    assert.deepStrictEqual(await frames(dc, 2), ['task_work_run [run.check] @ mainline.c:47', 'owner @ s1.tw:21']);
  });

  it('next finishes the thread\'s current statement (a whole API call); stepOut finishes the API call', async () => {
    await launch(dc, { program: fixture('s1.tw') });
    await act(dc, 'stepIn', 1);
    assert.strictEqual((await act(dc, 'stepOut', 1)).body.description, 'before free');
    assert.deepStrictEqual(await frames(dc, 1), ['canceller @ s1.tw:17']);
    assert.deepStrictEqual(await frames(dc, 2), ['task_work_run [run.load] @ mainline.c:45', 'owner @ s1.tw:21']);
    const done = await act(dc, 'next', 1);
    assert.strictEqual(done.body.description, 'canceller has finished');
    assert.deepStrictEqual(await threadNames(dc), ['canceller [done: returned freed A]', 'owner [before run.load]']);
    const end = await act(dc, 'next', 2);
    assert.deepStrictEqual([end.body.reason, end.body.description], ['end', 'execution finished after 18 steps: no violation']);
  });

  it('stepOut inside a callback returns to task_work_run; the thread name says where it is', async () => {
    await launch(dc, { program: fixture('adders.tw'), schedule: 'adder*6 other*5' });
    assert.deepStrictEqual(await threadNames(dc), ['adder [done: returned 0]', 'other [done: returned 0]', 'owner [before wait]']);
    // wait, run.load, run.check, run.cas, run.lock, run.unlock, run.next (B), run.call (B), run.next (A), run.call (A)
    for (let i = 0; i < 10; i++) await act(dc, 'stepIn', 3);
    assert.deepStrictEqual((await threadNames(dc))[2], 'owner [before free; in fa() via task_work_run]');
    assert.deepStrictEqual(await frames(dc, 3), ['fa(cb=A) @ adders.tw:5', 'task_work_run [run.call] @ mainline.c:53', 'owner @ adders.tw:12']);
    const out = await act(dc, 'stepOut', 3);
    assert.strictEqual(out.body.description, 'before run.load');
    assert.deepStrictEqual(await frames(dc, 3), ['task_work_run [run.load] @ mainline.c:45', 'owner @ adders.tw:12']);
  });

  it('continue runs the round-robin scheduler to the end; a random scheduler replays from its seed', async () => {
    await launch(dc, { program: fixture('adders.tw'), stopOnEntry: false }).then((s) => {
      assert.deepStrictEqual([s.body.reason, s.body.description], ['end', 'execution finished after 29 steps: no violation']);
    });
    const schedule = async (): Promise<string> => ((await within(dc.customRequest('tw/schedule'), 'tw/schedule')).body as { text: string }).text;
    assert.strictEqual(await schedule(), 'adder other adder other adder other adder other owner adder other owner adder other owner other owner other owner*11');
    assert.strictEqual(await schedule(), runText({ kind: 'round-robin' }));
    await stopClient(dc);
    const runs: string[] = [];
    for (let i = 0; i < 2; i++) {
      dc = await newClient();
      await launch(dc, { program: fixture('adders.tw'), stopOnEntry: false, scheduler: 'random', seed: 7 });
      runs.push(await schedule());
      await stopClient(dc);
    }
    assert.strictEqual(runs[0], runs[1]);
    // One chooser (core/chooser.ts) behind both: Continue with a seed is `tw run --seed` with that seed.
    assert.strictEqual(runs[0], runText({ kind: 'random', seed: 7 }));
    assert.notStrictEqual(runs[0], runText({ kind: 'random', seed: 8 }));
    // A replayed schedule, then Continue: `tw run --schedule S --seed N`.
    dc = await newClient();
    await launch(dc, { program: fixture('adders.tw'), schedule: 'other adder*2', scheduler: 'random', seed: 5 });
    assert.strictEqual((await act(dc, 'continue', 1)).body.reason, 'end');
    assert.strictEqual(await schedule(), runText({ kind: 'random', seed: 5 }, 'other adder*2'));
  });

  it('pause parks a thread: continue skips it, and continuing it resumes it', async () => {
    await launch(dc, { program: fixture('s1.tw') });
    const parked = await act(dc, 'pause', 2);
    assert.deepStrictEqual([parked.body.reason, parked.body.description], ['pause', 'owner parked: Continue skips it until you continue it']);
    assert.deepStrictEqual(await threadNames(dc), ['canceller [before cancel.peek]', 'owner [parked; before run.load]']);
    const done = await act(dc, 'continue', 1);
    assert.deepStrictEqual([done.body.reason, done.body.description],
      ['pause', 'no thread can move except parked ones (owner): continue one of them to resume it']);
    assert.deepStrictEqual(await threadNames(dc), ['canceller [done: returned freed A]', 'owner [parked; before run.load]']);
    const end = await act(dc, 'continue', 2);
    assert.strictEqual(end.body.reason, 'end');
    assert.deepStrictEqual(await threadNames(dc), ['canceller [done: returned freed A]', 'owner [done]']);
  });

  it('honours singleThread: continue runs that thread alone until it blocks', async () => {
    await launch(dc, { program: fixture('s1.tw'), schedule: 'park' });
    const stopped = nextStop(dc);
    const r = await within(dc.continueRequest({ threadId: 2, singleThread: true }), 'continue');
    assert.deepStrictEqual(r.body, { allThreadsContinued: false });
    const s = await stopped;
    assert.deepStrictEqual([s.body.threadId, s.body.description], [2, 'owner spinning on T.pi_lock held by canceller']);
    assert.deepStrictEqual(await threadNames(dc), ['canceller [before cancel.match]', 'owner [spinning on T.pi_lock held by canceller]']);
  });
});
