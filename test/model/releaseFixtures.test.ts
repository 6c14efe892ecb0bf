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
import { historyVariant, variantOfListing } from '../../src/model';
import { MATRIX_FILES } from './historyMatrix';
import { program, verdict, accesses } from './releaseCompare';

const RELEASES = ['v3.5', 'v3.6', 'v3.7-dev', 'v3.7', 'v4.3', 'v4.9', 'v4.14', 'v5.7', 'v5.10', 'v5.11', 'v5.19', 'v6.1', 'v6.11', 'v6.19'];

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
