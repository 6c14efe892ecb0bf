// src/model/listingTexts.ts is generated from listings/**/*.c (scripts/listingTexts.mjs): it must be
// what the listings give now, so a listing edited without a build cannot ship its old text.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { LISTING_TEXTS } from '../../src/model';

describe('model: the generated listing texts', () => {
  it('are fresh (scripts/listingTexts.mjs --check)', () => {
    const r = spawnSync(process.execPath, ['scripts/listingTexts.mjs', '--check'], { encoding: 'utf8' });
    assert.equal(r.status, 0, r.stderr);
  });

  it('hold every shipped listing, by its path under listings/', () => {
    assert.equal(LISTING_TEXTS['mainline'], readFileSync('listings/mainline.c', 'utf8'));
    assert.equal(LISTING_TEXTS['history/v3.7'], readFileSync('listings/history/v3.7.c', 'utf8'));
  });
});
