// The extension's pure parts in plain Node: the scenario index behind go to definition, hovers,
// CodeLenses, and the expectation checks the Test Explorer runs.
import { strict as assert } from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import { indexScenario, resolveAt, wordAt } from '../../../src/lsp/scenarioIndex';
import { hoverAt, stepHoverAt } from '../../../src/lsp/hoverText';
import { lensesFor } from '../../../src/lsp/lenses';
import { checkExpectation } from '../../../src/extension/expectations';
import { compileSource } from '../../../src/lang';
import { HISTORY_VARIANTS } from '../../../src/model';
import { exploreForTests } from '../../../src/extension/explore';
import type { ViolationKind } from '../../../src/core';
import type { ExploreResult } from '../../../src/explore';

const ROOT = path.resolve(__dirname, '..', '..', '..');
const S1 = fs.readFileSync(path.join(ROOT, 'examples', 's01-cancel-vs-run.tw'), 'utf8');
const LINES = S1.split('\n');

/** 1-based (line, column) of the n-th occurrence (0-based) of `needle` in a line that contains `inLine`. */
function at(inLine: string, needle: string, n = 0): { line: number; column: number; text: string } {
  const i = LINES.findIndex((l) => l.includes(inLine));
  assert.ok(i >= 0, inLine);
  const text = LINES[i] ?? '';
  let col = -1;
  for (let k = 0; k <= n; k++) col = text.indexOf(needle, col + 1);
  return { line: i + 1, column: col + 1, text };
}

function defOf(inLine: string, needle: string, n = 0): string {
  const p = at(inLine, needle, n);
  const sym = resolveAt(indexScenario(S1), p.text, p.line, p.column);
  return sym ? `${sym.kind} ${sym.name} ${sym.range.line}:${sym.range.column}` : 'none';
}

describe('extension: scenario index and go to definition (S1)', () => {
  it('resolves tasks, works, callbacks, threads in schedules, and locals', () => {
    const task = at('task T;', 'T');
    const workA = at('work A = fa;', 'A');
    const fa = at('callback fa(cb)', 'fa');
    const canceller = at('thread canceller', 'canceller');
    const owner = at('thread owner', 'owner');
    const w = at('let w = task_work_cancel_func', 'w');
    assert.equal(defOf('task_work_add(T, A, TWA_RESUME)', 'T'), `task T ${task.line}:${task.column}`);
    assert.equal(defOf('task_work_add(T, A, TWA_RESUME)', 'A'), `work A ${workA.line}:${workA.column}`);
    assert.equal(defOf('work A = fa;', 'fa'), `callback fa ${fa.line}:${fa.column}`);
    assert.equal(defOf('schedule race =', 'canceller'), `thread canceller ${canceller.line}:${canceller.column}`);
    assert.equal(defOf('schedule race =', 'owner', 0), `thread owner ${owner.line}:${owner.column}`);
    assert.equal(defOf('if (w == A)', 'w'), `local w ${w.line}:${w.column}`);
    assert.equal(defOf('thread owner current(T)', 'T', 0), `task T ${task.line}:${task.column}`);
  });

  it('finds nothing for API names and keywords', () => {
    assert.equal(defOf('task_work_add(T, A, TWA_RESUME)', 'task_work_add'), 'none');
    assert.equal(defOf('task_work_add(T, A, TWA_RESUME)', 'TWA_RESUME'), 'none');
  });

  it('indexes schedules, expectations and the variant even in a broken file', () => {
    const idx = indexScenario('variant no-sentinel;\nexpect no-sentinel: lost-work;\ntask T;\nthred x {}\nschedule s = "a*2 b";\n');
    assert.equal(idx.variant, 'no-sentinel');
    assert.deepEqual(idx.expects.map((e) => [e.variant, e.ok, e.kinds]), [['no-sentinel', false, ['lost-work']]]);
    assert.deepEqual(idx.schedules.map((s) => [s.name, s.text, s.line]), [['s', 'a*2 b', 5]]);
    assert.ok(idx.globals.has('T'));
  });

  it('takes the word under or just before the cursor', () => {
    assert.deepEqual(wordAt('  free(A);', 8), { word: 'A', start: 8, end: 9 });
    assert.deepEqual(wordAt('  free(A);', 9), { word: 'A', start: 8, end: 9 });
    assert.equal(wordAt('  free(A);', 1), null);
  });
});

describe('extension: hovers', () => {
  const hover = (inLine: string, needle: string, n = 0): string => {
    const p = at(inLine, needle, n);
    return hoverAt(indexScenario(S1), p.text, p.line, p.column)?.markdown ?? 'none';
  };

  it('explains API calls and modes in one line', () => {
    assert.match(hover('task_work_add(T, A, TWA_RESUME)', 'task_work_add'), /^`task_work_add\(task, work, mode\)`: push .* `-ESRCH`/);
    assert.match(hover('task_work_add(T, A, TWA_RESUME)', 'TWA_RESUME'), /^`TWA_RESUME`: set TIF_NOTIFY_RESUME/);
    assert.match(hover('let w = task_work_cancel_func', 'task_work_cancel_func'), /under `pi_lock`/);
    for (const h of [hover('task_work_add(T, A, TWA_RESUME)', 'task_work_add'), hover('task_work_run();', 'task_work_run')]) {
      assert.equal(h.split('\n').length, 1);
    }
  });

  it('shows the declaration of a declared name, variants and violation kinds', () => {
    assert.equal(hover('task_work_add(T, A, TWA_RESUME)', 'A'), '```tw\nwork A = fa;\n```\nwork (a struct callback_head) `A`, declared at 16:6');
    assert.match(hover('expect no-run-lock-pair', 'no-run-lock-pair'), /^variant `no-run-lock-pair`: run skips/);
    assert.match(hover('expect no-run-lock-pair', 'use-after-free'), /^violation `use-after-free`/);
    assert.equal(hoverAt(indexScenario(''), 'step == "add.cas"', 1, 12)?.markdown,
      'step `add.cas`: try_cmpxchg(&task->task_works, &h, work); on failure h = the value seen, back to add.check');
  });
});

describe('extension: hovers in the model listing', () => {
  it('explains the step label of a listing line, and nothing else', () => {
    const line = '    if (!try_cmpxchg(&task->task_works, &h, work)) goto retry;       // add.cas: h = the head seen';
    assert.match(stepHoverAt(line, 15, line.indexOf('add.cas') + 3)?.markdown ?? '', /^step `add\.cas`: try_cmpxchg/);
    assert.equal(stepHoverAt(line, 15, line.indexOf('goto') + 1), null);
  });
});

describe('extension: CodeLenses', () => {
  it('puts Debug on each expectation and Debug this schedule (and its broken variant) on each schedule', () => {
    const lenses = lensesFor(indexScenario(S1)).map((l) => `${l.line} ${l.title} ${l.command} ${JSON.stringify(l.args)}`);
    const expectMain = at('expect mainline', 'expect').line;
    const expectBroken = at('expect no-run-lock-pair', 'expect').line;
    const race = at('schedule race =', 'schedule').line;
    assert.deepEqual(lenses, [
      `${expectMain} $(debug-alt) Debug (mainline) tw.debugScenario ["mainline"]`,
      `${expectBroken} $(debug-alt) Debug (no-run-lock-pair) tw.debugScenario ["no-run-lock-pair"]`,
      `${race} $(debug-alt) Debug this schedule tw.debugSchedule [null,"race"]`,
      `${race} under no-run-lock-pair tw.debugSchedule ["no-run-lock-pair","race"]`,
    ]);
  });

  it('puts one Debug on top when no expectation names the file\'s variant', () => {
    assert.deepEqual(lensesFor(indexScenario('\n// c\ntask T;\n')).map((l) => [l.line, l.title]), [[3, '$(debug-alt) Debug']]);
    assert.deepEqual(lensesFor(indexScenario('')), []);
  });
});

describe('extension: expectation checks for the Test Explorer', () => {
  const program = compileSource('s01.tw', S1).program;
  assert.ok(program);

  it('passes S1 on mainline (the witness is clean) and on no-run-lock-pair (it breaks)', () => {
    const [main, broken] = program.expectations;
    const ok = checkExpectation(program, main!);
    assert.equal(ok.passed, true);
    assert.deepEqual(ok.witnesses.map((w) => [w.name, w.kinds]), [['race', []]]);
    const bad = checkExpectation(program, broken!);
    assert.equal(bad.passed, true);
    assert.deepEqual(bad.witnesses[0]?.kinds.slice().sort(), ['assertion', 'run-after-cancel', 'use-after-free']);
  });

  it('fails a wrong claim with the reason, the trace and the schedule to debug', () => {
    const wrong = { ...program.expectations[0]!, variant: 'no-run-lock-pair', kinds: [] };
    const r = checkExpectation(program, wrong);
    assert.equal(r.passed, false);
    assert.match(r.problems[0] ?? '', /^schedule 'race' shows .*use-after-free.* under no-run-lock-pair, expected ok$/);
    assert.equal(r.failingSchedule, 'canceller*5 owner*5 canceller*4 owner*4');
    assert.ok(r.witnesses[0]!.trace.some((l) => /use-after-free at step \d+/.test(l)));
  });

  const result = (complete: boolean, kinds: ViolationKind[]): ExploreResult => ({
    strategy: 'stateful', variant: 'x', executions: 3, states: 9, pruned: 0, steps: 20, timeMs: 1, outcomes: [], complete,
    violations: kinds.map((kind) => ({ kind, message: 'm', schedule: 'owner canceller', path: [1, 0], steps: 2, preemptions: 0,
      minimal: true, explanation: '', outcome: '' })),
  });

  it('uses the explorer when given: extra kinds fail, missing kinds fail only on a complete search', () => {
    const main = program.expectations[0]!;
    const found = checkExpectation(program, main, () => result(true, ['deadlock']));
    assert.deepEqual(found.problems, ['explorer: expect mainline: ok: found deadlock (deadlock not expected)']);
    assert.equal(found.failingSchedule, 'owner canceller');
    const broken = program.expectations[1]!;
    assert.equal(checkExpectation(program, broken, () => result(false, [])).passed, true);
    assert.equal(checkExpectation(program, broken, () => result(true, [])).passed, false);
  });

  it('runs the real explorer on S1: both expectations hold on every interleaving', () => {
    for (const e of program.expectations) {
      const r = checkExpectation(program, e, exploreForTests);
      assert.equal(r.passed, true, r.problems.join('; '));
      assert.equal(r.explore?.complete, true);
    }
  });
});

describe('extension: the Test Explorer under the file\'s memory model', () => {
  const file = path.join(ROOT, 'examples', 'history', 'unlock-wait-lkmm.tw');
  const program = compileSource(file, fs.readFileSync(file, 'utf8'), { releases: HISTORY_VARIANTS }).program;
  assert.ok(program);

  it('replays a named schedule under the LKMM with its reads after \'|\', as tw run does', () => {
    const v49 = program.expectations.find((e) => e.variant === 'v4.9')!;
    const r = checkExpectation(program, v49);
    assert.equal(r.passed, true, r.problems.join('; '));
    const stale = r.witnesses.find((w) => w.name === 'stale_wait')!;
    // Only the pinned stale reads free A under the canceller: sequential consistency waits it out.
    assert.deepEqual(stale.kinds.slice().sort(), ['data-race', 'run-after-cancel', 'use-after-free']);
    assert.equal(stale.text, program.schedules.find((s) => s.name === 'stale_wait')!.text);
    const fixed = checkExpectation(program, program.expectations.find((e) => e.variant === 'v4.14')!);
    assert.equal(fixed.passed, true, fixed.problems.join('; '));
    assert.deepEqual(fixed.witnesses.map((w) => [w.name, w.kinds]), [['stale_wait', []], ['stale_wait_reversed', []], ['peek', ['data-race']]]);
  });

  it('fails a witness whose reads do not parse, with the reason', () => {
    const bad = { ...program, schedules: [{ ...program.schedules[0]!, text: 'canceller*10 owner*11 | ghost@run.next<-init' }] };
    const r = checkExpectation(bad, program.expectations[0]!);
    assert.equal(r.passed, false);
    assert.match(r.problems[0] ?? '', /^schedule 'stale_wait': unknown thread 'ghost'/);
  });

  it('runs the LKMM explorer on the file: every verdict holds', function () {
    this.timeout(60000);
    for (const e of program.expectations) {
      const r = checkExpectation(program, e, exploreForTests);
      assert.equal(r.passed, true, `${e.variant}: ${r.problems.join('; ')}`);
      assert.equal(r.explore?.memory, 'lkmm');
    }
  });
});

describe('extension: an expect line naming its memory model in the Test Explorer', () => {
  const src = 'expect mainline: double-add, list-cycle;\nexpect mainline lkmm: double-add, list-cycle, data-race;\ntask T;\nwork A = fa;\ncallback fa(cb) { }\n'
    + 'thread adder1 { task_work_add(T, A, TWA_RESUME); }\nthread adder2 { task_work_add(T, A, TWA_RESUME); }\nschedule twice = "adder1*5 adder2*5";\n';
  const program = compileSource('adders.tw', src).program;
  assert.ok(program);

  it('checks each line under its own model: the sc line by the sc search, the lkmm line by the LKMM search and replay', () => {
    assert.deepEqual(indexScenario(src).expects.map((e) => [e.variant, e.memory]), [['mainline', undefined], ['mainline', 'lkmm']]);
    const [sc, lkmm] = program.expectations;
    const a = checkExpectation(program, sc!, exploreForTests);
    assert.equal(a.passed, true, a.problems.join('; '));
    assert.equal(a.explore?.memory, undefined);
    const b = checkExpectation(program, lkmm!, exploreForTests);
    assert.equal(b.passed, true, b.problems.join('; '));
    assert.equal(b.explore?.memory, 'lkmm');
    // The witness under the LKMM shows the race of the two plain links, which sc does not have.
    assert.ok(b.witnesses[0]!.kinds.includes('data-race'));
    assert.ok(!a.witnesses[0]!.kinds.includes('data-race'));
  });
});
