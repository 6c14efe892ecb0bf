// An explore of a program explored before runs on the machine of that explore (machines.ts) and
// on the tables of parts the last search gave back (visitedSet.ts, pooledParts): neither may
// change anything but the cost. Each example is explored on a program compiled afresh for every
// explore, and again on one program explored over and over, variants and step limits taking turns.
import assert from 'node:assert/strict';
import { readdirSync } from 'node:fs';
import { ExploreResult, exploreSync } from '../../src/explore';
import { example } from './helpers';

const NAMES = readdirSync('examples').filter((f) => f.endsWith('.tw') && f !== 's04-double-add.tw').map((f) => f.replace(/\.tw$/, ''));
const RUNS: { variant: string; maxSteps?: number }[] = [
  { variant: 'mainline' }, { variant: 'no-run-lock-pair' }, { variant: 'mainline', maxSteps: 40 }, { variant: 'no-run-lock-pair' }, { variant: 'mainline' },
];

/** Everything a result says but its time. */
function said(r: ExploreResult): string {
  return JSON.stringify({ ...r, timeMs: 0 });
}

describe('explore: a program explored again', () => {
  for (const name of NAMES) {
    it(`${name}: the same results as on a program compiled afresh, whatever was explored before`, () => {
      const again = example(name);
      for (const o of RUNS) {
        const fresh = exploreSync(example(name), o);
        assert.equal(said(exploreSync(again, o)), said(fresh), `${o.variant}${o.maxSteps ? ` maxSteps ${o.maxSteps}` : ''}`);
      }
    });
  }
});
