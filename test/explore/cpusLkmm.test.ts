// CPUs under `--memory lkmm`: the NMI example (a CPU, an on(CPU) thread, a context switch and the
// CPU's irq_work) gives the verdicts SC gives, since its race needs no stale value: v6.11 strands
// the work, v6.19 does not. The witness replays under the LKMM through `tw run`, and the return to
// user mode keeps its smp_mb__after_atomic() for the releases whose copies do not define it (a stale
// read of the list after seeing the flag would be a lost work the kernel forbids).
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { compileSource, formatDiagnostic } from '../../src/lang';
import { Program } from '../../src/core';
import { exploreSync, ExploreResult } from '../../src/explore';
import { exploreLkmm } from '../../src/explore/lkmmSearch';
import { HISTORY_VARIANTS, variantByName } from '../../src/model';
import { tw } from '../cli/harness';

const NMI = 'examples/history/nmi-current-wrong-task.tw';

function compile(file: string, text: string): Program {
  const { program, diagnostics } = compileSource(file, text, { releases: HISTORY_VARIANTS });
  if (!program) throw new Error(diagnostics.map((d) => formatDiagnostic(file, d)).join('\n'));
  return program;
}

function kinds(r: ExploreResult): string[] {
  return [...new Set(r.violations.map((v) => v.kind))].sort();
}

function lkmm(program: Program, variant: string): ExploreResult {
  const g = exploreLkmm(program, { variant: variantByName(variant) }, {});
  for (;;) { const r = g.next(); if (r.done) return r.value; }
}

describe('explore: CPUs under memory lkmm', function () {
  this.timeout(120000);

  it('the NMI example: the LKMM search finds what SC finds (v6.11 loses the work, v6.19 does not)', () => {
    const program = compile(NMI, readFileSync(NMI, 'utf8'));
    for (const [variant, expected] of [['v6.11', ['lost-work']], ['v6.19', []]] as const) {
      const sc = exploreSync(program, { variant: variantByName(variant) });
      const weak = lkmm(program, variant);
      assert.deepEqual(kinds(sc), expected, `sc under ${variant}`);
      assert.deepEqual(kinds(weak), expected, `lkmm under ${variant}`);
    }
  });

  it('tw explore --memory lkmm gives the same verdicts, and tw run replays its witness', async () => {
    const bad = await tw('explore', NMI, '--memory', 'lkmm', '--variant', 'v6.11');
    assert.equal(bad.code, 1, bad.out + bad.err);
    assert.match(bad.out, /lost-work under v6\.11: A is stranded on T/);
    assert.match(bad.out, /why: every load read the newest write/);
    const replay = /replay: tw run \S+ --variant v6\.11 --memory lkmm --schedule '([^']+)'/.exec(bad.out)?.[1];
    assert.ok(replay, bad.out);
    const r = await tw('run', NMI, '--variant', 'v6.11', '--memory', 'lkmm', '--schedule', replay);
    assert.equal(r.code, 1, r.out + r.err);
    assert.match(r.out, /sched +sched\.switch +write CPU0 = U/);
    assert.match(r.out, /CPU0 +irq\.notify +write U\.flags/);
    assert.match(r.out, /lost-work at the end: A is stranded on T/);
    const good = await tw('explore', NMI, '--memory', 'lkmm', '--variant', 'v6.19');
    assert.equal(good.code, 0, good.out + good.err);
    assert.match(good.out, /0 only weak memory allows/);
  });

  it('a release without its own return to user mode orders the flag before the list (smp_mb__after_atomic): no stale-read lost work', () => {
    // The flag is set after the fully ordered add.cas, and cleared before the list is read again:
    // reading an empty list after seeing the flag is the message-passing shape the barriers forbid.
    const text = 'option lost-work-at-end;\ntask T;\nwork A = fa;\ncallback fa(cb) { }\n'
      + 'thread adder { task_work_add(T, A, TWA_RESUME); }\n'
      + 'thread owner current(T) { if (notify_resume(T)) resume_user_mode_work(); }\n';
    const program = compile('resume.tw', text);
    for (const variant of ['mainline', 'v6.1', 'v6.11', 'v6.19']) assert.deepEqual(kinds(lkmm(program, variant)), [], variant);
  });
});
