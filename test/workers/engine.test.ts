// The worker engine behind the debugger's Engine interface: synchronous steps give the core
// engine's events and states, save/restore travel back and forth exactly, failures are clear.
import { strict as assert } from 'node:assert';
import { CoreEngine, Engine } from '../../src/debug/engine';
import { WorkerEngine } from '../../src/workers/engine';
import { liveWorkers } from '../../src/workers/pool';
import { GatedWorkers } from '../../src/workers/gated';
import { listingVariantOf } from '../../src/workers/listingVariant';
import { handS1, scheduleIndices, S1_WITNESS } from './programs';

describe('workers: WorkerEngine (the debugger\'s Engine over gated workers)', function () {
  this.timeout(30000);
  afterEach(() => assert.equal(liveWorkers(), 0, 'a worker outlived its engine'));

  it('steps the S1 witness like CoreEngine, and save/restore replays exactly', async () => {
    for (const name of ['mainline', 'no-run-lock-pair']) {
      const program = handS1();
      const opts = { program, variant: name, limits: {} };
      // The workers run the variant's listing; the core engine runs the same listing.
      const core: Engine = new CoreEngine({ ...opts, variant: listingVariantOf(program, name) });
      const workers: Engine = new WorkerEngine(opts);
      try {
        assert.equal(workers.kind, 'workers');
        assert.deepEqual(await workers.init(), await core.init());
        assert.deepEqual(workers.state(), core.state());
        const sched = scheduleIndices(opts.program, S1_WITNESS);
        const saved: unknown[] = [];
        for (const t of sched) {
          saved.push(workers.save());
          assert.deepEqual(workers.step(t), core.step(t));
          assert.deepEqual(workers.state(), core.state());
        }
        const end = workers.save();
        workers.restore(saved[9]); // back to before step 10, then forward again on the same workers
        for (const t of sched.slice(9)) workers.step(t);
        assert.deepEqual(workers.state(), end);
        assert.deepEqual(workers.state(), core.state());
      } finally {
        await workers.dispose();
        await core.dispose();
      }
    }
  });

  it('time travel steps on the core (no round trip) and the workers go on from where it lands', async () => {
    const program = handS1();
    const opts = { program, variant: 'no-run-lock-pair', limits: {} };
    const core = new CoreEngine({ ...opts, variant: listingVariantOf(program, 'no-run-lock-pair') });
    const workers = new WorkerEngine(opts);
    try {
      await workers.init();
      await core.init();
      const sched = scheduleIndices(program, S1_WITNESS);
      const start = workers.save();
      for (const t of sched.slice(0, 6)) workers.step(t);
      const trips = workers.roundTrips;
      assert.equal(trips, 6);
      // Back to the start and forward again to step 10 inside one travel: the core's steps.
      const events = workers.travel(() => {
        workers.restore(start);
        return sched.slice(0, 10).map((t) => workers.step(t));
      });
      assert.equal(workers.roundTrips, trips, 'a travelled step went to a worker');
      assert.deepEqual(events, sched.slice(0, 10).map((t) => core.step(t)));
      assert.deepEqual(workers.state(), core.state());
      // The rest on the workers (each reads the landed state first): the core's run to the end.
      for (const t of sched.slice(10)) assert.deepEqual(workers.step(t), core.step(t));
      assert.equal(workers.roundTrips, trips + sched.length - 10);
      assert.deepEqual(workers.state(), core.state());
      assert.ok(core.state().violations.length > 0, 'the witness reaches its violation');
    } finally {
      await workers.dispose();
      await core.dispose();
    }
  });

  it('a worker that throws or hangs inside a synchronous step: a clear error, then dispose() leaves no worker', async () => {
    const p = handS1();
    const thrower = await GatedWorkers.start(p, 'mainline', { timeoutMs: 500, testHook: { thread: 0, atStep: 2, kind: 'throw' } });
    thrower.stepSync(0);
    assert.throws(() => thrower.stepSync(0), { message: "the worker for thread 'canceller' failed: test hook: thread 0 throws at step 2" });
    assert.throws(() => thrower.stepSync(1), { message: 'the worker backend was closed' });
    await thrower.close();
    const hanger = await GatedWorkers.start(p, 'mainline', { timeoutMs: 500, testHook: { thread: 1, atStep: 1, kind: 'hang' } });
    assert.throws(() => hanger.stepSync(1), { message: "the worker for thread 'owner' did not finish its step run.load within 500 ms (hung?); all workers were terminated" });
    await hanger.close();
  });
});
