// Every way to stop between atomic steps, over DAP: .tw and listing line breakpoints (any thread),
// conditions, hit counts, logpoints, function breakpoints, exception filters, data breakpoints,
// breakpointLocations, and unverified breakpoints that say why.
import * as assert from 'node:assert';
import * as path from 'node:path';
import { DebugClient } from '@vscode/debugadapter-testsupport';
import type { DebugProtocol } from '@vscode/debugprotocol';
import { act, closeAdapter, collectOutput, fixture, launch, newClient, scopeVars, stopClient, topFrame, within } from './harness';

const LISTINGS = path.join(__dirname, '..', '..', 'listings');
const MAINLINE_C = path.join(LISTINGS, 'mainline.c');
const ADD_CAS_LINE = 15;
const RUN_LOCK_LINE = 49;

async function setLines(dc: DebugClient, file: string, bps: DebugProtocol.SourceBreakpoint[]): Promise<DebugProtocol.Breakpoint[]> {
  return (await within(dc.setBreakpointsRequest({ source: { path: file }, breakpoints: bps }), 'setBreakpoints')).body.breakpoints;
}

async function locations(dc: DebugClient, args: DebugProtocol.BreakpointLocationsArguments): Promise<DebugProtocol.BreakpointLocationsResponse> {
  return await within(dc.send('breakpointLocations', args), 'breakpointLocations') as DebugProtocol.BreakpointLocationsResponse;
}

async function evaluate(dc: DebugClient, expression: string, threadId: number): Promise<string> {
  const f = await topFrame(dc, threadId);
  return (await within(dc.evaluateRequest({ expression, frameId: f.id, context: 'watch' }), `evaluate ${expression}`)).body.result;
}

describe('debug: breakpoints', () => {
  let dc: DebugClient;
  beforeEach(async () => { dc = await newClient(); });
  afterEach(async () => { await stopClient(dc); });
  after(closeAdapter);

  it('a .tw line breakpoint stops before that thread executes the statement, once', async () => {
    const stop = await launch(dc, { program: fixture('s1.tw'), stopOnEntry: false }, { breakpoints: [{ path: fixture('s1.tw'), lines: [21] }] });
    assert.deepStrictEqual([stop.body.reason, stop.body.threadId, stop.body.description], ['breakpoint', 2, 'before run.load']);
    assert.strictEqual(stop.body.hitBreakpointIds?.length, 1);
    assert.strictEqual((await act(dc, 'continue', 2)).body.reason, 'end');
  });

  it('explains .tw breakpoints that can never stop', async () => {
    await launch(dc, { program: fixture('s1.tw') });
    const bps = await setLines(dc, fixture('s1.tw'), [{ line: 7 }, { line: 10 }, { line: 16 }, { line: 25 }, { line: 15, condition: 'w == B' }, { line: 15, condition: 'x ==' }]);
    assert.deepStrictEqual(bps.map((b) => [b.verified, b.message]), [
      [false, 'no statement starts on line 7'],
      [false, 'setup {} runs to completion before the threads start: it cannot be stopped in'],
      [false, 'line 16 only computes on locals: that is folded into the step before it, so no thread stops here'],
      [false, 'final {} is checked once every thread has finished: it cannot be stopped in'],
      [true, undefined],
      [false, "condition 'x ==': column 5: error TW101: expected an expression, found the end of the file"],
    ]);
  });

  it('a listing line breakpoint stops before that atomic step in any thread; hit counts count CAS attempts', async () => {
    const stop = await launch(dc, { program: fixture('adders.tw'), stopOnEntry: false },
      { breakpoints: [{ path: MAINLINE_C, lines: [ADD_CAS_LINE], extra: [{ hitCondition: '3' }] }] });
    // adder's CAS succeeds (1), other's first CAS (2) fails, other's retry (3) is this stop.
    assert.deepStrictEqual([stop.body.reason, stop.body.threadId, stop.body.description], ['breakpoint', 2, 'before add.cas']);
    const f = await topFrame(dc, 2);
    assert.deepStrictEqual([f.source?.path, f.line], [MAINLINE_C, ADD_CAS_LINE]);
    assert.strictEqual(await evaluate(dc, 'h', 2), 'A');
    assert.strictEqual(await evaluate(dc, 'T.task_works == h', 2), 'true');
  });

  it('a condition restricts the thread; >= and % hit counts', async () => {
    const stop = await launch(dc, { program: fixture('adders.tw'), stopOnEntry: false },
      { breakpoints: [{ path: MAINLINE_C, lines: [ADD_CAS_LINE], extra: [{ condition: 'thread == "other"', hitCondition: '== 2' }] }] });
    assert.deepStrictEqual([stop.body.threadId, stop.body.description], [2, 'before add.cas']);
    assert.strictEqual(await evaluate(dc, 'h', 2), 'A'); // the retry, with the head its failed CAS saw
    await stopClient(dc);
    dc = await newClient();
    const again = await launch(dc, { program: fixture('adders.tw'), stopOnEntry: false },
      { breakpoints: [{ path: MAINLINE_C, lines: [ADD_CAS_LINE], extra: [{ hitCondition: '% 2' }] }] });
    assert.strictEqual(again.body.threadId, 2);
    const bps = await setLines(dc, MAINLINE_C, [{ line: ADD_CAS_LINE, hitCondition: 'twice' }]);
    assert.deepStrictEqual([bps[0]?.verified, bps[0]?.message], [false, "hit count 'twice' must be N, == N, >= N, > N, <= N, < N or % N"]);
  });

  it('a logpoint prints {expressions} with its location and does not stop', async () => {
    const out = collectOutput(dc);
    const end = await launch(dc, { program: fixture('adders.tw'), stopOnEntry: false },
      { breakpoints: [{ path: MAINLINE_C, lines: [ADD_CAS_LINE], extra: [{ logMessage: 'cas: h={h} head={T.task_works} {{literal}} by {thread} before {step}' }] }] });
    assert.strictEqual(end.body.reason, 'end');
    const logs = out.filter((e) => e.body.output.startsWith('cas:'));
    assert.deepStrictEqual(logs.map((e) => e.body.output), ['cas: h=NULL head=NULL {literal} by adder before add.cas\n', 'cas: h=NULL head=A {literal} by other before add.cas\n', 'cas: h=A head=A {literal} by other before add.cas\n']);
    assert.deepStrictEqual([logs[0]?.body.source?.path, logs[0]?.body.line], [MAINLINE_C, ADD_CAS_LINE]);
  });

  it('listing breakpoints on other lines or missing steps say why; breakpointLocations lists steps', async () => {
    await launch(dc, { program: fixture('s1.tw'), variant: 'no-run-lock-pair' });
    const bps = await setLines(dc, MAINLINE_C, [{ line: 9 }, { line: RUN_LOCK_LINE }, { line: ADD_CAS_LINE }]);
    assert.deepStrictEqual(bps.map((b) => [b.verified, b.message]), [
      [false, 'line 9 of mainline.c is not an atomic step: use a line that ends in a step label comment'],
      [false, 'run.lock is not a step of variant no-run-lock-pair (this session\'s variant)'],
      [true, 'listing of variant mainline: stops before add.cas in this no-run-lock-pair session'],
    ]);
    const locs = await locations(dc, { source: { path: MAINLINE_C }, line: 9, endLine: 16 });
    assert.deepStrictEqual(locs.body.breakpoints, [{ line: 11 }, { line: 13 }, { line: 14 }, { line: 15 }, { line: 16 }]);
  });

  it('breakpointLocations gives each statement on a .tw line; a column breakpoint picks one', async () => {
    await launch(dc, { program: fixture('adders.tw') });
    const locs = await locations(dc, { source: { path: fixture('adders.tw') }, line: 8 });
    assert.deepStrictEqual(locs.body.breakpoints, [{ line: 8, column: 16 }, { line: 8, column: 57 }]);
    await setLines(dc, fixture('adders.tw'), [{ line: 8, column: 57 }]);
    const stop = await act(dc, 'continue', 1);
    assert.deepStrictEqual([stop.body.reason, stop.body.threadId, stop.body.description], ['breakpoint', 1, 'before assert']);
  });

  it('function breakpoints: a step label with @thread, an operation, a callback; unknown names are explained', async () => {
    const fbs = async (names: string[]): Promise<DebugProtocol.Breakpoint[]> =>
      (await within(dc.setFunctionBreakpointsRequest({ breakpoints: names.map((name) => ({ name })) }), 'setFunctionBreakpoints')).body.breakpoints;
    await launch(dc, { program: fixture('adders.tw') });
    const bps = await fbs(['add.cas@other', 'add.cass', 'run.lock@nobody', 'task_work_run', 'fa']);
    assert.deepStrictEqual(bps.map((b) => [b.verified, b.message]), [
      [true, undefined],
      [false, "unknown step label, operation or callback 'add.cass' (did you mean 'add.cas'?)"],
      [false, "no thread 'nobody'"],
      [true, undefined],
      [true, undefined],
    ]);
    const stops: string[] = [];
    for (let i = 0, t = 1; i < 4; i++) {
      const s = await act(dc, 'continue', t);
      stops.push(`${s.body.reason}: ${s.body.threadId} ${s.body.description}`);
      t = s.body.threadId ?? 1;
    }
    // adder's CAS succeeds; then other's first CAS, owner entering task_work_run, other's retry, fa.
    assert.deepStrictEqual(stops, [
      'function breakpoint: 2 before add.cas',
      'function breakpoint: 3 before run.load',
      'function breakpoint: 2 before add.cas',
      'function breakpoint: 3 before free', // fa's `let x = 1` only computes: folded
    ]);
    assert.strictEqual((await topFrame(dc, 3)).name, 'fa(cb=A)');
  });

  it('exception filters: CAS failure, lock contention, -ESRCH; violations are on by default', async () => {
    const cas = await launch(dc, { program: fixture('adders.tw'), stopOnEntry: false }, { filters: ['violation', 'cas-failure'] });
    assert.deepStrictEqual([cas.body.reason, cas.body.threadId, cas.body.description], ['exception', 2, 'other: add.cas FAILED (it saw A)']);
    const info = await within(dc.exceptionInfoRequest({ threadId: 2 }), 'exceptionInfo');
    assert.deepStrictEqual([info.body.exceptionId, info.body.description, info.body.breakMode], ['cas-failure', 'other: add.cas FAILED (it saw A)', 'always']);
    await stopClient(dc);
    dc = await newClient();
    const lock = await launch(dc, { program: fixture('s1.tw'), schedule: 'park' }, { filters: ['contention'] });
    assert.strictEqual(lock.body.reason, 'step');
    const contended = await act(dc, 'continue', 1);
    assert.deepStrictEqual([contended.body.reason, contended.body.threadId, contended.body.description],
      ['exception', 2, 'lock contention: owner spinning on T.pi_lock held by canceller']);
    await stopClient(dc);
    dc = await newClient();
    const esrch = await launch(dc, { program: fixture('exit.tw'), stopOnEntry: false }, { filters: ['esrch'] });
    assert.deepStrictEqual([esrch.body.reason, esrch.body.threadId, esrch.body.description],
      ['exception', 2, 'late: task_work_add returned -ESRCH (the task has exited)']);
    await stopClient(dc);
    dc = await newClient();
    const none = await launch(dc, { program: fixture('s1.tw'), variant: 'no-run-lock-pair', schedule: 'race' }, { filters: [] });
    assert.deepStrictEqual([none.body.reason, none.body.description], ['end',
      'execution finished after 18 steps with 4 violation(s); first: use-after-free at step 15 (owner, run.next): owner: read next of freed A at run.next']);
  });

  it('an exception filter condition restricts it', async () => {
    await launch(dc, { program: fixture('adders.tw') });
    const r = await within(dc.setExceptionBreakpointsRequest({ filters: [], filterOptions: [{ filterId: 'cas-failure', condition: 'thread == "adder"' }, { filterId: 'violation', condition: 'nope(' }] }), 'setExceptionBreakpoints');
    assert.deepStrictEqual(r.body?.breakpoints?.map((b) => b.verified), [true, false]);
    assert.strictEqual((await act(dc, 'continue', 1)).body.reason, 'end');
  });

  it('data breakpoints from the Variables view: T.task_works, A.next and T.pi_lock', async () => {
    await launch(dc, { program: fixture('s1.tw') });
    const f = await topFrame(dc, 1);
    const scopes = await within(dc.scopesRequest({ frameId: f.id }), 'scopes');
    const tasks = scopes.body.scopes.find((s) => s.name === 'Tasks');
    const t = (await within(dc.variablesRequest({ variablesReference: tasks?.variablesReference ?? 0 }), 'Tasks')).body.variables[0];
    const info = await within(dc.dataBreakpointInfoRequest({ variablesReference: t?.variablesReference ?? 0, name: 'task_works' }), 'dataBreakpointInfo');
    assert.deepStrictEqual(info.body, { dataId: 'T.task_works', description: 'T.task_works changes', accessTypes: ['write'], canPersist: true });
    const lockInfo = await within(dc.dataBreakpointInfoRequest({ variablesReference: t?.variablesReference ?? 0, name: 'PF_EXITING' }), 'dataBreakpointInfo');
    assert.strictEqual(lockInfo.body.dataId, null);
    const set = await within(dc.setDataBreakpointsRequest({ breakpoints: [{ dataId: 'T.task_works' }, { dataId: 'T.pi_lock' }, { dataId: 'B.next' }, { dataId: 'Q.next' }] }), 'setDataBreakpoints');
    assert.deepStrictEqual(set.body.breakpoints.map((b) => [b.verified, b.message]), [[true, undefined], [true, undefined], [true, undefined], [false, "no work 'Q'"]]);
    const lock = await act(dc, 'next', 1);
    assert.deepStrictEqual([lock.body.reason, lock.body.description], ['data breakpoint', 'T.pi_lock: unlocked -> held by canceller']);
    const next = await act(dc, 'next', 1);
    assert.deepStrictEqual([next.body.reason, next.body.description], ['data breakpoint', 'B.next: A -> NULL']);
    const head = await act(dc, 'continue', 2);
    assert.deepStrictEqual([head.body.reason, head.body.threadId, head.body.description], ['data breakpoint', 1, 'T.pi_lock: held by canceller -> unlocked']);
    const detach = await act(dc, 'continue', 2);
    assert.deepStrictEqual([detach.body.reason, detach.body.threadId, detach.body.description], ['data breakpoint', 2, 'T.task_works: B -> NULL']);
  });

  it('the Variables rows offer the watched fields (Tasks -> T, Works -> A)', async () => {
    await launch(dc, { program: fixture('s1.tw') });
    assert.deepStrictEqual(await scopeVars(dc, 1, 'Works'), ['A = pending; next NULL; added 1, ran 0, cancelled 0', 'B = pending; next A; added 1, ran 0, cancelled 0']);
  });
});
