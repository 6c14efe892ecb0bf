// A stopped search keeps what it found: a timeout, a state budget or a cancellation (Ctrl-C) stops
// every worker, and each worker's partial result — violations and counts — is folded in. The
// scenario's tree is far too big to finish, yet each subtree meets the owner/canceller race early.
import * as assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { ExploreOptions, exploreSync } from '../../src/explore';
import { exploreParallel } from '../../src/explore/parallel';
import { compile } from './helpers';

const big = compile(readFileSync(path.join(__dirname, 'bigRace.tw'), 'utf8'), 'bigRace.tw');
const opts: ExploreOptions = { variant: 'no-run-lock-pair', strategy: 'dfs' };
const RACE = ['run-after-cancel', 'use-after-free'];

describe('explore: a stopped search keeps what it found', function () {
  this.timeout(120000);

  it('a timeout with 2 workers keeps every worker\'s violations and real execution counts', async () => {
    let seen = 0;
    const r = await exploreParallel(big, { ...opts, workers: 2, timeoutMs: 3000 }, 0, {
      onProgress: (p) => { seen = Math.max(seen, p.executions); },
    });
    assert.equal(r.stopped, 'timeout');
    assert.equal(r.complete, false);
    assert.deepEqual(r.violations.map((v) => v.kind).sort(), RACE);
    // The running tasks' work is counted: never less than the progress already reported.
    assert.ok(seen > 0 && r.executions >= seen, `executions ${r.executions}, progress showed ${seen}`);
  });

  for (const workers of [1, 2]) {
    it(`a cancellation (workers: ${workers}) returns the partial result, marked cancelled`, async () => {
      let cancel = false;
      const r = await exploreParallel(big, { ...opts, workers }, 0, {
        onProgress: (p) => { if (p.executions > 3000) cancel = true; },
        isCancelled: () => cancel,
      });
      assert.equal(r.stopped, 'cancelled');
      assert.deepEqual(r.violations.map((v) => v.kind).sort(), RACE);
      assert.ok(r.executions >= 3000);
    });
  }

  it('an abort of control.cancelled (workers: 2) stops the pool at once and keeps the violations reported', async () => {
    const abort = new AbortController();
    let abortedAt = 0;
    const r = await exploreParallel(big, { ...opts, workers: 2 }, 0, {
      onProgress: (p) => { if (p.executions > 3000 && !abortedAt) { abortedAt = Date.now(); abort.abort(); } },
      cancelled: abort.signal, isCancelled: () => abort.signal.aborted,
    });
    const ms = Date.now() - abortedAt;
    assert.equal(r.stopped, 'cancelled');
    assert.equal(r.complete, false);
    assert.deepEqual(r.violations.map((v) => v.kind).sort(), RACE);
    // A hang guard only: the 200 ms goal is measured (TW_SIGNAL_TIMES), not asserted.
    assert.ok(ms < 3000, `${ms} ms after the abort`);
    if (process.env.TW_SIGNAL_TIMES) console.log(`      answered ${ms} ms after the abort`);
  });

  it('a state budget stops the search with max-states (and what it found)', () => {
    const r = exploreSync(big, { ...opts, maxStates: 20000 });
    assert.equal(r.stopped, 'max-states');
    assert.equal(r.complete, false);
    assert.ok(r.states >= 20000 && r.states < 20000 + 5000, `states ${r.states}`);
    assert.deepEqual(r.violations.map((v) => v.kind).sort(), RACE);
  });
});
