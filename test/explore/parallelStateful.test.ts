// The parallel stateful search (parallelStateful.ts): workers sharing one visited set of
// fingerprints find the same violations, minimal schedules and outcomes as one thread. Checked two
// ways: every example under every variant with the same branch searches interleaved in this thread
// in a fixed order (idle ones taking branches from busy ones all the time, so states another
// "worker" is still exploring and donated branches are met constantly), and with real worker threads.
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Program, VARIANT_NAMES, Machine, cloneState } from '../../src/core';
import { ExploreOptions, ExploreResult, exploreSync } from '../../src/explore';
import { absorb, finish, prepare } from '../../src/explore/explore';
import { exploreParallel } from '../../src/explore/parallel';
import { Search } from '../../src/explore/search';
import { Donation } from '../../src/explore/stateful';
import { branchResult, branchSearch } from '../../src/explore/statefulBranch';
import { sharedCount, sharedTable } from '../../src/explore/sharedVisited';
import { StateParts } from '../../src/explore/visitedSet';
import { familyOf, familyTw } from '../../bench/family';
import { compile } from '../unit/helpers';
import { CHURN } from './helpers';


/** `k` branch searches over one shared table, advanced a few steps each in turn; an idle one takes branches from the busy ones. */
function interleaved(p: Program, o: ExploreOptions, k: number): ExploreResult {
  const { m, setup, root } = prepare(p, o);
  const table = sharedTable(0);
  const queue: (Donation | undefined)[] = [undefined];
  const running: (ReturnType<typeof branchSearch> | undefined)[] = new Array(k).fill(undefined);
  const top = new Search(m, [], setup.coverage);
  // Each "worker" keeps its tables of parts and known steps from one branch to the next, as a real one does.
  const kept = Array.from({ length: k }, () => ({}));
  for (let busy = true; busy || queue.length > 0;) {
    busy = false;
    for (let w = 0; w < k; w++) {
      const cur = running[w] ?? (queue.length > 0 ? (running[w] = branchSearch(m, setup, root, table, w, queue.shift(), kept[w])) : undefined);
      if (!cur) {
        for (const other of running) if (other && queue.length === 0) queue.push(...other.st.donate());
        continue;
      }
      busy = true;
      if (cur.st.advance(5 + 3 * w)) { absorb(top, branchResult(cur.search, false)); running[w] = undefined; }
    }
  }
  top.stats.states = sharedCount(table);
  return finish(m, { ...setup, hashCompact: true }, root, top, o, { t0: Date.now(), stopped: undefined });
}

/** What must not change: verdicts with their minimal schedules, outcomes, completeness. */
function verdicts(r: ExploreResult): string {
  const vs = r.violations.map((v) => `${v.kind}: ${v.minimal ? v.schedule : '(not minimal)'}`);
  return [...vs, ...r.outcomes, `complete ${String(r.complete)}`].join('\n');
}

describe('explore: the parallel stateful search', () => {
  it('the same violations, minimal schedules and outcomes as one thread, on every example and variant (interleaved)', function () {
    this.timeout(300000);
    for (const f of readdirSync('examples').filter((x) => x.endsWith('.tw'))) {
      const p = compile(readFileSync(join('examples', f), 'utf8'), f);
      for (const variant of VARIANT_NAMES) {
        const one = exploreSync(p, { variant });
        const three = interleaved(p, { variant }, 3);
        assert.equal(verdicts(three), verdicts(one), `${f} under ${variant}`);
        assert.ok(three.missProbability !== undefined && three.missProbability < 1e-9, f);
      }
    }
  });

  it('finds the livelocks one thread finds, beside the real races (interleaved)', () => {
    const p = compile(CHURN, 'churn.tw');
    for (const variant of ['mainline', 'no-run-lock-pair']) {
      const one = exploreSync(p, { variant, maxSteps: 60 });
      assert.ok(one.violations.some((v) => v.kind === 'step-limit'), variant);
      for (const k of [2, 3]) assert.equal(verdicts(interleaved(p, { variant, maxSteps: 60 }, k)), verdicts(one), `${variant}, ${k}`);
    }
  });

  it('a fingerprint depends on the state only, not on the order parts were first met in', () => {
    const m = new Machine(compile(familyTw(familyOf(3)), 'fam3.tw'), 'mainline', { maxSteps: 1000 });
    const states = [m.init().state];
    for (let i = 0; i < 40; i++) {
      const s = cloneState(states[states.length - 1] as typeof states[number]);
      const en = m.enabled(s);
      if (en.length === 0) break;
      m.step(s, en[i % en.length] as number);
      states.push(s);
    }
    const fps = (order: typeof states): string[] => {
      const parts = new StateParts();
      const out = new Int32Array(2);
      return order.map((s) => { parts.fingerprint(parts.all(s, 0), out); return `${out[0]},${out[1]}`; });
    };
    assert.deepEqual(fps([...states].reverse()).reverse(), fps(states));
    assert.equal(new Set(fps(states)).size, new Set(states.map((s) => JSON.stringify(s.cells) + JSON.stringify(s.threads))).size);
  });

  it('real worker threads: the same verdicts as one thread, reported as hash compaction', async function () {
    this.timeout(180000);
    const cases: [Program, ExploreOptions][] = [
      [compile(readFileSync('examples/s03-two-cancellers.tw', 'utf8'), 's03.tw'), { variant: 'no-run-lock-pair' }],
      [compile(familyTw(familyOf(4)), 'fam4.tw'), { maxSteps: 1000 }],
      [compile(CHURN, 'churn.tw'), { variant: 'no-run-lock-pair', maxSteps: 60 }],
    ];
    for (const [p, o] of cases) {
      const one = exploreSync(p, o);
      const two = await exploreParallel(p, { ...o, workers: 2 }, 0); // past the pilot, whatever the size
      assert.equal(verdicts(two), verdicts(one));
      assert.ok(two.missProbability !== undefined, 'the shared visited set keeps fingerprints');
      assert.ok(Math.abs(two.states - one.states) <= one.states / 10, `${two.states} states vs ${one.states}`);
    }
  });

  it('real worker threads: more workers than cores (the main thread and three threads), the same verdicts', async function () {
    this.timeout(180000);
    // Small scenarios with races: minimising their schedules never comes near its time limit.
    const cases: [Program, ExploreOptions][] = [
      [compile(readFileSync('examples/s03-two-cancellers.tw', 'utf8'), 's03.tw'), { variant: 'no-run-lock-pair' }],
      [compile(familyTw(familyOf(4)), 'fam4.tw'), { maxSteps: 1000 }],
    ];
    for (const [p, o] of cases) {
      const one = exploreSync(p, o);
      const four = await exploreParallel(p, { ...o, workers: 4 }, 0);
      assert.equal(verdicts(four), verdicts(one));
      assert.ok(Math.abs(four.states - one.states) <= one.states / 10, `${four.states} states vs ${one.states}`);
    }
  });
});
