// Bad litmus text never crashes the runner: every prefix of a real test, and the test with any one
// line left out, either runs or is refused with a LitmusError (a file:line:col message), never
// another exception.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseLitmus, runLitmus, LitmusError } from '../../src/litmus';

const DIR = join(__dirname, '..', '..', 'litmus');

function outcome(text: string): string {
  try {
    runLitmus(parseLitmus(text));
    return 'ran';
  } catch (e) {
    if (e instanceof LitmusError) {
      assert.ok(e.pos.line >= 1 && e.pos.column >= 1, `a 1-based position: ${e.pos.line}:${e.pos.column}`);
      return 'refused';
    }
    throw e;
  }
}

describe('litmus: damaged tests are refused, never crash', () => {
  for (const f of ['mp-rcu-pointer.litmus', 'lb-ctrl.litmus', 'srcu-grace-period.litmus', 'sb-cmpxchg-fails.litmus']) {
    it(f, () => {
      const lines = readFileSync(join(DIR, f), 'utf8').split('\n');
      const seen = new Set<string>();
      for (let k = 0; k < lines.length; k++) {
        seen.add(outcome(lines.slice(0, k).join('\n')));
        seen.add(outcome([...lines.slice(0, k), ...lines.slice(k + 1)].join('\n')));
      }
      assert.ok(seen.has('refused'));
    });
  }
});
