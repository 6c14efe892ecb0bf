// Sessions over DAP: launch attributes, a bad scenario or attribute fails the launch with the
// first problem in the error and every diagnostic as a clickable output line, schedule replay,
// stopOnEntry, noDebug, and restart re-reading the file.
import * as assert from 'node:assert';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { DebugClient } from '@vscode/debugadapter-testsupport';
import type { DebugProtocol } from '@vscode/debugprotocol';
import { act, closeAdapter, collectOutput, fixture, launch, newClient, nextStop, stopClient, threadNames, within } from './harness';
import { engineNames } from '../../src/debug';

/** Launch that must fail: resolves with the error message. */
async function failLaunch(dc: DebugClient, args: Record<string, unknown>): Promise<string> {
  await within(dc.initializeRequest({ adapterID: 'tw', pathFormat: 'path' }), 'initialize');
  try {
    await within(dc.launchRequest(args as DebugProtocol.LaunchRequestArguments), 'launch');
  } catch (e) {
    return (e as Error).message;
  }
  throw new Error('the launch succeeded');
}

describe('debug: sessions', () => {
  let dc: DebugClient;
  beforeEach(async () => { dc = await newClient(); });
  afterEach(async () => { await stopClient(dc); });
  after(closeAdapter);

  it('a bad scenario fails the launch: the first diagnostic in the error, each one a clickable output line', async () => {
    const out = collectOutput(dc);
    let initialized = false;
    dc.once('initialized', () => { initialized = true; });
    const file = fixture('bad.tw');
    const msg = await failLaunch(dc, { program: file });
    assert.strictEqual(msg, `${file}:5:1: error TW103: expected 'variant', 'expect', 'task', 'work', 'callback', 'thread', 'setup', 'final', 'invariant', 'schedule', 'option', 'memory' or 'cpu', found 'thred' (did you mean 'thread'?) (and 1 more error(s): see the Debug Console)`);
    const lines = out.filter((e) => e.body.category === 'stderr');
    assert.deepStrictEqual(lines.map((e) => [e.body.source?.path, e.body.line, e.body.column]), [[file, 5, 1], [file, 6, 33]]);
    assert.strictEqual(lines[1]?.body.output, `${file}:6:33: error TW210: work 'Q' is not declared\n`);
    assert.strictEqual(initialized, false);
    assert.deepStrictEqual((await within(dc.threadsRequest(), 'threads')).body.threads, []);
  });

  it('a bad launch attribute names the attribute', async () => {
    assert.strictEqual(await failLaunch(dc, { program: fixture('s1.tw'), variant: 'no-run-lock-pairs' }),
      "launch attribute 'variant': unknown variant 'no-run-lock-pairs' (did you mean 'no-run-lock-pair'?) (a shipped variant, a release v3.7 ... v6.19, or a listing file ending in .c)");
    await stopClient(dc);
    dc = await newClient();
    assert.strictEqual(await failLaunch(dc, { program: fixture('s1.tw'), stopOnentry: false, seed: -1 }),
      "unknown launch attribute 'stopOnentry' (did you mean 'stopOnEntry'?); launch attribute 'seed' must be an integer >= 0, got -1");
    await stopClient(dc);
    dc = await newClient();
    assert.strictEqual(await failLaunch(dc, {}), "launch attribute 'program' is required: the .tw file to debug");
    await stopClient(dc);
    dc = await newClient();
    assert.strictEqual(await failLaunch(dc, { program: fixture('s1.tw'), schedule: 'cancler*2' }),
      "launch attribute 'schedule': no thread or schedule named 'cancler' (did you mean 'canceller'?) (threads: canceller, owner; schedules in the file: race, park)");
    await stopClient(dc);
    dc = await newClient();
    assert.match(await failLaunch(dc, { program: fixture('missing.tw') }), /^cannot read program '.*missing\.tw': ENOENT/);
    if (!engineNames().includes('workers')) {
      await stopClient(dc);
      dc = await newClient();
      assert.match(await failLaunch(dc, { program: fixture('s1.tw'), engine: 'workers' }),
        /^launch attribute 'engine': 'workers' is not available in this build \(available: core(, [a-z]+)*\)$/);
    }
  });

  it('replays a named schedule or a schedule text, then stops', async () => {
    const named = await launch(dc, { program: fixture('s1.tw'), schedule: 'park' });
    assert.deepStrictEqual([named.body.reason, named.body.threadId, named.body.description],
      ['step', 1, "replayed schedule 'park': 5 steps; canceller is before cancel.match"]);
    await stopClient(dc);
    dc = await newClient();
    const text = await launch(dc, { program: fixture('s1.tw'), schedule: 'canceller owner*3' });
    assert.deepStrictEqual([text.body.threadId, text.body.description], [2, 'replayed the launch schedule: 4 steps; owner is before run.lock']);
    assert.deepStrictEqual(await threadNames(dc), ['canceller [before cancel.lock]', 'owner [before run.lock]']);
  });

  it('stopOnEntry false runs the scheduler at once; noDebug runs to the end and terminates', async () => {
    const end = await launch(dc, { program: fixture('s1.tw'), stopOnEntry: false });
    assert.strictEqual(end.body.reason, 'end');
    await stopClient(dc);
    dc = await newClient();
    const out = collectOutput(dc);
    await within(dc.initializeRequest({ adapterID: 'tw', pathFormat: 'path' }), 'initialize');
    const initialized = within(dc.waitForEvent('initialized'), 'initialized');
    await within(dc.launchRequest({ program: fixture('s1.tw'), noDebug: true } as DebugProtocol.LaunchRequestArguments), 'launch');
    await initialized;
    const terminated = within(dc.waitForEvent('terminated'), 'terminated');
    await within(dc.configurationDoneRequest(), 'configurationDone');
    await terminated;
    const text = out.map((e) => e.body.output).join('');
    assert.ok(text.includes('task T: task_works = NULL; pi_lock unlocked; TIF_NOTIFY_RESUME\n'), text);
    assert.ok(text.includes('verdict: the final assert held; no violation; 18 steps\n'), text);
  });

  it('trace: true prints one trace line per atomic step', async () => {
    const out = collectOutput(dc);
    await launch(dc, { program: fixture('s1.tw'), trace: true, schedule: 'canceller owner' });
    const lines = out.map((e) => e.body.output).filter((t) => /^\s+\d+ {2}/.test(t));
    assert.deepStrictEqual(lines, ['   1  canceller    cancel.peek    read T.task_works = B\n', '   2  owner        run.load       read T.task_works = B\n']);
  });

  it('warns about an unknown attribute that is no misspelling', async () => {
    const out = collectOutput(dc);
    await launch(dc, { program: fixture('s1.tw'), colour: 'blue' });
    assert.ok(out.some((e) => e.body.output.startsWith("ignoring unknown launch attribute 'colour' (known: program, stopOnEntry")));
  });

  it('restart re-reads the file; a broken file keeps the running session', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tw-debug-'));
    const file = path.join(dir, 'race.tw');
    fs.copyFileSync(fixture('s1.tw'), file);
    try {
      await launch(dc, { program: file });
      await act(dc, 'stepIn', 1);
      fs.writeFileSync(file, fs.readFileSync(file, 'utf8').replace(/canceller/g, 'killer'));
      const stop = nextStop(dc, 'the stop after restart');
      await within(dc.restartRequest({ arguments: { program: file } } as DebugProtocol.RestartArguments), 'restart');
      assert.deepStrictEqual([(await stop).body.reason, (await stop).body.description], ['entry', 'before cancel.peek']);
      assert.deepStrictEqual(await threadNames(dc), ['killer [before cancel.peek]', 'owner [before run.load]']);
      fs.writeFileSync(file, 'thred x { }\n');
      await assert.rejects(within(dc.restartRequest({ arguments: { program: file } } as DebugProtocol.RestartArguments), 'restart'),
        new RegExp(`^Error: ${file.replace(/[\\^$.*+?()[\]{}|]/g, '\\$&')}:1:1: error TW103`));
      assert.deepStrictEqual(await threadNames(dc), ['killer [before cancel.peek]', 'owner [before run.load]']);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
