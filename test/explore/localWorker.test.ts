// The main thread's share of a parallel stateful search (localWorker.ts) answers a request for work
// later, as a worker thread would. What it hands over must be what it still had when it answers:
// branches taken at the request and posted after its own branch ended would reach a pool that had
// already seen every member idle and the queue empty, and been ended — those branches were lost.
import assert from 'node:assert/strict';
import { Donation } from '../../src/explore/stateful';
import { prepare } from '../../src/explore/explore';
import { LocalWorker } from '../../src/explore/localWorker';
import type { WorkerReply } from '../../src/explore/exploreWorker';
import { sharedTable } from '../../src/explore/sharedVisited';
import { familyOf, familyTw } from '../../bench/family';
import { compile } from '../unit/helpers';

describe('explore: the main thread as a worker', () => {
  it('never answers a request for work with branches after its branch is done', async function () {
    this.timeout(60000);
    const { m, setup, root } = prepare(compile(familyTw(familyOf(4)), 'fam4.tw'), { maxSteps: 1000 });
    const replies: WorkerReply[] = [];
    let done = false;
    const local = new LocalWorker({ m, setup, root, table: sharedTable(0), worker: 0, stop: new Int32Array(new SharedArrayBuffer(4)), deadline: Infinity },
      (r) => { replies.push(r); if (r.type === 'done') done = true; });
    local.post({ type: 'branch', id: 0 });
    // Ask for work at every turn of the event loop until the branch is done, as an idle pool would.
    const late: Donation[] = [];
    await new Promise<void>((resolve) => {
      const ask = (): void => {
        if (done) { setImmediate(() => setImmediate(resolve)); return; }
        local.post({ type: 'donate' });
        setImmediate(ask);
      };
      setImmediate(ask);
    });
    let seenDone = false;
    for (const r of replies) {
      if (r.type === 'done') seenDone = true;
      else if (r.type === 'donated' && seenDone) late.push(...r.branches);
    }
    assert.ok(seenDone);
    assert.ok(replies.some((r) => r.type === 'donated' && r.branches.length > 0), 'the branch handed some work over');
    assert.deepEqual(late, [], 'branches handed over after the branch reported done');
    local.terminate();
  });
});
