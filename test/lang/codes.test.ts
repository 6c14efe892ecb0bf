// One test per diagnostic code of docs/language.md, with exact positions; and a check that the
// table in the docs and this file cover the same codes.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { PRELUDE, inThread, diagnoses } from './helpers';
import { compileBytes } from '../../src/lang';

const top = (rest: string): string => `${PRELUDE}\nthread t current(T) { }\n${rest}\n`;

/** [code, source, expected diagnostics] — line 3 is the line under test. */
const CASES: [string, string, string[]][] = [
  ['TW001', inThread('free(A); @'), ['3:10 TW001']],
  ['TW002', top('/* never closed'), ['3:1 TW002']],
  ['TW101', inThread('let x = ;'), ['3:9 TW101']],
  ['TW102', inThread('free(A)\nfree(B);'), ['3:8 TW102']],
  ['TW103', top('thred x { }'), ['3:1 TW103']],
  ['TW104', inThread('repeat (0) free(A);'), ['3:9 TW104']],
  ['TW201', inThread('assert(runs(A) == cnt);'), ['3:19 TW201']],
  ['TW202', top('task T;'), ['3:6 TW202']],
  ['TW203', inThread('task_work_add(A, A, TWA_NONE);'), ['3:15 TW203']],
  ['TW204', top('variant mainlin;'), ['3:9 TW204']],
  ['TW205', top('expect mainline: use-after-fre;'), ['3:18 TW205']],
  ['TW206', inThread('task_work_add(T, A, TWA_RESUM);'), ['3:21 TW206']],
  ['TW207', inThread('task_work_ad(T, A, TWA_RESUME);'), ['3:1 TW207']],
  ['TW208', inThread('task_work_add(T, A);'), ['3:1 TW208']],
  ['TW209', inThread('task_work_run();', 'thread t'), ['3:1 TW209']],
  ['TW210', inThread('free(C);'), ['3:6 TW210']],
  ['TW211', top('schedule s = "t*2 tt";'), ['3:19 TW211']],
  ['TW212', top('schedule s = "t*0";'), ['3:15 TW212']],
  ['TW213', top('work N = fa at Z;'), ['3:16 TW213']],
  ['TW214', inThread('if (true) { let x = 1; } assert(x == 1);'), ['3:33 TW214']],
  ['TW215', inThread('free(cb);'), ['3:6 TW215']],
  ['TW216', `${PRELUDE}\n`, ['1:1 TW216']],
  ['TW217', top('expect mainline: ok; expect mainline: deadlock;'), ['3:29 TW217']],
  ['TW218', top('memory weak;'), ['3:8 TW218']],
  ['TW218', top('expect mainline weak: ok;'), ['3:17 TW218']],
  ['TW217', top('expect mainline lkmm: ok; expect mainline lkmm: data-race;'), ['3:34 TW217']],
  ['TW217', top('memory lkmm; expect mainline: ok; expect mainline lkmm: data-race;'), ['3:42 TW217']],
];

describe('lang: every diagnostic code', () => {
  for (const [code, src, expected] of CASES) {
    it(`${code}: ${src.split('\n')[2] ?? src.split('\n')[1]}`, () => { diagnoses(src, ...expected); });
  }

  it('TW003: a UTF-16 file is one error naming the encoding', () => {
    const d = compileBytes('t.tw', Buffer.from(`\ufeff${inThread('free(A);')}`, 'utf16le')).diagnostics;
    assert.deepEqual(d.map((x) => `${x.range.line}:${x.range.column} ${x.code}`), ['1:1 TW003']);
  });

  it('covers exactly the codes documented in docs/language.md', () => {
    const doc = fs.readFileSync(path.join(__dirname, '../../docs/language.md'), 'utf8');
    const documented = [...doc.matchAll(/^\| (TW\d{3}) \|/gm)].map((m) => m[1]).sort();
    assert.deepEqual([...new Set([...CASES.map((c) => c[0]), 'TW003'])].sort(), documented);
  });
});
