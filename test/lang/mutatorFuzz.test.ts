// The .tw mutator fuzz suite: thousands of seeded mutations of the examples (FUZZ_N=... for more).
// No input throws; every diagnostic reads `file:line:col: severity TWnnn: message` with a position
// inside the file; no message carries a raw control, separator or bidi character.
import assert from 'node:assert/strict';
import { compileSource, formatDiagnostic } from '../../src/lang';
import { fuzzCount, mutatedCases } from '../fuzz/twMutator';

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
    assert.ok(diagnostics > n, `only ${diagnostics} diagnostics`);
  });
});
