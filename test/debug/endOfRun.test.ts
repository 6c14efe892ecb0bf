// What a client learns when a run fails or ends, whatever the editor: a replayed failing schedule
// stops at the violating step on its line; each violation goes out as an output event; the end
// prints the outcome and the verdict; a failed final assert points at its line; a function
// breakpoint on a callback with an empty body stops on the call.
import * as assert from 'node:assert';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { DebugClient } from '@vscode/debugadapter-testsupport';
import type { DebugProtocol } from '@vscode/debugprotocol';
import type { StateSnapshot } from '../../src/protocol/messages';
import { listingFor } from '../../src/debug';
import { act, closeAdapter, collectOutput, fixture, launch, newClient, stopClient, topFrame, within } from './harness';

describe('debug: the end of a run and its violations, for every client', () => {
  let dc: DebugClient;
  beforeEach(async () => { dc = await newClient(); });
  afterEach(async () => { await stopClient(dc); });
  after(closeAdapter);

  const runNextLine = (): number => listingFor('no-run-lock-pair')?.lineOfLabel.get('run.next') ?? -1;

  it('replays a failing schedule up to the violating step and stops there, on that step\'s line', async () => {
    const out = collectOutput(dc);
    const stop = await launch(dc, { program: fixture('s1.tw'), variant: 'no-run-lock-pair', schedule: 'race' });
    assert.deepStrictEqual([stop.body.reason, stop.body.threadId], ['exception', 2]);
    assert.match(stop.body.description ?? '', /^use-after-free at step 15 \(owner, run\.next\)/);
    const top = await topFrame(dc, 2);
    assert.deepStrictEqual([top.name, top.source?.name, top.line], ['task_work_run [run.next]', 'no-run-lock-pair.c', runNextLine()]);
    const text = out.map((e) => e.body.output).join('');
    assert.match(text, /replay of schedule 'race' stopped at step 15 of 18/);
    const violation = out.find((e) => e.body.category === 'stderr' && e.body.output.startsWith('use-after-free at step 15 (owner, run.next)'));
    assert.ok(violation, text);
  });

  it('sends each violation as an output event when it happens, and the outcome and verdict at the end', async () => {
    const out = collectOutput(dc);
    const states: StateSnapshot[] = [];
    dc.on('tw/state', (e: { body: StateSnapshot }) => states.push(e.body));
    await launch(dc, { program: fixture('s1.tw'), variant: 'no-run-lock-pair', schedule: 'race' });
    let stop = await act(dc, 'continue', 2);
    while (stop.body.reason === 'exception' && !/at the end/.test(stop.body.description ?? '')) stop = await act(dc, 'continue', 2);
    // The failed final assert: its line (25) in the scenario, on the stop's thread.
    assert.match(stop.body.description ?? '', /^assertion at the end: final: assert/);
    const top = await topFrame(dc, stop.body.threadId ?? 1);
    assert.deepStrictEqual([top.source?.name, top.line], ['s1.tw', 25]);
    const errors = out.filter((e) => e.body.category === 'stderr').map((e) => e.body.output);
    assert.deepStrictEqual(errors.filter((t) => /^\S+ at /.test(t)).map((t) => t.slice(0, t.indexOf(':'))), [
      'use-after-free at step 15 (owner, run.next)', 'use-after-free at step 16 (owner, run.call)',
      'run-after-cancel at step 16 (owner, run.call)', 'assertion at the end (line 25)',
    ]);
    const assertion = out.find((e) => e.body.output.startsWith('assertion at the end'));
    assert.deepStrictEqual([assertion?.body.source?.name, assertion?.body.line], ['s1.tw', 25]);
    assert.ok(errors.some((t) => t.startsWith('verdict: 1 of 1 final assert failed; 4 violations (use-after-free, run-after-cancel, assertion)')), errors.join(''));
    const last = states.at(-1);
    assert.strictEqual(last?.violations.at(-1)?.where, 'the end (line 25)', 'the picture says where, as the exception box does');
    assert.match(last?.verdict?.[1] ?? '', /^verdict: 1 of 1 final assert failed/);
  });

  it('a thread\'s failed assert is shown on the assert, even when the thread finished with it', async () => {
    const program = path.join(__dirname, '..', '..', 'examples', 's07-cancel-vs-add-head.tw');
    const stop = await launch(dc, { program, variant: 'cancel-cas-fail-gives-up', schedule: 'race' });
    assert.match(stop.body.description ?? '', /^assertion at step 12 \(canceller, assert\)/);
    const top = await topFrame(dc, stop.body.threadId ?? 1);
    const line = fs.readFileSync(program, 'utf8').split('\n').findIndex((l) => l.includes('assert(w == A)')) + 1;
    assert.deepStrictEqual([top.source?.name, top.line], ['s07-cancel-vs-add-head.tw', line]);
  });

  it('VS Code gets one stop per other thread, keeping the focus, so each row\'s badge says where that thread is', async () => {
    const stops: DebugProtocol.StoppedEvent[] = [];
    dc.on('stopped', (e: DebugProtocol.StoppedEvent) => stops.push(e));
    await within(dc.initializeRequest({ adapterID: 'tw', clientID: 'vscode', pathFormat: 'path', linesStartAt1: true, columnsStartAt1: true }), 'initialize');
    const initialized = within(dc.waitForEvent('initialized'), 'initialized');
    await within(dc.launchRequest({ program: fixture('s1.tw') } as DebugProtocol.LaunchRequestArguments), 'launch');
    await initialized;
    const state = within(dc.waitForEvent('tw/state'), 'tw/state'); // sent after the stops
    await within(dc.configurationDoneRequest(), 'configurationDone');
    await state;
    assert.deepStrictEqual(stops.map((e) => [e.body.threadId, e.body.reason, e.body.description, e.body.allThreadsStopped, e.body.preserveFocusHint ?? false]), [
      [1, 'entry', 'before cancel.peek', true, false],
      [2, 'pause', 'before run.load', false, true],
    ]);
  });

  it('a clean run ends with its outcome and "the final assert held" in the Debug Console', async () => {
    const out = collectOutput(dc);
    const end = await launch(dc, { program: fixture('s1.tw'), stopOnEntry: false });
    assert.strictEqual(end.body.reason, 'end');
    const text = out.map((e) => e.body.output).join('');
    assert.match(text, /^outcome: T = NULL; A = freed\(add 1, run 0, cancel 1\); B = ran\(add 1, run 1, cancel 0\); canceller returned freed A; owner returned nothing$/m);
    assert.match(text, /^verdict: the final assert held; no violation; 18 steps$/m);
  });

  it('a function breakpoint on a callback with an empty body stops on its call', async () => {
    const stop = await launch(dc, { program: fixture('s1.tw'), stopOnEntry: false }, { functionBreakpoints: [{ name: 'fb' }] });
    assert.strictEqual(stop.body.reason, 'function breakpoint');
    assert.strictEqual(stop.body.threadId, 2);
    assert.strictEqual(stop.body.description, 'before run.call');
    const r = await within(dc.setFunctionBreakpointsRequest({ breakpoints: [{ name: 'fb' }] }), 'setFunctionBreakpoints');
    assert.deepStrictEqual([r.body.breakpoints[0]?.verified, r.body.breakpoints[0]?.message], [true, 'fb has an empty body: stops before run.call calls it']);
  });

  it('the same under a listing given as a file (the work is the listing\'s local until the call is made)', async () => {
    const variant = path.resolve('listings/mainline.c');
    const stop = await launch(dc, { program: fixture('s1.tw'), variant, stopOnEntry: false }, { functionBreakpoints: [{ name: 'fb' }] });
    assert.strictEqual(stop.body.reason, 'function breakpoint');
    assert.strictEqual(stop.body.threadId, 2);
    assert.strictEqual(stop.body.description, 'before run.call');
  });
});
