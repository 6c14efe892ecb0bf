// Reverse execution over DAP: Step Back undoes the focused thread's last atomic step (the other
// threads' steps stay and are re-executed), Reverse Continue returns to the previous breakpoint
// or exception stop or to the start; both work anywhere in a long trace.
import * as assert from 'node:assert';
import * as path from 'node:path';
import { DebugClient } from '@vscode/debugadapter-testsupport';
import { act, closeAdapter, fixture, launch, newClient, stopClient, threadNames, within } from './harness';

const MAINLINE_C = path.join(__dirname, '..', '..', 'listings', 'mainline.c');

async function schedule(dc: DebugClient): Promise<{ text: string; steps: number }> {
  const body = (await within(dc.customRequest('tw/schedule'), 'tw/schedule')).body as { text: string; steps: number };
  return { text: body.text, steps: body.steps };
}

describe('debug: reverse execution', () => {
  let dc: DebugClient;
  beforeEach(async () => { dc = await newClient(); });
  afterEach(async () => { await stopClient(dc); });
  after(closeAdapter);

  it('Step Back undoes only the focused thread\'s last step', async () => {
    await launch(dc, { program: fixture('s1.tw'), schedule: 'canceller*2 owner*3' });
    assert.deepStrictEqual(await threadNames(dc), ['canceller [before cancel.load]', 'owner [spinning on T.pi_lock held by canceller]']);
    const back = await act(dc, 'stepBack', 1);
    assert.deepStrictEqual([back.body.reason, back.body.threadId, back.body.description], ['step', 1, 'before cancel.lock']);
    assert.deepStrictEqual(await schedule(dc), { text: 'canceller owner*3', steps: 4 });
    assert.deepStrictEqual(await threadNames(dc), ['canceller [before cancel.lock]', 'owner [before run.lock]']);
    assert.strictEqual((await act(dc, 'stepBack', 2)).body.description, 'before run.cas');
    assert.deepStrictEqual(await schedule(dc), { text: 'canceller owner*2', steps: 3 });
    await act(dc, 'stepBack', 1);
    const none = await act(dc, 'stepBack', 1);
    assert.deepStrictEqual([none.body.reason, none.body.description], ['step', 'canceller has not taken a step yet']);
    assert.deepStrictEqual(await schedule(dc), { text: 'owner*2', steps: 2 });
  });

  it('a later step of another thread that can no longer move becomes a spin', async () => {
    await launch(dc, { program: fixture('s1.tw'), schedule: 'canceller*5 owner*3 canceller*3 owner*2' });
    assert.deepStrictEqual(await threadNames(dc), ['canceller [before free]', 'owner [before run.next]']);
    await act(dc, 'stepBack', 1); // canceller's cancel.unlock: run.lock and run.unlock now spin
    assert.deepStrictEqual(await threadNames(dc), ['canceller [before cancel.unlock]', 'owner [spinning on T.pi_lock held by canceller]']);
    assert.deepStrictEqual(await schedule(dc), { text: 'canceller*5 owner*3 canceller*2 owner*2', steps: 12 });
    const fwd = await act(dc, 'stepIn', 1);
    assert.strictEqual(fwd.body.description, 'before free');
    assert.deepStrictEqual(await threadNames(dc), ['canceller [before free]', 'owner [before run.lock]']);
  });

  it('Reverse Continue returns to the previous breakpoint hit, then to the start', async () => {
    const first = await launch(dc, { program: fixture('adders.tw'), stopOnEntry: false }, { breakpoints: [{ path: MAINLINE_C, lines: [15] }] });
    const hits = [first];
    hits.push(await act(dc, 'continue', 1), await act(dc, 'continue', 1));
    const at = [];
    for (const h of hits) at.push(h.body.threadId);
    assert.deepStrictEqual(at, [1, 2, 2]);
    const positions = [6, 7, 15];
    assert.strictEqual((await schedule(dc)).steps, positions[2]);
    const back1 = await act(dc, 'reverseContinue', 2);
    assert.deepStrictEqual([back1.body.reason, back1.body.threadId, back1.body.description], ['breakpoint', 2, 'before add.cas']);
    assert.strictEqual((await schedule(dc)).steps, positions[1]);
    const back2 = await act(dc, 'reverseContinue', 2);
    assert.deepStrictEqual([back2.body.threadId, (await schedule(dc)).steps], [1, positions[0]]);
    const start = await act(dc, 'reverseContinue', 1);
    assert.deepStrictEqual([start.body.reason, start.body.description], ['entry', 'back at the start: no breakpoint or exception stop before this point']);
    assert.strictEqual((await schedule(dc)).steps, 0);
    const again = await act(dc, 'continue', 1);
    assert.deepStrictEqual([again.body.threadId, (await schedule(dc)).steps], [1, positions[0]]);
  });

  it('hit counts follow the trace: after going back, == 2 stops at the same CAS attempt again', async () => {
    const hit = await launch(dc, { program: fixture('adders.tw'), stopOnEntry: false },
      { breakpoints: [{ path: MAINLINE_C, lines: [15], extra: [{ hitCondition: '== 2' }] }] });
    const at = (await schedule(dc)).steps;
    assert.deepStrictEqual([hit.body.threadId, hit.body.description], [2, 'before add.cas']);
    assert.strictEqual((await act(dc, 'continue', 2)).body.reason, 'end');
    const back = await act(dc, 'reverseContinue', 2);
    assert.deepStrictEqual([back.body.reason, back.body.threadId, (await schedule(dc)).steps], ['breakpoint', 2, at]);
    // other steps back to before add.link; its next arrival at add.cas is again the second one
    // (two steps later than before: round-robin lets the adder and the owner move first).
    assert.strictEqual((await act(dc, 'stepBack', 2)).body.description, 'before add.link');
    const fwd = await act(dc, 'continue', 2);
    assert.deepStrictEqual([fwd.body.reason, fwd.body.threadId, fwd.body.description, (await schedule(dc)).steps], ['breakpoint', 2, 'before add.cas', at + 2]);
  });

  it('goes back anywhere in a 22,000-step trace', async () => {
    const end = await launch(dc, { program: fixture('long.tw'), stopOnEntry: false, maxSteps: 100000 });
    assert.deepStrictEqual([end.body.reason, end.body.description], ['end', 'execution finished after 22000 steps: no violation']);
    const back = await act(dc, 'stepBack', 1);
    assert.strictEqual(back.body.description, 'before cancel.unlock');
    assert.strictEqual((await schedule(dc)).steps, 21999);
    await within(dc.setDataBreakpointsRequest({ breakpoints: [{ dataId: 'T.task_works' }] }), 'setDataBreakpoints');
    const rc = await act(dc, 'reverseContinue', 1);
    assert.deepStrictEqual([rc.body.reason, rc.body.description], ['data breakpoint', 'T.task_works: A -> NULL']);
    assert.strictEqual((await schedule(dc)).steps, 21997);
  });
});
