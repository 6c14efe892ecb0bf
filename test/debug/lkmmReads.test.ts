// Under memory lkmm the debugger offers each load's choices: a Reads scope lists the writes the
// thread's next read may take (those the LKMM allows), tw/readFrom picks one, step back forgets it.
import assert from 'node:assert/strict';
import * as path from 'node:path';
import type { DebugClient } from '@vscode/debugadapter-testsupport';
import { newClient, stopClient, closeAdapter, launch, act, within, topFrame, scopeVars } from './harness';
import type { StateSnapshot } from '../../src/protocol/messages';
import { layoutQueue } from '../../src/webview/layout';
import { renderSvg } from '../../src/webview/svg';

const ROOT = path.join(__dirname, '..', '..');
const program = path.join(ROOT, 'examples', 's01-cancel-vs-run.tw');
const whatif = path.join(ROOT, 'listings', 'no-run-lock-pair.c');

async function allScopes(dc: DebugClient, threadId: number): Promise<{ name: string; rows: string[] }[]> {
  const f = await topFrame(dc, threadId);
  const scopes = await within(dc.scopesRequest({ frameId: f.id }), 'scopes');
  const out = [];
  for (const s of scopes.body.scopes) {
    const vars = await within(dc.variablesRequest({ variablesReference: s.variablesReference }), 'variables');
    out.push({ name: s.name, rows: vars.body.variables.map((v) => `${v.name} = ${v.value}`) });
  }
  return out;
}

describe('debug: picking which write a load reads under memory lkmm', function () {
  this.timeout(20000);
  let dc: DebugClient;
  beforeEach(async () => { dc = await newClient(); });
  afterEach(async () => { await stopClient(dc); });
  after(closeAdapter);

  const OWNER = 2;
  const readsOf = async (threadId: number): Promise<string[]> => (await allScopes(dc, threadId)).filter((x) => x.name.startsWith('Reads')).flatMap((x) => [x.name, ...x.rows]);
  const pick = async (write: string): Promise<unknown> => (await within(dc.customRequest('tw/readFrom', { threadId: OWNER, write }), 'tw/readFrom')).body;

  /** canceller has cancelled A (its cas wrote B->next = NULL); owner is before its load of B->next. */
  async function beforeRunNext(): Promise<void> {
    const stop = await launch(dc, { program, variant: whatif, memory: 'lkmm', schedule: 'canceller*9 owner*3' });
    assert.match(stop.body.description ?? '', /owner is before run\.next/);
  }

  it("the Reads scope lists the writes the next load may read: the canceller's cas (taken) and init (stale)", async () => {
    await beforeRunNext();
    assert.deepEqual(await readsOf(OWNER), [
      'Reads (run.next: B.next)',
      'canceller@cancel.cas = B.next = NULL  <- reads this',
      'init = B.next = freed A (stale: newer write NULL by canceller@cancel.cas)',
    ]);
    assert.deepEqual(await readsOf(1), [], 'canceller has finished: nothing to read');
  });

  it('tw/readFrom without a write lists the choices (what the thread row command offers)', async () => {
    await beforeRunNext();
    const body = (await within(dc.customRequest('tw/readFrom', { threadId: OWNER }), 'tw/readFrom')).body as { reads: { label: string; loc: string; options: { name: string; takes: boolean }[] }[] };
    assert.deepEqual(body.reads.map((r) => [r.label, r.loc, r.options.map((o) => `${o.name}${o.takes ? '*' : ''}`)]), [['run.next', 'B.next', ['canceller@cancel.cas*', 'init']]]);
  });

  it('tw/readFrom init, then continue: the use-after-free tw run reports for the witness', async () => {
    await beforeRunNext();
    assert.deepEqual(await pick('init'), { pin: 'owner@run.next<-init' });
    assert.match((await readsOf(OWNER)).join('\n'), /^init = .* <- reads this$/m);
    const stop = await act(dc, 'continue', OWNER);
    assert.equal(stop.body.reason, 'exception');
    assert.match(stop.body.description ?? '', /use-after-free/);
    assert.match((await within(dc.exceptionInfoRequest({ threadId: OWNER }), 'exceptionInfo')).body.description ?? '', /read next of freed A at run\.next/);
  });

  it('step back over a later step replays the pinned load with its pick: the violation stays', async () => {
    await beforeRunNext();
    await pick('init');
    await act(dc, 'stepIn', OWNER); // run.next reads init: B->next = A (freed by the canceller)
    await act(dc, 'stepIn', OWNER);
    await act(dc, 'stepBack', OWNER); // re-executes the schedule up to run.next from a checkpoint
    const stop = await act(dc, 'continue', OWNER);
    assert.match(stop.body.description ?? '', /use-after-free/);
  });

  it('step back over the pinned load forgets the pick: the other write gives the clean path', async () => {
    await beforeRunNext();
    await pick('init');
    await act(dc, 'stepIn', OWNER);
    await act(dc, 'stepBack', OWNER); // undoes run.next itself
    assert.match((await readsOf(OWNER)).join('\n'), /^canceller@cancel\.cas = .* <- reads this$/m);
    await pick('canceller@cancel.cas');
    const end = await act(dc, 'continue', OWNER);
    assert.doesNotMatch(end.body.description ?? '', /use-after-free/);
    assert.match(end.body.description ?? '', /data-race/);
  });

  it("launch.json's schedule takes a witness's reads after '|', like tw run", async () => {
    const stop = await launch(dc, { program, variant: whatif, memory: 'lkmm', schedule: 'canceller*9 owner*9 | owner@run.next<-init' });
    assert.equal(stop.body.reason, 'exception');
    assert.match(stop.body.description ?? '', /use-after-free/);
  });

  it("a named schedule's reads after '|' come with its name (the Test Explorer's Debug, the CodeLens)", async () => {
    const file = path.join(ROOT, 'examples', 'history', 'unlock-wait-lkmm.tw');
    const stop = await launch(dc, { program: file, variant: 'v4.9', schedule: 'stale_wait' });
    assert.equal(stop.body.reason, 'exception');
    assert.match(stop.body.description ?? '', /use-after-free/);
  });

  it('refuses a write the load cannot read, and the request under sc', async () => {
    await beforeRunNext();
    await assert.rejects(pick('owner@run.cas'), /cannot read 'owner@run\.cas' under the LKMM; it may read: canceller@cancel\.cas, init/);
    await stopClient(dc);
    dc = await newClient();
    await launch(dc, { program, variant: whatif, schedule: 'canceller*9 owner*3' });
    await assert.rejects(pick('init'), /needs `memory lkmm`/);
    await assert.rejects(within(dc.customRequest('tw/readFrom', { threadId: OWNER, write: 5 }), 'bad args'), /write/);
  });
});

describe('debug: a stale read in the picture and the Works rows under memory lkmm', function () {
  this.timeout(20000);
  let dc: DebugClient;
  beforeEach(async () => { dc = await newClient(); });
  afterEach(async () => { await stopClient(dc); });
  after(closeAdapter);
  const OWNER = 2;
  const STALE = 'owner read freed A at run.next (stale, from init; newest NULL)';

  /** Sends a request that causes a tw/state event (a stop, a pick) and resolves with the snapshot. */
  async function snapshotAfter(send: () => Promise<unknown>): Promise<StateSnapshot> {
    const next = within(dc.waitForEvent('tw/state'), 'tw/state');
    await send();
    return (await next).body as StateSnapshot;
  }
  const works = async (): Promise<string[]> => scopeVars(dc, OWNER, 'Works');
  const pickInit = (): Promise<unknown> => within(dc.customRequest('tw/readFrom', { threadId: OWNER, write: 'init' }), 'tw/readFrom');

  it("a pick of an older write shows on the word's row and in the picture before the load, as 'will read'", async () => {
    const first = await snapshotAfter(() => launch(dc, { program, variant: whatif, memory: 'lkmm', schedule: 'canceller*9 owner*3' }));
    assert.equal(first.stale, undefined, 'every load so far read the newest write');
    const snap = await snapshotAfter(pickInit);
    assert.deepEqual(snap.stale?.map((v) => [v.thread, v.loc, v.seen, v.newest, v.when, v.at, v.write]), [['owner', 'B.next', 'freed A', 'NULL', 'will read', 'run.next', 'init']]);
    assert.deepEqual(await works(), [
      'A = freed; next -; added 1, ran 0, cancelled 1',
      'B = detached; next NULL [owner will read freed A at run.next (stale, from init; newest NULL)]; added 1, ran 0, cancelled 0',
    ]);
  });

  it("after the load, B's next row keeps the newest value (NULL) and says what owner read; the picture draws it as a stale arrow", async () => {
    await launch(dc, { program, variant: whatif, memory: 'lkmm', schedule: 'canceller*9 owner*3' });
    await snapshotAfter(pickInit);
    const snap = await snapshotAfter(() => act(dc, 'stepIn', OWNER));
    assert.deepEqual(snap.stale?.map((v) => v.text), [STALE]);
    assert.deepEqual(snap.works.find((w) => w.name === 'B')?.next, 'NULL', 'the picture still draws the newest value');
    assert.match((await works()).join('\n'), /^B = detached; next NULL \[owner read freed A at run\.next \(stale, from init; newest NULL\)\];/m);
    const f = await topFrame(dc, OWNER);
    const scopes = await within(dc.scopesRequest({ frameId: f.id }), 'scopes');
    const ref = scopes.body.scopes.find((x) => x.name === 'Works')?.variablesReference ?? 0;
    const rows = await within(dc.variablesRequest({ variablesReference: ref }), 'works');
    const b = rows.body.variables.find((v) => v.name === 'B')?.variablesReference ?? 0;
    const fields = await within(dc.variablesRequest({ variablesReference: b }), 'B');
    assert.equal(fields.body.variables.find((v) => v.name === 'next')?.value, `NULL [${STALE}]`);
    const pic = layoutQueue(snap);
    const stale = pic.arrows.filter((a) => a.kind === 'stale');
    // B is in owner's detached batch (its local `work`, read from the listing's frame), A is off every list.
    assert.deepEqual(stale.map((a) => [a.from, a.to, a.label]), [['detached:owner/B', 'offlist/A', 'owner: stale']]);
    assert.ok(pic.labels.some((l) => l.cls === 'stale-line' && l.text === `B.next: ${STALE}`));
    assert.match(renderSvg(pic), /class="arrow arrow-stale t1"/);
  });

  it("tw/schedule (Save schedule) carries the picks after '|': launched again, it reads the same write", async () => {
    await launch(dc, { program, variant: whatif, memory: 'lkmm', schedule: 'canceller*9 owner*3' });
    await snapshotAfter(pickInit);
    await act(dc, 'stepIn', OWNER);
    const body = (await within(dc.customRequest('tw/schedule'), 'tw/schedule')).body as { text: string };
    assert.equal(body.text, 'canceller*9 owner*4 | owner@run.next<-init');
    await stopClient(dc);
    dc = await newClient();
    const snap = await snapshotAfter(() => launch(dc, { program, variant: whatif, memory: 'lkmm', schedule: body.text }));
    assert.deepEqual(snap.stale?.map((v) => v.text), [STALE]);
  });

  it('step back over the load: the view and the pick are gone; the picture has no stale arrow', async () => {
    await launch(dc, { program, variant: whatif, memory: 'lkmm', schedule: 'canceller*9 owner*3' });
    await snapshotAfter(pickInit);
    await act(dc, 'stepIn', OWNER);
    const snap = await snapshotAfter(() => act(dc, 'stepBack', OWNER));
    assert.equal(snap.stale, undefined);
    assert.doesNotMatch((await works()).join('\n'), /stale/);
  });

  it('step back over a later step replays the pinned load: the stale view stays', async () => {
    await launch(dc, { program, variant: whatif, memory: 'lkmm', schedule: 'canceller*9 owner*3' });
    await snapshotAfter(pickInit);
    await act(dc, 'stepIn', OWNER);
    await act(dc, 'stepIn', OWNER);
    const snap = await snapshotAfter(() => act(dc, 'stepBack', OWNER));
    assert.deepEqual(snap.stale?.map((v) => v.text), [STALE]);
  });
});
