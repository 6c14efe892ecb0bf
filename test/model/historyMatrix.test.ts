// The version matrix of docs/history.md is what `tw explore --variant 'v*'` prints now, and the
// races of history show where they should: the lost add at exit only before 3.7's sentinel, the
// same-batch cancel hang only once 4.3 runs a batch newest first.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { cliMatrix, parseMatrix, replaceMatrix } from './historyMatrix';

describe('model: the version matrix (examples x releases, from the CLI)', function () {
  this.timeout(180000);
  let table = '';
  before(async () => { table = await cliMatrix(); });
  const row = (name: string) => {
    const r = parseMatrix(table).rows.get(name);
    assert.ok(r, `no row ${name} in\n${table}`);
    return r;
  };

  it('docs/history.md holds the table the CLI prints (npx tsx scripts/historyMatrix.ts regenerates it)', () => {
    const page = readFileSync('docs/history.md', 'utf8');
    assert.equal(page, replaceMatrix(page, table));
  });

  it('s02 exit vs add: ok on v3.5 (PF_EXITING checked under the lock), lost work from v3.6 until the sentinel of v3.7', () => {
    const r = row('s02-exit-vs-add');
    assert.equal(r.verdicts.get('v3.5'), 'ok');
    assert.equal(r.verdicts.get('v3.7-dev'), 'lost-work');
    assert.equal(r.changesAt, 'v3.6, v3.7');
  });

  it('s10 cancel in the same batch: the wait hangs from v4.3 on (newest first), not before (oldest first)', () => {
    const r = row('s10-cancel-in-same-batch');
    assert.equal(r.changesAt, 'v4.3');
    assert.equal(r.verdicts.get('v6.19'), 'deadlock');
  });
});
