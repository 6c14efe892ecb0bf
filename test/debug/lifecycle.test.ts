// A session on the workers engine holds one worker thread per scenario thread. However the session
// ends (disconnect, the client's connection dropped, the inline adapter disposed, a disconnect
// while the launch is still starting, a restart replacing the engine), no worker outlives it; and
// a session nobody ends does not keep its process from exiting.
import * as assert from 'node:assert';
import { spawn } from 'node:child_process';
import * as path from 'node:path';
import type { DebugProtocol } from '@vscode/debugprotocol';
import { TwDebugSession, nodeHost } from '../../src/debug';
import { liveWorkers } from '../../src/workers/pool';
import { WAIT_MS, closeAdapter, fixture, launch, newClient, stopClient, within } from './harness';

const ADDERS = { program: fixture('adders.tw'), engine: 'workers', stopOnEntry: true };
const THREADS = 3; // adders.tw: adder, other, owner

/** Resolves once no worker is left; rejects after WAIT_MS with the count still alive. */
async function noWorkerLeft(what: string): Promise<void> {
  const deadline = Date.now() + WAIT_MS;
  while (liveWorkers() > 0) {
    if (Date.now() > deadline) throw new Error(`${liveWorkers()} worker(s) still alive ${what}`);
    await new Promise((r) => setTimeout(r, 10));
  }
}

type Answer = { success: boolean; message: string };

/** An inline session (as the extension runs it): requests in, every message it sends collected. */
function inline(): { session: TwDebugSession; sent: DebugProtocol.ProtocolMessage[]; send(seq: number, command: string, args?: unknown): Promise<Answer> } {
  const session = new TwDebugSession(nodeHost());
  const sent: DebugProtocol.ProtocolMessage[] = [];
  session.onDidSendMessage((m) => sent.push(m as DebugProtocol.ProtocolMessage));
  const answerTo = async (seq: number, command: string): Promise<Answer> => {
    for (const deadline = Date.now() + WAIT_MS; Date.now() < deadline;) {
      const r = sent.find((m) => m.type === 'response' && (m as DebugProtocol.Response).request_seq === seq) as DebugProtocol.Response | undefined;
      if (r) return { success: r.success, message: r.message ?? '' };
      await new Promise((res) => setTimeout(res, 10));
    }
    throw new Error(`no answer to ${command}`);
  };
  const send = (seq: number, command: string, args?: unknown): Promise<Answer> => {
    session.handleMessage({ seq, type: 'request', command, arguments: args } as DebugProtocol.Request);
    return answerTo(seq, command);
  };
  return { session, sent, send };
}

describe('debug: a session on the workers engine leaves no worker behind', function () {
  this.timeout(60000);
  beforeEach(() => assert.strictEqual(liveWorkers(), 0, 'no worker before the test'));
  after(closeAdapter);

  it('disconnect terminates the workers before it is answered', async () => {
    const dc = await newClient();
    await launch(dc, ADDERS);
    assert.strictEqual(liveWorkers(), THREADS);
    await stopClient(dc);
    assert.strictEqual(liveWorkers(), 0);
  });

  it('a client whose connection drops without disconnect', async () => {
    const dc = await newClient();
    await launch(dc, ADDERS);
    assert.strictEqual(liveWorkers(), THREADS);
    (dc as unknown as { stopAdapter(): void }).stopAdapter(); // closes the socket, no disconnect request (a private of DebugClient)
    await noWorkerLeft('after the connection closed');
  });

  it('an inline session the client disposes (VS Code does when a session ends)', async () => {
    const { session, send } = inline();
    await send(1, 'initialize', { adapterID: 'tw', pathFormat: 'path' });
    assert.ok((await send(2, 'launch', ADDERS)).success);
    assert.strictEqual(liveWorkers(), THREADS);
    session.dispose();
    await noWorkerLeft('after dispose');
  });

  it('a disconnect while the launch is still starting its workers', async () => {
    const { session, send } = inline();
    await send(1, 'initialize', { adapterID: 'tw', pathFormat: 'path' });
    const launched = send(2, 'launch', ADDERS);
    assert.ok((await send(3, 'disconnect', {})).success);
    const r = await launched;
    assert.strictEqual(r.success, false);
    assert.match(r.message, /the session ended while it was starting/);
    await noWorkerLeft('after a disconnect during launch');
    session.dispose();
  });

  it('a disconnect while a long launch schedule replays: the replay just ends, no internal error', async () => {
    const { session, sent, send } = inline();
    await send(1, 'initialize', { adapterID: 'tw', pathFormat: 'path' });
    assert.ok((await send(2, 'launch', { program: fixture('adders.tw'), engine: 'workers', maxSteps: 30000, schedule: 'owner*20000' })).success);
    assert.ok((await send(3, 'configurationDone')).success);
    assert.ok((await send(4, 'disconnect', {})).success);
    await noWorkerLeft('after a disconnect during the replay');
    await new Promise((r) => setTimeout(r, 50)); // the replay's next slice, had it gone on
    const said = sent.filter((m) => m.type === 'event').map((m) => JSON.stringify((m as DebugProtocol.Event).body ?? {}));
    assert.ok(!said.some((x) => /internal error/.test(x)), said.join('\n'));
    assert.ok(!sent.some((m) => m.type === 'event' && (m as DebugProtocol.Event).event === 'stopped'), 'no stop after disconnect');
    session.dispose();
  });

  it('restart terminates the workers of the run it replaces', async () => {
    const dc = await newClient();
    try {
      await launch(dc, ADDERS);
      const stop = within(dc.waitForEvent('stopped'), 'the stop after restart');
      await within(dc.customRequest('restart', {}), 'restart');
      await stop;
      assert.strictEqual(liveWorkers(), THREADS);
    } finally {
      await stopClient(dc);
    }
    assert.strictEqual(liveWorkers(), 0);
  });

  it('a session nobody ends does not keep its process alive', async () => {
    // A separate process launches a session on the workers engine, never ends it, and returns
    // from its script: it must exit on its own (the idle gated workers do not hold it).
    const root = path.resolve(__dirname, '../..');
    const script = `
      const { TwDebugSession, nodeHost } = require('./src/debug');
      const s = new TwDebugSession(nodeHost());
      s.onDidSendMessage((m) => { if (m.type === 'response' && m.command === 'launch') console.log('launch ' + m.success); });
      s.handleMessage({ seq: 1, type: 'request', command: 'initialize', arguments: { adapterID: 'tw', pathFormat: 'path' } });
      s.handleMessage({ seq: 2, type: 'request', command: 'launch', arguments: ${JSON.stringify(ADDERS)} });`;
    const child = spawn(process.execPath, ['--require', 'tsx/cjs', '-e', script], { cwd: root, stdio: ['ignore', 'pipe', 'inherit'] });
    let out = '';
    child.stdout.on('data', (d: Buffer) => { out += d.toString(); });
    const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
    try {
      const code = await within(exited, 'the process to exit with an unended session', 30000);
      assert.strictEqual(code, 0);
      assert.match(out, /launch true/, 'the session started on the workers');
    } finally {
      child.kill();
    }
  });
});
