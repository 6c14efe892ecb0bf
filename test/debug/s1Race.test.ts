// The full S1 race forced by hand over DAP on both variants: the canceller parked inside the list
// under pi_lock, the owner detaching the list; mainline makes the owner spin at run.lock, while
// no-run-lock-pair runs the cancelled, freed work and the violation stops the session.
import * as assert from 'node:assert';
import { DebugClient } from '@vscode/debugadapter-testsupport';
import { act, closeAdapter, collectOutput, fixture, frames, launch, newClient, stopClient, threadNames, within } from './harness';

const CANCELLER = 1;
const OWNER = 2;

/** stepIn the canceller through peek, lock, load, match (B: no), step; then the owner through the detach. */
async function parkCancellerAndDetach(dc: DebugClient): Promise<string[]> {
  const seen: string[] = [];
  for (let i = 0; i < 5; i++) seen.push((await act(dc, 'stepIn', CANCELLER)).body.description ?? '');
  for (let i = 0; i < 3; i++) seen.push((await act(dc, 'stepIn', OWNER)).body.description ?? '');
  return seen;
}

describe('debug: the S1 race by hand', () => {
  let dc: DebugClient;
  beforeEach(async () => { dc = await newClient(); });
  afterEach(async () => { await stopClient(dc); });
  after(closeAdapter);

  it('mainline: the owner spins at run.lock while the canceller holds pi_lock, then A is cancelled and never runs', async () => {
    const out = collectOutput(dc);
    await launch(dc, { program: fixture('s1.tw') });
    assert.deepStrictEqual(await parkCancellerAndDetach(dc), [
      'before cancel.lock', 'before cancel.load', 'before cancel.match', 'before cancel.step', 'before cancel.match',
      'before run.check', 'before run.cas', 'before run.lock',
    ]);
    const refused = await act(dc, 'stepIn', OWNER);
    assert.strictEqual(refused.body.reason, 'step');
    assert.strictEqual(refused.body.threadId, OWNER);
    assert.strictEqual(refused.body.description, 'owner cannot step: spinning on T.pi_lock held by canceller');
    assert.ok(out.some((e) => e.body.output === 'owner cannot step: spinning on T.pi_lock held by canceller\n'), 'the output says why');
    assert.deepStrictEqual(await threadNames(dc), ['canceller [before cancel.match]', 'owner [spinning on T.pi_lock held by canceller]']);
    assert.deepStrictEqual(await frames(dc, OWNER), ['task_work_run [run.lock] @ mainline.c:49', 'owner @ s1.tw:21']);
    // The canceller finishes its walk: A is unlinked from B->next, pi_lock released, A freed.
    assert.strictEqual((await act(dc, 'next', CANCELLER)).body.description, 'before free');
    assert.strictEqual((await act(dc, 'next', CANCELLER)).body.description, 'canceller has finished');
    const end = await act(dc, 'continue', OWNER);
    assert.strictEqual(end.body.reason, 'end');
    assert.strictEqual(end.body.description, 'execution finished after 18 steps: no violation');
    assert.deepStrictEqual(await threadNames(dc), ['canceller [done: returned freed A]', 'owner [done]']);
  });

  it('no-run-lock-pair: the owner walks on, runs the cancelled and freed A, and the violation stops the session', async () => {
    await launch(dc, { program: fixture('s1.tw'), variant: 'no-run-lock-pair' });
    assert.deepStrictEqual((await parkCancellerAndDetach(dc)).slice(5), ['before run.check', 'before run.cas', 'before run.next']);
    assert.strictEqual((await act(dc, 'stepIn', OWNER)).body.description, 'before run.call'); // next = A cached
    assert.strictEqual((await act(dc, 'stepOut', CANCELLER)).body.description, 'before free'); // cancel returned A
    assert.strictEqual((await act(dc, 'next', CANCELLER)).body.description, 'canceller has finished'); // A freed
    // B's callback returns; run reads A->next from the freed A, then calls the cancelled A.
    const uaf = await act(dc, 'continue', OWNER);
    assert.strictEqual(uaf.body.reason, 'exception');
    assert.strictEqual(uaf.body.threadId, OWNER);
    assert.strictEqual(uaf.body.allThreadsStopped, true);
    assert.strictEqual(uaf.body.description, 'use-after-free at step 15 (owner, run.next): owner: read next of freed A at run.next');
    const stop = await act(dc, 'continue', OWNER);
    assert.strictEqual(stop.body.reason, 'exception');
    assert.strictEqual(stop.body.description, 'use-after-free at step 16 (owner, run.call): owner: call func of freed A at run.call');
    const text = [
      'use-after-free at step 16 (owner, run.call): owner: call func of freed A at run.call',
      'run-after-cancel at step 16 (owner, run.call): owner calls A\'s func although a cancel already returned A',
    ].join('\n');
    assert.strictEqual(stop.body.text, text);
    const info = await within(dc.exceptionInfoRequest({ threadId: OWNER }), 'exceptionInfo');
    assert.strictEqual(info.body.exceptionId, 'use-after-free');
    assert.strictEqual(info.body.description, text);
  });

  it('engine workers: the same race on real worker threads stops on the same violation, and steps back', async function () {
    this.timeout(60000);
    await launch(dc, { program: fixture('s1.tw'), variant: 'no-run-lock-pair', engine: 'workers' });
    assert.deepStrictEqual((await parkCancellerAndDetach(dc)).slice(5), ['before run.check', 'before run.cas', 'before run.next']);
    assert.strictEqual((await act(dc, 'stepIn', OWNER)).body.description, 'before run.call');
    assert.strictEqual((await act(dc, 'stepBack', OWNER)).body.description, 'before run.next');
    assert.strictEqual((await act(dc, 'stepIn', OWNER)).body.description, 'before run.call');
    assert.strictEqual((await act(dc, 'stepOut', CANCELLER)).body.description, 'before free');
    assert.strictEqual((await act(dc, 'next', CANCELLER)).body.description, 'canceller has finished');
    const uaf = await act(dc, 'continue', OWNER);
    assert.strictEqual(uaf.body.reason, 'exception');
    assert.strictEqual(uaf.body.description, 'use-after-free at step 15 (owner, run.next): owner: read next of freed A at run.next');
  });
});
