// Variables and evaluation over DAP: the scopes of a frame, Locals of an operation and of a .tw
// frame, Tasks with the list as an expandable chain, Works, the Schedule paged, Violations;
// evaluate and hover for names and the expression language.
import * as assert from 'node:assert';
import { DebugClient } from '@vscode/debugadapter-testsupport';
import type { DebugProtocol } from '@vscode/debugprotocol';
import { closeAdapter, fixture, launch, newClient, scopeVars, stopClient, topFrame, within } from './harness';

async function scope(dc: DebugClient, threadId: number, name: string, level = 0): Promise<DebugProtocol.Scope> {
  const st = await within(dc.stackTraceRequest({ threadId }), 'stackTrace');
  const f = st.body.stackFrames[level];
  const scopes = await within(dc.scopesRequest({ frameId: f?.id ?? 0 }), 'scopes');
  const s = scopes.body.scopes.find((x) => x.name === name);
  if (!s) throw new Error(`no scope ${name}`);
  return s;
}

async function children(dc: DebugClient, ref: number, start?: number, count?: number): Promise<DebugProtocol.Variable[]> {
  const args: DebugProtocol.VariablesArguments = { variablesReference: ref };
  if (start !== undefined) args.start = start;
  if (count !== undefined) args.count = count;
  return (await within(dc.variablesRequest(args), 'variables')).body.variables;
}

const rows = (vs: DebugProtocol.Variable[]): string[] => vs.map((v) => `${v.name} = ${v.value}`);

async function evaluate(dc: DebugClient, expression: string, threadId: number, context = 'hover', level = 0): Promise<DebugProtocol.EvaluateResponse['body']> {
  const st = await within(dc.stackTraceRequest({ threadId }), 'stackTrace');
  const frameId = st.body.stackFrames[level]?.id ?? 0;
  return (await within(dc.evaluateRequest({ expression, frameId, context }), `evaluate ${expression}`)).body;
}

describe('debug: variables and evaluate', () => {
  let dc: DebugClient;
  beforeEach(async () => { dc = await newClient(); });
  afterEach(async () => { await stopClient(dc); });
  after(closeAdapter);

  it('offers Locals, Tasks, Works, Schedule (and Violations once there are any)', async () => {
    await launch(dc, { program: fixture('s1.tw'), schedule: 'park' });
    const f = await topFrame(dc, 1);
    const names = (await within(dc.scopesRequest({ frameId: f.id }), 'scopes')).body.scopes.map((s) => s.name);
    assert.deepStrictEqual(names, ['Locals', 'Tasks', 'Works', 'Schedule']);
    assert.deepStrictEqual(await scopeVars(dc, 1, 'Locals'), ['task = T', 'pprev = &B->next', 'work = A']);
  });

  it('Tasks: the list as an expandable chain, pi_lock with holder and spinners, flags', async () => {
    await launch(dc, { program: fixture('s1.tw'), schedule: 'canceller*2 owner*3' });
    const tasks = await children(dc, (await scope(dc, 1, 'Tasks')).variablesReference);
    assert.deepStrictEqual(rows(tasks), ['T = NULL; pi_lock held by canceller; spinning: owner']);
    const t = await children(dc, tasks[0]?.variablesReference ?? 0);
    assert.deepStrictEqual(rows(t), ['task_works = NULL', 'pi_lock = held by canceller; spinning: owner', 'PF_EXITING = false',
      'TIF_NOTIFY_RESUME = true', 'TIF_NOTIFY_SIGNAL = false', 'exit_task_work done = false']);
    assert.deepStrictEqual(t.map((v) => v.evaluateName), ['T.task_works', 'held(T.pi_lock)', 'exiting(T)', 'notify_resume(T)', 'notify_signal(T)', undefined]);
    await stopClient(dc);
    dc = await newClient();
    await launch(dc, { program: fixture('s1.tw') });
    const t2 = await children(dc, (await children(dc, (await scope(dc, 1, 'Tasks')).variablesReference))[0]?.variablesReference ?? 0);
    const chain = await children(dc, t2[0]?.variablesReference ?? 0);
    assert.deepStrictEqual(rows(chain), ['[0] = B (pending)', '[1] = A (pending)', '[2] = NULL']);
    const b = await children(dc, chain[0]?.variablesReference ?? 0);
    assert.deepStrictEqual(rows(b), ['state = pending', 'address = 0x1040', 'next = A', 'func = fb', 'added = 1', 'ran = 0', 'cancelled = 0', 'task = T']);
  });

  it('Locals of a .tw frame: its locals and the last return value; of a callback: cb', async () => {
    await launch(dc, { program: fixture('s1.tw'), schedule: 'canceller*8' });
    assert.deepStrictEqual(await scopeVars(dc, 1, 'Locals'), ['w = A', 'return value = A']);
    await stopClient(dc);
    dc = await newClient();
    await launch(dc, { program: fixture('adders.tw'), schedule: 'adder*5 other*5 owner*10' });
    const locals = await children(dc, (await scope(dc, 3, 'Locals')).variablesReference);
    assert.deepStrictEqual(rows(locals), ['cb = A', 'x = 1']);
    const run = await children(dc, (await scope(dc, 3, 'Locals', 1)).variablesReference);
    assert.deepStrictEqual(rows(run), ['task = T', 'work = A', 'next = NULL', 'head = NULL']);
  });

  it('Schedule pages its steps, newest last; Violations lists what went wrong', async () => {
    await launch(dc, { program: fixture('s1.tw'), variant: 'no-run-lock-pair', schedule: 'race' }, { filters: [] }); // the whole schedule
    const sched = await scope(dc, 1, 'Schedule');
    assert.strictEqual(sched.indexedVariables, 18);
    assert.deepStrictEqual(rows(await children(dc, sched.variablesReference, 15, 3)), [
      '16 = owner run.call', '17 = owner run.load', '18 = owner run.check',
    ]);
    const v = await children(dc, (await scope(dc, 1, 'Violations')).variablesReference);
    assert.deepStrictEqual(v.map((x) => x.name), ['1: use-after-free', '2: use-after-free', '3: run-after-cancel', '4: assertion']);
  });

  it('evaluates names and expressions for hovers and watches', async () => {
    await launch(dc, { program: fixture('s1.tw'), schedule: 'park' });
    const results = [];
    for (const e of ['T', 'T.task_works', 'held(T.pi_lock)', 'T->pi_lock', 'A', 'B.next', 'canceller', 'cancel.match', 'pprev', 'work', 'work->next', 'task', 'task->task_works', 'runs(A) + cancels(A)', 'step == "cancel.match"', 'thread == "owner"']) {
      results.push(`${e} => ${(await evaluate(dc, e, 1)).result}`);
    }
    assert.deepStrictEqual(results, [
      'T => B -> A -> NULL', 'T.task_works => B -> A -> NULL', 'held(T.pi_lock) => true', 'T->pi_lock => held by canceller', 'A => A', 'B.next => A',
      'canceller => canceller [before cancel.match]', 'cancel.match => before cancel.match: canceller', 'pprev => &B->next', 'work => A',
      'work->next => NULL', 'task => T', 'task->task_works => B -> A -> NULL', 'runs(A) + cancels(A) => 0', 'step == "cancel.match" => true',
      'thread == "owner" => false',
    ]);
    assert.strictEqual((await evaluate(dc, 'w', 1, 'watch', 1)).result, 'NULL');
    const t = await evaluate(dc, 'T', 1);
    assert.deepStrictEqual(rows(await children(dc, t.variablesReference)).slice(0, 2), ['task_works = B -> A -> NULL', 'pi_lock = held by canceller']);
    await assert.rejects(evaluate(dc, 'runs(Aa)', 1), /^Error: column 6: error TW210: work 'Aa' is not declared \(did you mean 'A'\?\)$/);
  });
});
