// The did-you-mean search has a cut-off: a 100 KB file full of long, nearly equal unknown names
// is checked in seconds (it took minutes: every unknown name was compared in full with every
// declared one). The mocha timeout is the hang guard; the figures are in the commit message.
import * as assert from 'node:assert/strict';
import { compileSource } from '../../src/lang';
import { suggest, editDistance } from '../../src/lang/diagnostics';

/** Long names that differ only at both ends, so no cheap test rules a pair out. */
const longName = (prefix: string, i: number): string => `${prefix}_${'x'.repeat(50)}_${i.toString(36).padStart(4, '0')}`;

export function longNamesFile(n: number): string {
  const lines = ['task T;', 'callback fa(cb) { }'];
  for (let i = 0; i < n; i++) lines.push(`work ${longName('w', i)} = fa;`);
  const body: string[] = [];
  for (let i = 0; i < n; i++) body.push(`free(${longName('v', i)});`);
  lines.push(`thread t current(T) {\n${body.join('\n')}\n}`);
  return lines.join('\n');
}

describe('lang: did-you-mean cut-off', function () {
  this.timeout(60000);

  it('a 107 KB file of 800 long unknown names among 800 declared ones is checked (one TW210 each)', () => {
    const text = longNamesFile(800);
    assert.ok(text.length > 100000, `${text.length}`);
    const r = compileSource('big.tw', text);
    assert.equal(r.diagnostics.filter((d) => d.code === 'TW210').length, 800);
  });

  it('the bounded distance gives the same answer within the bound and max + 1 beyond it', () => {
    for (const [a, b] of [['thred', 'thread'], ['kitten', 'sitting'], ['tset', 'test'], ['', 'abc'], ['abcdef', 'ghijkl']] as const) {
      const full = editDistance(a, b);
      for (const max of [0, 1, 2, 3, 10]) assert.equal(editDistance(a, b, max), full <= max ? full : max + 1, `${a} ${b} ${max}`);
    }
  });

  it('still finds the near miss among thousands of names, and prefers a case-only difference', () => {
    const names = Array.from({ length: 5000 }, (_, i) => `name_${i}`);
    assert.equal(suggest('task_work_ad', [...names, 'task_work_add']), 'task_work_add');
    assert.equal(suggest('Owner', ['owne', 'owner']), 'owner');
    assert.equal(suggest(`${'q'.repeat(30)}x`, [`${'q'.repeat(30)}y`]), `${'q'.repeat(30)}y`);
  });
});
