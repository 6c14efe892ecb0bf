// The .tw mutator fuzz suite: thousands of seeded mutations of the examples (FUZZ_N=... for more).
// No input throws; every diagnostic reads `file:line:col: severity TWnnn: message` with a position
// inside the file; no message carries a raw control, separator or bidi character.
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { compileSource, formatDiagnostic } from '../../src/lang';
import { fuzzCount, mutatedCases } from '../fuzz/twMutator';
import { tw } from '../cli/harness';

/** C0/C1 controls, DEL, U+2028/9, bidi embeddings, overrides, isolates and marks, BOM, lone surrogates. */
export const UNSAFE = /[\u0000-\u001f\u007f-\u009f\u061c\u200e\u200f\u2028-\u202e\u2066-\u2069\ufeff\ufffd]|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/u;
const SHAPE = /^f\.tw:(\d+):(\d+): (error|warning) TW\d{3}: \S.*$/s;

describe('lang: the .tw mutator fuzz suite', function () {
  this.timeout(600000);
  const n = fuzzCount(4000);

  it(`${n} seeded mutations of the examples: no throw, every diagnostic placed and coded, no raw control characters`, () => {
    let compiled = 0;
    let diagnostics = 0;
    const bad: string[] = [];
    for (const c of mutatedCases(1, n)) {
      const what = `case #${c.index} (${c.base}: ${c.how.join(', ')})`;
      let r: ReturnType<typeof compileSource>;
      try {
        r = compileSource('f.tw', c.text);
      } catch (e) {
        bad.push(`${what} threw ${String(e)}`);
        continue;
      }
      if (r.program) compiled++;
      const lines = c.text.split('\n').length;
      for (const d of r.diagnostics) {
        diagnostics++;
        const text = formatDiagnostic('f.tw', d);
        const m = SHAPE.exec(text);
        if (!m || Number(m[1]) > lines || Number(m[1]) < 1 || Number(m[2]) < 1) bad.push(`${what}: malformed ${JSON.stringify(text)}`);
        if (UNSAFE.test(text)) bad.push(`${what}: raw control character in ${JSON.stringify(text)}`);
        if (text.includes('\n')) bad.push(`${what}: a newline in ${JSON.stringify(text)}`);
      }
    }
    assert.deepEqual(bad.slice(0, 10), [], `${bad.length} bad of ${n}`);
    assert.ok(compiled > n / 5, `only ${compiled} of ${n} compiled: the mutator is too destructive to test the later stages`);
    assert.ok(diagnostics > n / 2, `only ${diagnostics} diagnostics`);
    console.log(`      ${n} inputs: ${compiled} compiled, ${diagnostics} diagnostics, ${bad.length} throws or bad messages`);
  });

  it(`every 10th of them through the real commands: tw check, and tw run when it compiles (exit 0/1/2, never 3)`, async () => {
    const dir = mkdtempSync(join(tmpdir(), 'tw-fuzz-'));
    const bad: string[] = [];
    let ran = 0;
    for (const c of mutatedCases(1, n)) {
      if (c.index % 10 !== 0) continue;
      const f = join(dir, `case${c.index}.tw`);
      writeFileSync(f, c.text);
      const what = `case #${c.index} (${c.base}: ${c.how.join(', ')})`;
      const check = await tw('check', f);
      const runs = check.code === 0 ? [check, await tw('run', f)] : [check];
      if (check.code === 0) ran++;
      for (const r of runs) {
        const text = `${r.out}\n${r.err}`;
        if (r.code > 2 || /internal error|\n\s+at /.test(text)) bad.push(`${what}: exit ${r.code} ${r.err.slice(0, 300)}`);
        const line = text.split('\n').find((l) => UNSAFE.test(l));
        if (line !== undefined) bad.push(`${what}: raw control character in ${JSON.stringify(line)}`);
      }
    }
    assert.deepEqual(bad.slice(0, 10), [], `${bad.length} bad`);
    assert.ok(ran > n / 50, `only ${ran} cases ran`);
    console.log(`      ${Math.ceil(n / 10)} through tw check, ${ran} of them through tw run: ${bad.length} exit 3, stack traces or raw characters`);
  });
});
