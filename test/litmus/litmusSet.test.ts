// tw's own litmus tests (litmus/*.litmus): each answer equals the result the LKMM documents for
// its shape, stated in the test's header (`Result: Never|Sometimes|Always`, DATARACE when the
// model flags a data race).
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseLitmus, runLitmus } from '../../src/litmus';

const DIR = join(__dirname, '..', '..', 'litmus');

describe('litmus: our classic shapes agree with the LKMM', () => {
  const files = readdirSync(DIR).filter((f) => f.endsWith('.litmus')).sort();

  it('covers MP, SB, LB, WRC, IRIW, 2+2W, R, S, ISA2 and Z6.0, with and without ordering', () => {
    for (const shape of ['mp-', 'sb-', 'lb-', 'wrc-', 'iriw-', '2+2w-', 'r-', 's-', 'isa2-', 'z6-']) {
      const some = files.filter((f) => f.startsWith(shape));
      assert.ok(some.some((f) => /Result: Never/.test(readFileSync(join(DIR, f), 'utf8'))), `${shape}: an ordered version`);
      assert.ok(some.some((f) => /Result: Sometimes/.test(readFileSync(join(DIR, f), 'utf8'))), `${shape}: an unordered version`);
    }
  });

  for (const f of files) {
    it(f, () => {
      const test = parseLitmus(readFileSync(join(DIR, f), 'utf8'));
      assert.ok(test.documented, 'the header documents a Result');
      const r = runLitmus(test);
      assert.equal(r.verdict, test.documented.verdict);
      assert.equal(r.dataRace, test.documented.dataRace, 'data race flag');
    });
  }
});
