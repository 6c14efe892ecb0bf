// Load buffering in the debugger under memory lkmm: a load's Reads scope offers, after the writes
// made, the writes another thread will make whatever it reads (the explorer's promises,
// lkmmPromises.ts); tw/readFrom picks one as the witness pin `p0@first.a<-p1@second.b=4` does, the
// end binds the read to that write, and step back replays or forgets the pick.
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type { DebugClient } from '@vscode/debugadapter-testsupport';
import type { StateSnapshot } from '../../src/protocol/messages';
import { newClient, stopClient, closeAdapter, launch, act, within, scopeVars, topFrame } from './harness';

const ROOT = path.join(__dirname, '..', '..');

/**
 * mainline with task_work_add replaced by LB: TWA_RESUME (p0) reads T.flags then writes A.next,
 * any other mode (p1) reads A.next then sets PF_EXITING in T.flags; each returns the value read.
 */
function lbListing(p0Fence = '', p1Fence = ''): string {
  const text = fs.readFileSync(path.join(ROOT, 'listings', 'mainline.c'), 'utf8');
  const start = text.indexOf('int task_work_add(');
  const end = text.indexOf('\n}\n', start) + 3;
  const body = [
    '    int r = 0;',
    '    if (mode == TWA_RESUME) {',
    '        r = READ_ONCE(task->flags); // first.a',
    ...(p0Fence ? [`        ${p0Fence} // first.f`] : []),
    '        WRITE_ONCE(work->next, work); // first.b',
    '    } else {',
    '        r = READ_ONCE(work->next); // second.a',
    ...(p1Fence ? [`        ${p1Fence} // second.f`] : []),
    '        WRITE_ONCE(task->flags, PF_EXITING); // second.b',
    '    }',
    '    return r;',
  ].join('\n');
  return `${text.slice(0, start)}int task_work_add(struct task_struct *task, struct callback_head *work, int mode)\n{\n${body}\n}\n${text.slice(end)}`;
}

const SCENARIO = 'memory lkmm;\ntask T;\nwork A = fa;\ncallback fa(cb) { }\n'
  + 'thread p0 { let r = task_work_add(T, A, TWA_RESUME); }\nthread p1 { let r = task_work_add(T, A, TWA_SIGNAL); }\n';

describe('debug: reads of later writes (load buffering) under memory lkmm', function () {
  this.timeout(30000);
  let dc: DebugClient;
  let dir: string;
  before(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tw-lb-'));
    fs.writeFileSync(path.join(dir, 'lb.tw'), SCENARIO);
    fs.writeFileSync(path.join(dir, 'lb.c'), lbListing());
    fs.writeFileSync(path.join(dir, 'lb-mbs.c'), lbListing('smp_mb();', 'smp_mb();'));
  });
  after(() => fs.rmSync(dir, { recursive: true, force: true }));
  beforeEach(async () => { dc = await newClient(); });
  afterEach(async () => { await stopClient(dc); });
  after(closeAdapter);

  const P0 = 1;
  const start = (listing = 'lb.c', schedule?: string): Promise<unknown> => launch(dc, { program: path.join(dir, 'lb.tw'), variant: path.join(dir, listing), engine: 'core', ...(schedule ? { schedule } : {}) });
  const reads = async (threadId: number): Promise<string[]> => {
    const f = await topFrame(dc, threadId);
    const scopes = await within(dc.scopesRequest({ frameId: f.id }), 'scopes');
    const s = scopes.body.scopes.find((x) => x.name.startsWith('Reads'));
    return s ? [s.name, ...await scopeVars(dc, threadId, s.name)] : [];
  };

  /** Sends a request that causes a tw/state event (a stop, a pick) and resolves with the snapshot. */
  async function snapshotAfter(send: () => Promise<unknown>): Promise<StateSnapshot> {
    const next = within(dc.waitForEvent('tw/state'), 'tw/state');
    await send();
    return (await next).body as StateSnapshot;
  }
  const pick = (write: string): Promise<StateSnapshot> => snapshotAfter(() => within(dc.customRequest('tw/readFrom', { threadId: P0, write }), 'tw/readFrom'));
  const EARLY = 'p1@second.b=4 = T.flags = 4 (early: a write p1 has not made yet; it makes it whatever it reads (load buffering))';
  const BOTH = /outcome: .*p0 returned 0x4; p1 returned A/;

  it("offers, after the writes made, the write p1 will make whatever it reads, named as the witness pin names it", async () => {
    await start();
    assert.deepEqual(await reads(P0), ['Reads (first.a: T.flags)', 'init = T.flags = 0  <- reads this', EARLY]);
    const body = (await within(dc.customRequest('tw/readFrom', { threadId: P0 }), 'tw/readFrom')).body as { reads: { options: { name: string; early?: string }[] }[] };
    assert.deepEqual(body.reads[0]?.options.map((o) => [o.name, !!o.early]), [['init', false], ['p1@second.b=4', true]]);
  });

  it('picking it reads 4 before p1 writes it; the end binds the read to that write: the load-buffering outcome, no violation', async () => {
    await start();
    const r = (await within(dc.customRequest('tw/readFrom', { threadId: P0, write: 'p1@second.b=4' }), 'tw/readFrom')).body;
    assert.deepEqual(r, { pin: 'p0@first.a<-p1@second.b=4' });
    assert.match((await reads(P0)).join('\n'), /^p1@second\.b=4 = .* <- reads this$/m);
    const snap = await snapshotAfter(() => act(dc, 'stepIn', P0));
    assert.deepEqual(snap.stale?.map((v) => v.text), ['p0 read 4 at first.a (early, from p1@second.b=4 (a write made after the read: load buffering); newest 0)']);
    assert.match((await scopeVars(dc, P0, 'Tasks')).join('\n'), /^T = NULL; pi_lock unlocked \[p0 read 4 at first\.a \(early, from p1@second\.b=4/m);
    await act(dc, 'stepIn', P0); // first.b: p0 writes A.next and returns
    const end = await snapshotAfter(() => act(dc, 'continue', 2)); // p1 reads A.next = A, then writes the 4 p0 read
    assert.equal(end.finished, true);
    const saved = (await within(dc.customRequest('tw/schedule'), 'tw/schedule')).body as { text: string };
    assert.match(saved.text, / \| p0@first\.a<-p1@second\.b=4$/);
    assert.match(end.verdict?.join('\n') ?? '', BOTH);
    assert.deepEqual(end.violations, []);
  });

  it("launch.json's pin `p0@first.a<-p1@second.b=4` is the same choice: the Reads scope marks it", async () => {
    await start('lb.c', 'p1 | p0@first.a<-p1@second.b=4');
    assert.deepEqual(await reads(P0), ['Reads (first.a: T.flags)', 'init = T.flags = 0', `${EARLY}  <- reads this`]);
  });

  it('step back over a later step replays the early read (the same outcome at the end)', async () => {
    await start();
    await pick('p1@second.b=4');
    await act(dc, 'stepIn', P0); // first.a reads 4 early
    await act(dc, 'stepIn', P0); // first.b writes A.next
    await act(dc, 'stepIn', 2); // second.a reads A.next: A
    const back = await snapshotAfter(() => act(dc, 'stepBack', 2));
    assert.deepEqual(back.stale?.map((v) => [v.thread, v.loc, v.seen, v.early]), [['p0', 'T.flags', '4', true]]);
    const end = await snapshotAfter(() => act(dc, 'continue', 2));
    assert.match(end.verdict?.join('\n') ?? '', BOTH);
  });

  it('step back over the early read forgets the pick: the read takes the newest write again', async () => {
    await start();
    await pick('p1@second.b=4');
    await act(dc, 'stepIn', P0);
    const none = await snapshotAfter(() => act(dc, 'stepBack', P0));
    assert.equal(none.stale, undefined);
    assert.deepEqual(await reads(P0), ['Reads (first.a: T.flags)', 'init = T.flags = 0  <- reads this', EARLY]);
  });

  it('under LB+mbs the read cannot be on a cycle: the end says the run is not an execution the model allows', async () => {
    await start('lb-mbs.c');
    await pick('p1@second.b=4');
    for (let i = 0; i < 3; i++) await act(dc, 'stepIn', P0); // first.a (4, early), smp_mb, first.b
    const end = await act(dc, 'continue', 2); // p1 reads p0's A.next, smp_mb, then writes T.flags: a cycle the fences forbid
    assert.match(end.body.description ?? '', /execution finished after \d+ steps: no violation; a read of a later write found no write the LKMM lets it read: this run is not an execution the model allows/);
  });
});
