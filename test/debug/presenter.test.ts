// The presenter is pure: machine state in, thread titles / frames / variables / snapshot out, with
// no DAP session. These tests drive the core directly and read what the views would show.
import * as assert from 'node:assert';
import { Machine, State, StepEvent, Program } from '../../src/core';
import { compileSource } from '../../src/lang';
import { listingFor } from '../../src/debug';
import { View, stackFrames, threadTitle, scopes } from '../../src/debug/presenter';
import { variables } from '../../src/debug/presenterVars';
import { stateSnapshot } from '../../src/debug/snapshot';

function compile(src: string): Program {
  const r = compileSource('p.tw', src);
  if (!r.program) throw new Error(r.diagnostics.map((d) => d.message).join('; '));
  return r.program;
}

/** A View after running `schedule` (thread indices) on a fresh machine. */
function viewAfter(src: string, variant: string, schedule: number[], parked: number[] = []): View {
  const m = new Machine(compile(src), variant);
  const s: State = m.init().state;
  const events: StepEvent[] = schedule.map((t) => m.step(s, t));
  const listing = listingFor(variant);
  if (!listing) throw new Error(variant);
  return {
    m, s, parked: new Set(parked), schedule, events, listing,
    program: { name: 'p.tw', path: '/x/p.tw' }, listingSource: { name: listing.fileName, path: `/ext/listings/${listing.fileName}` },
  };
}

const EXIT = `task T; work A = fa; callback fa(cb) { }
thread owner current(T) { task_work_add(T, A, TWA_RESUME); do_exit(); }
thread late { let gone = task_work_cancel(T, A); }`;

describe('debug presenter (pure)', () => {
  it('shows do_exit below the task_work_run it calls, at the call line of the listing', () => {
    const v = viewAfter(EXIT, 'mainline', [0, 0, 0, 0, 0, 0, 0]);
    const f = stackFrames(v, 0).map((x) => `${x.name} ${x.source?.path}:${x.line} [${x.frameIndex}]`);
    assert.deepStrictEqual(f, [
      'task_work_run [run.check] /ext/listings/mainline.c:47 [1]',
      'do_exit /ext/listings/mainline.c:63 [1]',
      'owner /x/p.tw:2 [0]',
    ]);
    assert.deepStrictEqual(scopes(v, 0, 1).map((s) => s.name), ['Locals', 'Tasks', 'Works', 'Schedule']);
  });

  it('titles: parked, blocked, in a callback, done with a cancel-by-node bool', () => {
    const v = viewAfter(EXIT, 'mainline', [1, 1, 1, 1, 1, 1, 1], [0]);
    assert.strictEqual(threadTitle(v, 0), 'owner [parked; before add.load]');
    assert.strictEqual(threadTitle(v, 1), 'late [done: returned false]');
    assert.deepStrictEqual(stackFrames(v, 1).map((x) => [x.name, x.presentationHint]), [['late [done: returned false]', 'label']]);
  });

  it('variables and the snapshot agree on the list', () => {
    const v = viewAfter(EXIT, 'no-sentinel', [0, 0, 0, 0]);
    const tasks = variables(v, { k: 'tasks' });
    assert.deepStrictEqual(tasks.map((x) => `${x.name}: ${x.value}`), ['T: A -> NULL; pi_lock unlocked']);
    const snap = stateSnapshot(v);
    assert.deepStrictEqual(snap.tasks[0]?.chain, ['A', 'NULL']);
    assert.deepStrictEqual([snap.step, snap.lastThread, snap.lastLabel, snap.variant], [4, 1, 'add.cas', 'no-sentinel']);
    assert.deepStrictEqual(snap.threads.map((t) => `${t.name}: ${t.status} before ${t.next}`), ['owner: ready before add.notify', 'late: ready before cancel.peek']);
    const works = variables(v, { k: 'work', id: 0 });
    assert.deepStrictEqual(works.filter((w) => w.dataId).map((w) => w.dataId), ['A.next']);
  });

  it('pages the Schedule scope', () => {
    const v = viewAfter(EXIT, 'mainline', [0, 0, 0, 0, 0, 1]);
    assert.deepStrictEqual(variables(v, { k: 'schedule' }, 4, 10).map((x) => `${x.name} ${x.value}`), ['5 owner add.notify -> 0', '6 late cancel.peek']);
  });
});
