// Loop and step bounds as a user meets them through `tw run` (core and worker engines): each loop
// is bounded each time it is entered, so legal nested counts never add up to the bound; the
// messages name flags that exist; --max-steps has a ceiling.
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { tw } from './harness';

const dir = mkdtempSync(join(tmpdir(), 'tw-limits-'));
function scenario(name: string, body: string): string {
  const f = join(dir, `${name}.tw`);
  writeFileSync(f, `task T;\nwork A = fa;\ncallback fa(cb) { }\nthread t current(T) {\n${body}\n}\n`);
  return f;
}

describe('tw run: loop and step bounds', function () {
  this.timeout(60000);

  it('nested legal loops do not trip the loop bound: repeat (600) { repeat (2) }, a while inside a repeat', async () => {
    const files = [
      scenario('nested-repeat', 'let n = 0; repeat (600) { repeat (2) { n = n + 1; } } assert(n == 1200); task_work_add(T, A, TWA_RESUME);'),
      scenario('while-in-repeat', 'let n = 0; repeat (600) { let i = 0; while (i < 2) { i = i + 1; n = n + 1; } } assert(n == 1200); task_work_add(T, A, TWA_RESUME);'),
      scenario('repeat-1000', 'let n = 0; repeat (1000) { n = n + 1; } let i = 0; while (i < 1000) { i = i + 1; } assert(n == i);'),
    ];
    for (const f of files) {
      for (const engine of ['core', 'workers']) {
        const r = await tw('run', f, '--engine', engine);
        assert.equal(r.code, 0, `${f} ${engine}: ${r.out}\n${r.err}`);
        assert.match(r.out, /no violation/);
      }
    }
  });

  it('a while loop past its bound is a step-limit naming no flag that does not exist (both engines)', async () => {
    const f = scenario('spin', 'let i = 0; while (i < 5000) { i = i + 1; }');
    for (const engine of ['core', 'workers']) {
      const r = await tw('run', f, '--engine', engine);
      assert.equal(r.code, 1, r.err);
      assert.match(r.out, /step-limit.*t: a loop ran more than 1000 times at line 5 \(the bound on one loop each time it is entered: a livelock\?\)/);
      assert.doesNotMatch(r.out, /--max-loop/);
    }
  });

  it('loops that only compute are stopped after a million iterations without a step, not left to run for minutes', async () => {
    const f = scenario('compute', 'let n = 0; repeat (1000) { repeat (1000) { repeat (1000) { n = n + 1; } } }');
    const r = await tw('run', f);
    assert.equal(r.code, 1, r.err);
    assert.match(r.out, /t: 1000000 loop iterations without a visible step at line 5/);
  });

  it('--max-steps has a ceiling and a floor, with a clear error', async () => {
    const f = scenario('ok', 'task_work_add(T, A, TWA_RESUME);');
    for (const cmd of ['run', 'explore']) {
      for (const n of ['0', '1000001', '99999999999']) {
        const r = await tw(cmd, f, '--max-steps', n);
        assert.equal(r.code, 2, `${cmd} ${n}`);
        assert.equal(r.err, `tw ${cmd}: --max-steps must be from 1 to 1000000 (a run longer than that is a livelock, and its trace would not fit in memory), found ${n}`);
      }
    }
    assert.equal((await tw('run', f, '--max-steps', '1000000')).code, 0);
  });
});

describe('tw stress --timeout', function () {
  this.timeout(90000);

  it('bounds the explorer\'s prediction too: cut short, it checks no outcome against the model', async () => {
    // Eight threads whose state space the stateful search cannot finish in seconds.
    const lines = ['task T;', 'callback fa(cb) { }'];
    for (let i = 0; i < 7; i++) lines.push(`work A${i} = fa;`);
    for (let i = 0; i < 7; i++) lines.push(`thread t${i} { repeat (3) { task_work_add(T, A${i}, TWA_RESUME); task_work_cancel(T, A${i}); } }`);
    lines.push('thread owner current(T) { repeat (3) task_work_run(); }');
    const f = join(dir, 'wide.tw');
    writeFileSync(f, `${lines.join('\n')}\n`);
    const t0 = Date.now();
    const r = await tw('stress', f, '--timeout', '2', '--runs', '3');
    assert.equal(r.code, 0, r.err);
    assert.match(r.out, /the explorer's prediction stopped after \d+\.\d s \(timeout\): outcomes are not checked against the model/);
    assert.doesNotMatch(r.out, /IMPOSSIBLE/);
    assert.ok(Date.now() - t0 < 60000, 'returned'); // without the bound: minutes
  });
});

describe('the worker backend\'s thread cap', () => {
  it('a scenario with 200 threads: --engine workers and stress refuse it with a clear message (exit 2)', async () => {
    const lines = ['task T;', 'work A = fa;', 'callback fa(cb) { }'];
    for (let i = 0; i < 200; i++) lines.push(`thread t${i} { task_work_add(T, A, TWA_RESUME); }`);
    const f = join(dir, 'crowd.tw');
    writeFileSync(f, `${lines.join('\n')}\n`);
    const r = await tw('run', f, '--engine', 'workers');
    assert.equal(r.code, 2);
    assert.equal(r.err, 'tw run: --engine workers runs one worker thread per scenario thread, at most 32; this scenario has 200 threads (the core engine has no such limit: leave --engine out)');
    const s = await tw('stress', f);
    assert.equal(s.code, 2);
    assert.match(s.err, /^tw stress: tw stress runs one worker thread per scenario thread, at most 32; this scenario has 200 threads$/);
    assert.equal((await tw('run', f)).code, 1, 'the core engine runs it');
  });
});
