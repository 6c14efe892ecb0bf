// A worker that throws or hangs never hangs the caller: the promise rejects with a clear message
// (the mocha timeout of each test bounds "within the timeout"), and no worker is left running.
import { strict as assert } from 'node:assert';
import { GatedWorkers } from '../../src/workers/gated';
import { runOnWorkers } from '../../src/workers/runOnWorkers';
import { stress } from '../../src/workers/stress';
import { liveWorkers, findWorkerFile } from '../../src/workers/pool';
import { handS1, scheduleIndices, S1_WITNESS } from './programs';

const TIMEOUT = 600;

/** Steps the S1 witness until the engine rejects; returns the error. */
async function stepUntilRejected(g: GatedWorkers): Promise<Error> {
  for (const t of scheduleIndices(handS1(), S1_WITNESS)) {
    try {
      await g.step(t);
    } catch (e) {
      assert.ok(e instanceof Error);
      return e;
    }
  }
  throw new Error('no step was rejected');
}

describe('workers: failures never hang the caller', function () {
  this.timeout(TIMEOUT * 4 + 15000);
  afterEach(() => assert.equal(liveWorkers(), 0, 'a worker outlived its engine'));

  it('gated: a worker that throws rejects its step with the worker\'s message and terminates all workers', async () => {
    const g = await GatedWorkers.start(handS1(), 'mainline', { timeoutMs: TIMEOUT, testHook: { thread: 1, atStep: 7, kind: 'throw' } });
    assert.equal(liveWorkers(), 2);
    const e = await stepUntilRejected(g);
    assert.equal(e.message, "the worker for thread 'owner' failed: test hook: thread 1 throws at step 7");
    await assert.rejects(g.step(0), /the worker backend was closed/);
  });

  it('gated: a worker that hangs inside a step rejects after the timeout, naming the thread and the step', async () => {
    const g = await GatedWorkers.start(handS1(), 'mainline', { timeoutMs: TIMEOUT, testHook: { thread: 0, atStep: 3, kind: 'hang' } });
    const e = await stepUntilRejected(g);
    assert.equal(e.message, `the worker for thread 'canceller' did not finish its step cancel.load within ${TIMEOUT} ms (hung?); all workers were terminated`);
  });

  it('runOnWorkers: rejects and terminates the workers', async () => {
    const prefix = scheduleIndices(handS1(), S1_WITNESS);
    await assert.rejects(runOnWorkers(handS1(), 'mainline', { prefix, timeoutMs: TIMEOUT, testHook: { thread: 0, atStep: 2, kind: 'throw' } }),
      { message: "the worker for thread 'canceller' failed: test hook: thread 0 throws at step 2" });
  });

  it('stress: a worker that throws in a run rejects with its message', async () => {
    await assert.rejects(stress(handS1(), { runs: 50, timeoutMs: TIMEOUT, testHook: { thread: 1, atStep: 2, kind: 'throw' } }),
      { message: "the worker for thread 'owner' failed: test hook: thread 1 throws at step 2" });
  });

  it('stress: a worker that hangs in a run rejects after the timeout, naming the stuck thread', async () => {
    await assert.rejects(stress(handS1(), { runs: 50, timeoutMs: TIMEOUT, testHook: { thread: 0, atStep: 1, kind: 'hang' } }),
      { message: `stress run 1 did not finish within ${TIMEOUT} ms (still running: canceller); all workers were terminated` });
  });

  it('close() terminates idle workers; later steps reject', async () => {
    const g = await GatedWorkers.start(handS1(), 'mainline', { timeoutMs: TIMEOUT });
    await g.step(0);
    await g.close();
    assert.equal(liveWorkers(), 0);
    await assert.rejects(g.step(1), /the worker backend was closed/);
  });

  it('bad input fails before any worker starts, with a clear message', async () => {
    await assert.rejects(GatedWorkers.start(handS1(), 'no-such-variant'), { message: "unknown variant 'no-such-variant'" });
    assert.throws(() => findWorkerFile('/nonexistent/worker.js'),
      { message: 'the worker backend needs /nonexistent/worker.js, which does not exist: run `npm run build` first' });
  });
});
