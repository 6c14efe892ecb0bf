// Golden files: compare text with test/**/golden/NAME; TW_UPDATE_GOLDEN=1 rewrites them, a
// mismatch writes NAME.actual beside the golden so the difference can be inspected.
import assert from 'node:assert/strict';
import { existsSync, readFileSync, writeFileSync, rmSync } from 'node:fs';

export function matchGolden(path: string, actual: string): void {
  if (process.env.TW_UPDATE_GOLDEN === '1' || !existsSync(path)) {
    if (process.env.CI && !existsSync(path)) assert.fail(`golden file ${path} is missing`);
    writeFileSync(path, actual);
    return;
  }
  const expected = readFileSync(path, 'utf8');
  if (expected !== actual) {
    writeFileSync(`${path}.actual`, actual);
    assert.equal(actual, expected, `${path} differs (see ${path}.actual; TW_UPDATE_GOLDEN=1 rewrites it)`);
  } else if (existsSync(`${path}.actual`)) rmSync(`${path}.actual`);
}
