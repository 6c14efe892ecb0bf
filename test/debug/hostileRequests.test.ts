// Requests a buggy client can send, against the real adapter over the protocol (DebugClient):
// each is refused with one sentence naming the argument, nothing bad is stored for `restart` to
// trip on, unsupported requests say why, and `goto` travels back to a step of the trace.
import * as assert from 'node:assert';
import type { DebugClient } from '@vscode/debugadapter-testsupport';
import type { DebugProtocol } from '@vscode/debugprotocol';
import { TwDebugSession, nodeHost } from '../../src/debug';
import { act, closeAdapter, fixture, launch, newClient, stopClient, within } from './harness';

/** The innermost frame of a thread in the scenario (not in a model listing). */
async function twFrame(dc: DebugClient, threadId: number): Promise<DebugProtocol.StackFrame> {
  const r = await within(dc.stackTraceRequest({ threadId }), 'stackTrace');
  const f = r.body.stackFrames.find((x) => x.source?.path === fixture('adders.tw'));
  if (!f) throw new Error(`thread ${threadId} has no frame in adders.tw`);
  return f;
}

type Answer = { success: boolean; message: string };

/** A request's answer, success or failure, as DebugClient resolves or rejects it. */
async function answer(dc: DebugClient, command: string, args: unknown): Promise<Answer> {
  try {
    const r = await within(dc.customRequest(command, args), command);
    return { success: r.success, message: r.message ?? '' };
  } catch (e) {
    return { success: false, message: e instanceof Error ? e.message : String(e) };
  }
}

const BAD: [string, unknown, RegExp][] = [
  ['setFunctionBreakpoints', {}, /with 'breakpoints', got none/], // DebugClient drops empty arguments
  ['setFunctionBreakpoints', { breakpoints: null }, /'breakpoints' must be an array, got null/],
  ['setFunctionBreakpoints', { breakpoints: [{ name: 5 }] }, /'breakpoints\[0\]\.name' must be a string, got 5/],
  ['setExceptionBreakpoints', { filters: {} }, /'filters' must be an array/],
  ['setDataBreakpoints', { breakpoints: 0 }, /'breakpoints' must be an array, got 0/],
  ['setBreakpoints', { source: { path: 'x.tw' }, breakpoints: 'x' }, /'breakpoints' must be an array/],
  ['setBreakpoints', undefined, /must be an object with 'source'/],
  ['evaluate', { expression: 5 }, /'expression' must be a string/],
  ['evaluate', { expression: null }, /'expression' must be a string, got null/],
  ['evaluate', { expression: '('.repeat(20000) }, /'expression' is 20000 characters long: tw reads at most 10000/],
  ['setBreakpoints', { source: { path: 'x.tw' }, breakpoints: [{ line: 1, condition: '!'.repeat(10001) }] }, /'breakpoints\[0\]\.condition' is 10001 characters/],
  ['dataBreakpointInfo', { name: ['T'] }, /'name' must be a string, got an array/],
  ['stepIn', { threadId: '1' }, /'threadId' must be an integer, got "1"/],
  ['next', { threadId: [2] }, /'threadId' must be an integer, got an array/],
  ['continue', { threadId: true }, /'threadId' must be an integer, got true/],
  ['stepOut', { threadId: 1.5 }, /'threadId' must be an integer, got 1.5/],
  ['stepIn', { threadId: 99 }, /no thread with id 99/],
  ['variables', { variablesReference: 1, count: -1 }, /'count' must be an integer >= 0/],
  ['breakpointLocations', { source: {}, line: '1' }, /'line' must be an integer/],
  ['restart', { arguments: 'x' }, /'arguments' must be an object/],
  ['constructor', {}, /unknown request 'constructor'/],
  ['__proto__', {}, /unknown request '__proto__'/],
];

const REFUSED: [string, unknown, RegExp][] = [
  ['setVariable', { variablesReference: 1, name: 'x', value: '1' }, /does not change values/],
  ['setExpression', { expression: 'x', value: '1' }, /does not change values/],
  ['attach', {}, /cannot attach/],
  ['completions', { text: 'T', column: 1 }, /no completions/],
];

/** An inline session (as the extension runs it) whose host fails where no handler expects it to. */
async function brokenHostSession(): Promise<{ session: TwDebugSession; send(seq: number, command: string, args?: unknown): Promise<Answer>; sent: DebugProtocol.ProtocolMessage[] }> {
  const host = { ...nodeHost(), listingsDir: 'listings', join: (): string => { throw new Error('the disk went away'); } };
  const session = new TwDebugSession(host);
  const sent: DebugProtocol.ProtocolMessage[] = [];
  session.onDidSendMessage((m) => sent.push(m as DebugProtocol.ProtocolMessage));
  const send = async (seq: number, command: string, args?: unknown): Promise<Answer> => {
    session.handleMessage({ seq, type: 'request', command, arguments: args } as DebugProtocol.Request);
    for (let i = 0; i < 100; i++) {
      const r = sent.find((m) => m.type === 'response' && (m as DebugProtocol.Response).request_seq === seq) as DebugProtocol.Response | undefined;
      if (r) return { success: r.success, message: r.message ?? '' };
      await new Promise((res) => setTimeout(res, 10));
    }
    throw new Error(`no answer to ${command}`);
  };
  await send(1, 'initialize', { adapterID: 'tw', pathFormat: 'path' });
  await send(2, 'launch', { program: fixture('adders.tw') });
  return { session, send, sent };
}

describe('debug: hostile requests', function () {
  this.timeout(30000);
  let dc: DebugClient;
  beforeEach(async () => { dc = await newClient(); });
  afterEach(async () => { await stopClient(dc); });
  after(closeAdapter);

  it('refuses malformed arguments with one sentence naming the argument, no stack trace', async () => {
    await launch(dc, { program: fixture('adders.tw') });
    let stops = 0;
    dc.on('stopped', () => stops++);
    for (const [command, args, why] of BAD) {
      const r = await answer(dc, command, args);
      assert.strictEqual(r.success, false, `${command} ${JSON.stringify(args)} is refused: ${r.message}`);
      assert.match(r.message, why, `${command} ${JSON.stringify(args)}: ${r.message}`);
      assert.ok(!/\n\s+at |Error:/.test(r.message), `no stack trace: ${r.message}`);
    }
    await new Promise((r) => setTimeout(r, 100));
    assert.strictEqual(stops, 0, 'no refused request moved a thread');
  });

  it('stores nothing bad: restart after refused breakpoint requests works', async () => {
    await launch(dc, { program: fixture('adders.tw') });
    for (const [command, args] of BAD.slice(0, 6)) await answer(dc, command, args);
    const stop = within(dc.waitForEvent('stopped'), 'the stop after restart');
    const r = await answer(dc, 'restart', {});
    assert.ok(r.success, r.message);
    await stop;
  });

  it('refuses what it does not implement, with the reason, and says so in its capabilities', async () => {
    const init = await within(dc.initializeRequest({ adapterID: 'tw', pathFormat: 'path' }), 'initialize');
    const caps = init.body ?? {};
    assert.strictEqual(caps.supportsGotoTargetsRequest, true);
    for (const cap of ['supportsSetVariable', 'supportsSetExpression', 'supportsCompletionsRequest', 'supportsRestartFrame'] as const) assert.ok(!caps[cap], cap);
    for (const [command, args, why] of REFUSED) {
      const r = await answer(dc, command, args);
      assert.strictEqual(r.success, false, command);
      assert.match(r.message, why, command);
    }
  });

  it('refuses a second launch on the same session', async () => {
    await launch(dc, { program: fixture('adders.tw') });
    const r = await answer(dc, 'launch', { program: fixture('adders.tw') });
    assert.strictEqual(r.success, false);
    assert.match(r.message, /already launched/);
  });

  it('answers an error whose text quotes braces from the request literally ({_stack} once lost the answer)', async () => {
    await launch(dc, { program: fixture('adders.tw'), stopOnEntry: true });
    const r = await answer(dc, 'tw/exploreFromHere', { maxExecutions: 17, strategy: '{_stack}' });
    assert.strictEqual(r.success, false);
    assert.match(r.message, /strategy: expected one of .*found '\{_stack\}'/);
  });

  it('answers breakpointLocations up to line 1e8 and 2^31 at once', async () => {
    await launch(dc, { program: fixture('adders.tw') });
    for (const endLine of [1e8, 2 ** 31, Number.MAX_SAFE_INTEGER]) {
      const r = await within(dc.customRequest('breakpointLocations', { source: { path: fixture('adders.tw') }, line: 8, endLine }), `breakpointLocations to ${endLine}`, 2000);
      const lines = (r.body as DebugProtocol.BreakpointLocationsResponse['body']).breakpoints.map((b) => b.line);
      assert.deepStrictEqual([...new Set(lines)], [8, 9, 11, 12]);
    }
  });

  it('answers requests while a long launch schedule replays', async () => {
    await within(dc.initializeRequest({ adapterID: 'tw', pathFormat: 'path' }), 'initialize');
    await within(dc.launchRequest({ program: fixture('adders.tw'), maxSteps: 30000, schedule: 'owner*20000' } as DebugProtocol.LaunchRequestArguments), 'launch');
    const order: string[] = [];
    const stop = within(dc.waitForEvent('stopped'), 'the replay stop').then(() => order.push('stopped'));
    await within(dc.configurationDoneRequest(), 'configurationDone');
    await within(dc.threadsRequest(), 'threads').then(() => order.push('threads'));
    await stop;
    assert.deepStrictEqual(order, ['threads', 'stopped']);
  });

  it('a handler that throws answers with a clean error and an internal-error line, and lives on', async () => {
    const { session, send, sent } = await brokenHostSession();
    try {
      const r = await send(3, 'stackTrace', { threadId: 1 });
      assert.strictEqual(r.success, false);
      assert.strictEqual(r.message, "stackTrace: tw internal error: the disk went away");
      const outputs = sent.filter((m) => m.type === 'event' && (m as DebugProtocol.Event).event === 'output').map((m) => (m as DebugProtocol.OutputEvent).body.output);
      assert.ok(outputs.includes("tw internal error in 'stackTrace': the disk went away\n"), outputs.join(''));
      assert.ok((await send(4, 'setExceptionBreakpoints', { filters: ['violation'] })).success, 'still serving');
    } finally {
      session.dispose(); // as VS Code disposes an inline adapter when its session ends: the engine ends with it
    }
  });

  it('goto travels back to a step where a thread stood at the line (Jump to Cursor)', async () => {
    await launch(dc, { program: fixture('adders.tw') });
    const line = (await twFrame(dc, 1)).line; // adder's first statement
    for (let i = 0; i < 4; i++) await act(dc, 'stepIn', 1);
    await act(dc, 'stepIn', 2);
    const targets = await within(dc.gotoTargetsRequest({ source: { path: fixture('adders.tw') }, line }), 'gotoTargets');
    const target = targets.body.targets[0];
    assert.ok(target, `a target on line ${line}`);
    assert.match(target.label, /^step \d+: adder at line/);
    const stop = within(dc.waitForEvent('stopped') as Promise<DebugProtocol.StoppedEvent>, 'the goto stop');
    await within(dc.customRequest('goto', { threadId: 1, targetId: target.id }), 'goto');
    assert.strictEqual((await stop).body.reason, 'goto');
    assert.strictEqual((await twFrame(dc, 1)).line, line);
    const stale = await answer(dc, 'goto', { threadId: 1, targetId: 10000 });
    assert.match(stale.message, /no target 10000/);
  });
});
