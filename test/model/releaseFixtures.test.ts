// A kernel developer's own copy of kernel/task_work.c loads as a variant without edits and gives
// the verdicts of our listing of that release. The copies here are fixtures in our own words with
// the kernel's layout (includes, kernel-doc, EXPORT_SYMBOL_GPL, #ifdef, no tw step labels), one per
// release shape: 3.5's hlist (struct task_work, the hlist helpers and walk, container_of, a list head
// on the stack), 3.6's circle under pi_lock, 3.7-dev's lockless push without a sentinel, 3.7's
// work_exited and reversal, 4.3's LIFO, 4.9's peek and lockless_dereference, 4.14's lock around the
// detach loop, 5.7's lock pair after a detach, 5.10's notify modes and jobctl block, 5.11's
// TIF_NOTIFY_SIGNAL, 5.19's cancel by predicate, 6.1's try_cmpxchg, 6.11's per-CPU irq_work for
// TWA_NMI_CURRENT under #ifdef CONFIG_IRQ_WORK, 6.19's fix of it. Every example is explored under
// both: the same violation kinds and the same reachable outcomes.
// The 3.6 copy has no add.append label: the model knows its circle by what its add does.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { compileSource, formatDiagnostic } from '../../src/lang';
import { exploreSync, matrixCell } from '../../src/explore';
import { HISTORY_VARIANTS, historyVariant, variantOfListing, compileListing } from '../../src/model';
import { Program, Variant } from '../../src/core';
import { MATRIX_FILES } from './historyMatrix';

const RELEASES = ['v3.5', 'v3.6', 'v3.7-dev', 'v3.7', 'v4.3', 'v4.9', 'v4.14', 'v5.7', 'v5.10', 'v5.11', 'v5.19', 'v6.1', 'v6.11', 'v6.19'];

function program(file: string): Program {
  const { program: p, diagnostics } = compileSource(file, readFileSync(file, 'utf8'), { releases: HISTORY_VARIANTS });
  if (!p) throw new Error(diagnostics.map((d) => formatDiagnostic(file, d)).join('\n'));
  return p;
}

/**
 * The kinds found and the outcomes reached. A livelock's outcomes count the runs made before the
 * step bound, and our listings give a labelled check a step of its own: there only the kinds count.
 */
function verdict(p: Program, v: Variant): { cell: string; outcomes: string[] } {
  const r = exploreSync(p, { variant: v });
  const cell = matrixCell(r);
  return { cell, outcomes: cell.includes('step-limit') ? [] : [...r.outcomes].sort() };
}

/**
 * The shared accesses of each task_work_* entry point in code order (kind, word, ordering): what a
 * listing's step labels leave alone. Several releases give the same verdicts on every example
 * (4.3 to 5.7 differ only in when run takes pi_lock); this tells their copies apart too.
 */
function accesses(file: string): Map<string, string> {
  const r = compileListing(file, readFileSync(file, 'utf8'));
  assert.ok(r.listing, file);
  const out = new Map<string, string>();
  for (const f of r.listing.functions) {
    if (!API.has(f.name) || f.prelude) continue;
    out.set(f.name, f.code.filter((i) => !LOCAL_OPS.has(i.op)).map((i) => `${i.op} ${i.what} ${i.order}`).join(', '));
  }
  return out;
}
const LOCAL_OPS = new Set(['set', 'jump', 'jumpIfNot', 'ret']);
/** The functions callers call (static helpers' names are the copy's own choice). */
const API = new Set(['task_work_add', 'task_work_cancel', 'task_work_cancel_match', 'task_work_cancel_func', 'task_work_run']);

describe('model: kernel-shaped copies of every release shape give the verdicts of our listings', function () {
  this.timeout(120000);
  for (const name of RELEASES) {
    it(`test/model/fixtures/release-${name}.c: loads without errors, and every example agrees with ${name}`, () => {
      const file = `test/model/fixtures/release-${name}.c`;
      const text = readFileSync(file, 'utf8');
      assert.doesNotMatch(text, /\/\/ (add|cancel|run)\.[a-z_]+/, 'no tw step labels: the kernel layout as it is');
      const mine = variantOfListing(file, file, text);
      assert.deepEqual(mine.diagnostics.filter((d) => d.severity === 'error'), []);
      const ours = historyVariant(name)?.variant;
      assert.ok(mine.variant && ours);
      for (const f of MATRIX_FILES) {
        const p = program(f);
        assert.deepEqual(verdict(p, mine.variant), verdict(p, ours), `${f} under ${file} and ${name}`);
      }
    });
    it(`test/model/fixtures/release-${name}.c: the same shared accesses as listings/history/${name}.c, function by function`, () => {
      assert.deepEqual(accesses(`test/model/fixtures/release-${name}.c`), accesses(`listings/history/${name}.c`));
    });
  }
});
