// The version matrix of docs/history.md is what the explorer finds now, and the races of history
// show where they should: the lost add at exit only before 3.7's sentinel, the same-batch cancel
// hang only once 4.3 runs a batch newest first.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { MATRIX_VERSIONS, changesAt, MatrixRow } from '../../src/explore';
import { matrixRows, replaceMatrix } from './historyMatrix';

describe('model: the version matrix (examples x releases)', function () {
  this.timeout(120000);
  let rows: MatrixRow[] = [];
  before(() => { rows = matrixRows(); });
  const row = (name: string): MatrixRow => rows.find((r) => r.scenario === name)!;

  it('docs/history.md holds the matrix the explorer gives (npx tsx scripts/historyMatrix.ts regenerates it)', () => {
    const page = readFileSync('docs/history.md', 'utf8');
    assert.equal(page, replaceMatrix(page, rows));
  });

  it('s02 exit vs add: lost work on v3.7-dev only; the sentinel of v3.7 fixes it', () => {
    const r = row('s02-exit-vs-add');
    assert.equal(r.verdicts[MATRIX_VERSIONS.indexOf('v3.7-dev')], 'lost-work');
    assert.deepEqual(changesAt(r), ['v3.7']);
  });

  it('s10 cancel in the same batch: the wait hangs from v4.3 on (newest first), not before (oldest first)', () => {
    const r = row('s10-cancel-in-same-batch');
    assert.deepEqual(changesAt(r), ['v4.3']);
    assert.equal(r.verdicts.at(-1), 'deadlock');
  });
});
