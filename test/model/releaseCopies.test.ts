// A kernel developer's own copy of kernel/task_work.c, unchanged, loads as a variant and gives the
// verdicts of our listing of that release. The copies are GPL-2.0 and never part of this project:
// point TW_RELEASE_DIR at a folder of them, each named after the listing it is compared with
// (v3.5.c, v6.11.c; a suffix after a further '-' or '.' names a variant of the same release, as in
// v4.3-backport.c or v5.11-rc.c). Without TW_RELEASE_DIR the test is skipped.
// TW_RELEASE_EXAMPLES, a comma-separated list of example files, narrows the examples explored.
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { historyVariant, variantOfListing, formatModelDiagnostic } from '../../src/model';
import { MATRIX_FILES } from './historyMatrix';
import { program, verdict, accesses } from './releaseCompare';

const DIR = process.env.TW_RELEASE_DIR;
const EXAMPLES = process.env.TW_RELEASE_EXAMPLES?.split(',').filter(Boolean) ?? MATRIX_FILES;

/** 'v4.3-backport.c' -> 'v4.3', 'v3.7-dev.c' -> 'v3.7-dev' (a listing of that name wins). */
function listingOf(file: string): string | undefined {
  const base = file.replace(/\.c$/, '');
  for (let name = base; name; name = name.replace(/[-.][^-.]*$/, '')) {
    if (historyVariant(name)) return name;
    if (!/[-.]/.test(name.slice(1))) break;
  }
  return undefined;
}

(DIR ? describe : describe.skip)('model: real release copies of kernel/task_work.c (TW_RELEASE_DIR)', function () {
  this.timeout(600000);
  const files = DIR ? readdirSync(DIR).filter((f) => f.endsWith('.c')).sort() : [];
  for (const f of files) {
    it(`${f}: loads unchanged and every example agrees with ${listingOf(f) ?? '(no listing)'}`, () => {
      const name = listingOf(f);
      assert.ok(name, `${f}: no history listing of that name`);
      const file = join(DIR as string, f);
      const mine = variantOfListing(file, file, readFileSync(file, 'utf8'));
      const errors = mine.diagnostics.filter((d) => d.severity === 'error').map((d) => formatModelDiagnostic(file, d));
      assert.deepEqual(errors, []);
      const ours = historyVariant(name)?.variant;
      assert.ok(mine.variant && ours);
      const differ: string[] = [];
      for (const ex of EXAMPLES) {
        const p = program(ex);
        const a = verdict(p, mine.variant), b = verdict(p, ours);
        try { assert.deepEqual(a, b); } catch { differ.push(`${ex}: copy ${JSON.stringify(a)} vs ${name} ${JSON.stringify(b)}`); }
      }
      assert.deepEqual(differ, []);
    });
    it(`${f}: the same shared accesses as our listing, function by function`, () => {
      const name = listingOf(f);
      assert.ok(name, `${f}: no history listing of that name`);
      assert.deepEqual(accesses(join(DIR as string, f)), accesses(`listings/history/${name}.c`));
    });
  }
});
