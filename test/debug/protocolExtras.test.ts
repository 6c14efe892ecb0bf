// Beyond the protocol: the tw/state snapshot after every stop, tw/schedule for "Save schedule",
// tw/exploreFromHere with progress and cancel, the Engine interface a second engine plugs into, and the standalone
// adapter over stdio and --server=PORT.
import * as assert from 'node:assert';
import * as os from 'node:os';
import * as path from 'node:path';
import * as fs from 'node:fs';
import { spawn } from 'node:child_process';
import { build } from 'esbuild';
import { DebugClient } from '@vscode/debugadapter-testsupport';
import type { DebugProtocol } from '@vscode/debugprotocol';
import type { StateSnapshot } from '../../src/protocol/messages';
import type { ExploreResult } from '../../src/explore/types';
import { expandSchedule, parseSchedule } from '../../src/core';
import { CoreEngine, Engine, registerEngine } from '../../src/debug';
import { act, closeAdapter, fixture, launch, newClient, stopClient, within, WAIT_MS } from './harness';

describe('debug: tw/state, custom requests, engines', () => {
  let dc: DebugClient;
  beforeEach(async () => { dc = await newClient(); });
  afterEach(async () => { await stopClient(dc); });
  after(closeAdapter);

  it('sends a tw/state snapshot after every stop', async () => {
    const first = within(dc.waitForEvent('tw/state'), 'the first tw/state');
    await launch(dc, { program: fixture('s1.tw') });
    const s0 = (await first).body as StateSnapshot;
    assert.deepStrictEqual([s0.step, s0.lastThread, s0.lastLabel, s0.variant, s0.finished], [0, null, null, 'mainline', false]);
    assert.deepStrictEqual(s0.tasks, [{ name: 'T', chain: ['B', 'A', 'NULL'], lock: { holder: null, spinners: [] }, exiting: false, notifyResume: true, notifySignal: false }]);
    for (let i = 0; i < 5; i++) await act(dc, 'stepIn', 1);
    for (let i = 0; i < 2; i++) await act(dc, 'stepIn', 2);
    const next = within(dc.waitForEvent('tw/state'), 'tw/state after run.cas');
    await act(dc, 'stepIn', 2);
    const s = (await next).body as StateSnapshot;
    assert.deepStrictEqual([s.step, s.lastThread, s.lastLabel], [8, 2, 'run.cas']);
    assert.deepStrictEqual(s.tasks[0]?.chain, ['NULL']);
    assert.deepStrictEqual(s.tasks[0]?.lock, { holder: 'canceller', spinners: ['owner'] });
    assert.deepStrictEqual(s.threads, [
      { id: 1, name: 'canceller', status: 'ready', next: 'cancel.match', pointers: [{ name: 'pprev', target: '&B->next' }, { name: 'work', target: 'A' }], detached: [] },
      { id: 2, name: 'owner', status: 'spinning on T.pi_lock held by canceller', next: 'run.lock', pointers: [{ name: 'work', target: 'B' }, { name: 'next', target: 'NULL' }, { name: 'head', target: 'NULL' }], detached: ['B', 'A'] },
    ]);
    assert.deepStrictEqual(s.works.map((w) => `${w.name} ${w.address} ${w.life} next=${w.next} func=${w.func}`), ['A 0x1000 detached next=NULL func=fa', 'B 0x1040 detached next=A func=fb']);
  });

  it('tw/schedule returns the schedule so far as text', async () => {
    await launch(dc, { program: fixture('s1.tw'), schedule: 'race' });
    const r = await within(dc.customRequest('tw/schedule'), 'tw/schedule');
    assert.deepStrictEqual(r.body, { text: 'canceller*5 owner*5 canceller*4 owner*4', steps: 18, variant: 'mainline', file: fixture('s1.tw') });
  });

  it('tw/exploreFromHere explores every continuation of the paused state, with progress events', async () => {
    await launch(dc, { program: fixture('s1.tw'), variant: 'no-run-lock-pair', schedule: 'park' });
    const start = within(dc.waitForEvent('progressStart'), 'progressStart');
    const end = within(dc.waitForEvent('progressEnd'), 'progressEnd');
    const r = await within(dc.customRequest('tw/exploreFromHere', {}), 'tw/exploreFromHere');
    const body = r.body as { summary: string; result: ExploreResult };
    assert.deepStrictEqual((await start).body, { progressId: (await start).body.progressId, title: 'Exploring from step 5', cancellable: true, requestId: r.request_seq, message: 'stateful' });
    assert.strictEqual((await end).body.message, body.summary);
    assert.deepStrictEqual(body.result.violations.map((v) => v.kind).sort(), ['assertion', 'run-after-cancel', 'use-after-free']);
    assert.ok(body.summary.startsWith('found use-after-free, run-after-cancel, assertion in '), body.summary);
    for (const v of body.result.violations) {
      assert.deepStrictEqual(expandSchedule(parseSchedule(v.schedule).entries).slice(0, 5), Array(5).fill('canceller'), `${v.kind}: ${v.schedule} starts with the paused prefix`);
    }
    await stopClient(dc);
    dc = await newClient();
    await launch(dc, { program: fixture('s1.tw'), schedule: 'park' });
    const clean = await within(dc.customRequest('tw/exploreFromHere', { strategy: 'dfs' }), 'tw/exploreFromHere');
    const cb = clean.body as { summary: string; result: ExploreResult };
    assert.deepStrictEqual([cb.result.violations, cb.result.complete, cb.result.strategy], [[], true, 'dfs']);
    assert.match(cb.summary, /^no violation in \d+ executions, \d+ states from step 5 \(complete\)$/);
    await assert.rejects(within(dc.customRequest('tw/exploreFromHere', { strategy: 'bfs' }), 'bad strategy'),
      /^Error: explore from here: strategy: expected one of stateful, dpor, dfs, random, pct, found 'bfs'$/);
  });

  it('the cancel request stops an exploration', async () => {
    await launch(dc, { program: fixture('long.tw'), maxSteps: 100000 });
    const start = within(dc.waitForEvent('progressStart'), 'progressStart');
    const pending = within(dc.customRequest('tw/exploreFromHere', { strategy: 'dfs', maxSteps: 100000 }), 'the cancelled exploration');
    const progressId = (await start).body.progressId as string;
    await within(dc.send('cancel', { progressId }), 'cancel');
    const r = await pending;
    assert.strictEqual((r.body as { result: ExploreResult }).result.stopped, 'cancelled');
  });

  it('a second engine plugs in through the Engine interface', async () => {
    const steps: number[] = [];
    registerEngine('recording', (o) => {
      const core = new CoreEngine(o);
      const engine: Engine = {
        kind: 'recording', machine: core.machine,
        init: () => core.init(), state: () => core.state(), save: () => core.save(), restore: (c) => core.restore(c), dispose: () => core.dispose(),
        step: (t) => { steps.push(t); return core.step(t); },
      };
      return engine;
    });
    const end = await launch(dc, { program: fixture('s1.tw'), engine: 'recording', stopOnEntry: false });
    assert.strictEqual(end.body.reason, 'end');
    assert.strictEqual(steps.length, 18);
  });
});

describe('debug: the standalone adapter', function () {
  this.timeout(30000);
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tw-adapter-'));
  const bundle = path.join(dir, 'debugAdapter.js');
  before(async () => {
    await build({ entryPoints: [path.join(__dirname, '..', '..', 'src', 'debug', 'standalone.ts')], bundle: true, platform: 'node', format: 'cjs', outfile: bundle, logLevel: 'silent' });
  });
  after(() => fs.rmSync(dir, { recursive: true, force: true }));

  async function session(dc: DebugClient): Promise<void> {
    const stop = await launch(dc, { program: fixture('s1.tw') });
    assert.strictEqual(stop.body.description, 'before cancel.peek');
    const st = await within(dc.stackTraceRequest({ threadId: 1 }), 'stackTrace');
    const src = st.body.stackFrames[0]?.source as DebugProtocol.Source;
    // No listings folder next to this bundle: the listing is served by reference.
    assert.deepStrictEqual([src.name, src.path, typeof src.sourceReference], ['mainline.c', undefined, 'number']);
    const text = await within(dc.sourceRequest({ source: src, sourceReference: src.sourceReference ?? 0 }), 'source');
    assert.ok(text.body.content.includes('// cancel.peek: lockless fast path'));
  }

  it('speaks DAP over stdio (node dist/debugAdapter.js)', async () => {
    const dc = new DebugClient('node', bundle, 'tw');
    dc.defaultTimeout = WAIT_MS;
    await within(dc.start(), 'the adapter process');
    try { await session(dc); } finally { await within(dc.stop(), 'stop').catch(() => undefined); }
  });

  it('serves sessions with --server=PORT', async () => {
    const child = spawn(process.execPath, [bundle, '--server=0'], { stdio: ['ignore', 'pipe', 'pipe'] });
    try {
      const port = await within(new Promise<number>((resolve) => {
        child.stderr.on('data', (d: Buffer) => { const m = /listening on port (\d+)/.exec(d.toString()); if (m?.[1]) resolve(Number(m[1])); });
      }), 'the listening message');
      const dc = new DebugClient('node', 'unused', 'tw');
      await within(dc.start(port), 'connect');
      try { await session(dc); } finally { await within(dc.stop(), 'stop').catch(() => undefined); }
    } finally {
      child.kill();
    }
  });
});
