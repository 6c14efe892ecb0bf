// Under a listing variant (a .c file, or any name under memory lkmm) the step functions' frame
// fields stay 0: Locals, the picture's thread pointers and `evaluate` read the listing's C locals.
import assert from 'node:assert/strict';
import * as path from 'node:path';
import type { DebugClient } from '@vscode/debugadapter-testsupport';
import { newClient, stopClient, closeAdapter, launch, scopeVars, topFrame, within } from './harness';
import type { StateSnapshot } from '../../src/protocol/messages';

const ROOT = path.join(__dirname, '..', '..');
const program = path.join(ROOT, 'examples', 's01-cancel-vs-run.tw');
const OWNER = 2;

describe('debug: Locals of a thread inside an API call that a listing runs', function () {
  this.timeout(20000);
  let dc: DebugClient;
  beforeEach(async () => { dc = await newClient(); });
  afterEach(async () => { await stopClient(dc); });
  after(closeAdapter);

  const cases: [string, Record<string, unknown>][] = [
    ['memory sc, listings/mainline.c', { variant: path.join(ROOT, 'listings', 'mainline.c') }],
    ['memory lkmm, the mainline name', { memory: 'lkmm' }],
  ];
  for (const [what, args] of cases) {
    it(`${what}: after run.next, next is the work it read (B->next = A), in Locals, the picture and evaluate`, async () => {
      const states: StateSnapshot[] = [];
      dc.on('tw/state', (e: { body: StateSnapshot }) => states.push(e.body));
      const stop = await launch(dc, { program, ...args, schedule: 'owner*6' });
      assert.match(stop.body.description ?? '', /owner is before run\.call/);
      // task_work_run's own C locals in declaration order (task, then `work, *head, *next`).
      assert.deepEqual(await scopeVars(dc, OWNER, 'Locals'), ['task = T', 'work = B', 'head = NULL', 'next = A']);
      const owner = states[states.length - 1]?.threads.find((t) => t.id === OWNER);
      assert.deepEqual(owner?.pointers, [{ name: 'work', target: 'B' }, { name: 'head', target: 'NULL' }, { name: 'next', target: 'A' }]);
      const f = await topFrame(dc, OWNER);
      const next = (await within(dc.evaluateRequest({ expression: 'next', frameId: f.id, context: 'watch' }), 'evaluate next')).body.result;
      assert.equal(next, 'A');
    });
  }

  it('the built-in path is unchanged: its Locals keep their order', async () => {
    await launch(dc, { program, schedule: 'owner*6' });
    assert.deepEqual(await scopeVars(dc, OWNER, 'Locals'), ['task = T', 'work = B', 'next = A', 'head = NULL']);
  });
});
