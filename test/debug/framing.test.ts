// Framing and process life of the standalone adapter under a broken client: every bad frame is
// skipped (and said so) and the next valid request is answered; oversized messages are refused;
// disconnect ends the process; SIGTERM is honoured while a request is being served.
import * as assert from 'node:assert';
import { fixture, within, WAIT_MS } from './harness';
import { RawPeer, StdioAdapter, frame, serverAdapter } from './rawAdapter';

const BAD_FRAMES: [string, string | Buffer][] = [
  ['invalid JSON', 'Content-Length: 5\r\n\r\n{bad}'],
  ['a JSON null', frame('null')],
  ['a JSON array', frame('[1,2]')],
  ['a message with no command', frame({ seq: 5, type: 'request' })],
  ['an event from the client', frame({ seq: 5, type: 'event', event: 'x' })],
  ['a too-small Content-Length', `Content-Length: 3\r\n\r\n${JSON.stringify({ seq: 9, type: 'request', command: 'threads' })}`],
  ['no Content-Length', `Content-Type: x\r\n\r\n${JSON.stringify({ seq: 9, type: 'request', command: 'threads' })}`],
  ['a non-numeric Content-Length', 'Content-Length: abc\r\n\r\n{}'],
  ['a negative Content-Length', 'Content-Length: -4\r\n\r\n{}'],
  ['a truncated body', 'Content-Length: 400\r\n\r\n{"seq":3,"type":"requ'],
  ['a header with no body', 'Content-Length: 88\r\n\r\n'],
  ['binary garbage', Buffer.from([0, 255, 1, 2, 13, 10, 13, 10, 200, 100, 0x43, 0x6f])],
  ['a header with no end', `Content-Length: 12${'x'.repeat(3000)}`],
];

/** After each bad frame, a valid request must be answered and the peer told what was skipped. */
async function survivesBadFrames(peer: RawPeer, alive: () => boolean): Promise<void> {
  for (const [what, bytes] of BAD_FRAMES) {
    const before = peer.messages.length;
    peer.send(bytes);
    const r = await peer.request('threads').catch((e: Error) => assert.fail(`after ${what}: ${e.message}`));
    assert.ok(r.success, `after ${what}: threads answered`);
    assert.ok(alive(), `after ${what}: alive`);
    const said = peer.messages.slice(before).filter((m) => m.type === 'event' && m.event === 'output' || m.type === 'response' && m.success === false);
    assert.ok(said.length > 0, `${what} is reported`);
    for (const m of said) assert.ok(!/\n\s+at /.test(JSON.stringify(m)), `${what}: no stack trace in ${JSON.stringify(m)}`);
  }
}

describe('debug: framing under a broken client', function () {
  this.timeout(60000);
  let a: StdioAdapter;
  beforeEach(async () => { a = await StdioAdapter.start(); });
  afterEach(async () => { await a.kill(); });

  it('skips every kind of bad frame over stdio and serves the next request', async () => {
    await a.request('initialize', { adapterID: 'tw', pathFormat: 'path' });
    await survivesBadFrames(a, () => a.alive);
  });

  it('refuses a 10 MB message at once, answering it, and keeps serving', async () => {
    const big = frame({ seq: 77, type: 'request', command: 'evaluate', arguments: { expression: 'x'.repeat(10 * 1024 * 1024) } });
    a.send(big);
    const refused = await a.wait((m) => m.type === 'response' && m.request_seq === 77, 'the refusal of the big message');
    assert.strictEqual(refused.success, false);
    assert.match(refused.message ?? '', /at most 1048576 bytes/);
    assert.ok((await a.request('threads')).success);
  });

  it('answers a message just under the bound', async () => {
    const r = await a.request('evaluate', { expression: 'x'.repeat(1000 * 1000) });
    assert.strictEqual(r.success, false); // no session yet: refused, but answered
  });

  it('exits after disconnect although stdin stays open', async () => {
    await a.request('initialize', { adapterID: 'tw', pathFormat: 'path' });
    await a.request('disconnect', {});
    assert.strictEqual(await within(a.exited, 'the adapter to exit after disconnect'), 0);
  });

  it('honours SIGTERM while serving breakpointLocations up to line 2^31', async () => {
    await a.request('initialize', { adapterID: 'tw', pathFormat: 'path' });
    await a.request('launch', { program: fixture('adders.tw') });
    const r = await a.request('breakpointLocations', { source: { path: fixture('adders.tw') }, line: 1, endLine: 2 ** 31 });
    assert.ok(r.success);
    assert.deepStrictEqual((r.body?.breakpoints as { line: number }[]).map((b) => b.line).filter((l, i, all) => all.indexOf(l) === i), [5, 8, 9, 11, 12]);
    a.send(frame({ seq: 1, type: 'request', command: 'breakpointLocations', arguments: { source: { path: fixture('adders.tw') }, line: 1, endLine: 2 ** 31 } }));
    a.child.kill('SIGTERM');
    await within(a.exited, 'the adapter to exit on SIGTERM', WAIT_MS);
  });
});

describe('debug: framing in --server mode', function () {
  this.timeout(60000);
  it('skips every kind of bad frame on a socket and serves the next request', async () => {
    const s = await serverAdapter();
    try {
      await s.peer.request('initialize', { adapterID: 'tw', pathFormat: 'path' });
      await survivesBadFrames(s.peer, () => true);
    } finally {
      await s.close();
    }
  });
});
