// Violations before the first scheduling point (setup's, a limit hit while the threads settle, a
// thread blocked from the start) and in `final {}`: `run` and every strategy of `explore` see the
// same ones, and the replay the explorer prints shows them.
import assert from 'node:assert/strict';
import { Machine, run, resolveSchedule } from '../../src/core';
import { exploreSync, STRATEGY_NAMES } from '../../src/explore';
import { runOnWorkers } from '../../src/workers/runOnWorkers';
import { compile } from './helpers';

const HEAD = 'task T;\nwork w = cb;\ncallback cb(c) { }\n';
const CASES: { name: string; text: string; kinds: string[] }[] = [
  { name: 'a double add in setup', kinds: ['double-add', 'list-cycle'],
    text: `${HEAD}setup { task_work_add(T, w, TWA_RESUME); task_work_add(T, w, TWA_RESUME); }\nthread a { let x = 1; }\nthread b { let y = 2; }\n` },
  { name: 'a loop past its bound before any thread moves', kinds: ['step-limit'],
    text: `${HEAD}thread a { let i = 0; while (true) { i = i + 1; } }\nthread b current(T) { task_work_run(); }\n` },
  { name: 'setup past the step bound', kinds: ['step-limit'],
    text: `${HEAD}setup { repeat (200) { task_work_add(T, w, TWA_NONE); task_work_cancel(T, w); } }\nthread a { task_work_add(T, w, TWA_RESUME); }\n` },
  { name: 'a thread blocked before its first step', kinds: ['deadlock'],
    text: `${HEAD}thread a { wait_until(false); }\nthread b { let x = 1; }\n` },
  { name: 'a final loop past its bound (the assert after it would go unchecked)', kinds: ['step-limit'],
    text: `${HEAD}thread a { task_work_add(T, w, TWA_RESUME); }\nfinal { let i = 0; while (i < 200000) { i = i + 1; } assert(false); }\n` },
];
const MAX_STEPS = 300;

function kindsOf(vs: readonly { kind: string }[]): string[] {
  return [...new Set(vs.map((v) => v.kind))].sort();
}

describe('explore: violations at the start and in final, as run sees them', () => {
  for (const c of CASES) {
    it(`${c.name}: run, the worker engine and every strategy agree`, async () => {
      const p = compile(c.text);
      const r = run(new Machine(p, 'mainline', { maxSteps: MAX_STEPS }));
      assert.deepEqual(kindsOf(r.state.violations), c.kinds, 'run');
      const w = await runOnWorkers(p, 'mainline', { limits: { maxSteps: MAX_STEPS, maxLoopIterations: 1000 } });
      assert.deepEqual(kindsOf(w.state.violations), c.kinds, 'run --engine workers');
      for (const strategy of STRATEGY_NAMES) {
        const x = exploreSync(p, { strategy, maxSteps: MAX_STEPS, maxExecutions: 50 });
        assert.deepEqual(kindsOf(x.violations).filter((k) => c.kinds.includes(k)), c.kinds, strategy);
        for (const v of x.violations) {
          // The printed schedule replays the violation in `tw run` (same step bound).
          const sched = resolveSchedule(p, v.schedule);
          assert.ok(sched.kind === 'ok', v.schedule);
          const again = run(new Machine(p, 'mainline', { maxSteps: MAX_STEPS }), { prefix: sched.threads });
          assert.ok(again.state.violations.some((y) => y.kind === v.kind), `${strategy}: ${v.kind} replays from '${v.schedule}'`);
        }
      }
    });
  }

  it('a final loop that ends still checks the asserts after it', () => {
    const p = compile(`${HEAD}thread a { let x = 1; }\nfinal { let i = 0; while (i < 500) { i = i + 1; } assert(i == 0); }\n`);
    const r = run(new Machine(p, 'mainline'));
    assert.deepEqual(r.state.violations.map((v) => v.kind), ['assertion']);
  });
});
