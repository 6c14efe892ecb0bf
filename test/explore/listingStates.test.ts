// A shipped listing listings/NAME.c and the built-in step functions of NAME are one algorithm: the
// stateful explorer must count the same distinct states for both. A value either side keeps past
// its last use (a dead local, a field of the op frame) splits states the other side merges, and
// the count tells. Compared on every example under every shipped variant, and on the scenarios
// where a stale value showed first (the work a listing's run called last; the node the built-in
// cancel-cas-fail-gives-up gave up on).
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Program, VARIANT_NAMES, Variant } from '../../src/core';
import { fastPath } from '../../src/core/listingFast';
import { variantOfListing } from '../../src/model';
import { exploreSync } from '../../src/explore';
import { compile } from '../unit/helpers';

const LISTINGS = new Map<string, Variant>();
function listingOf(name: string): Variant {
  let v = LISTINGS.get(name);
  if (!v) {
    const file = `listings/${name}.c`;
    v = variantOfListing(name, file, readFileSync(file, 'utf8')).variant;
    assert.ok(v, `${file} compiles`);
    LISTINGS.set(name, v);
  }
  return v;
}

/** The stateful explorer's counts under the name and under its listing, side by side. */
function counts(program: Program, name: string): { name: string; listing: string } {
  const text = (r: { states: number; executions: number; violations: readonly { kind: string }[] }): string =>
    `${r.states} states, ${r.executions} executions, ${r.violations.map((x) => x.kind).join(' ') || 'no violation'}`;
  return {
    name: text(exploreSync(program, { variant: name, strategy: 'stateful' })),
    listing: text(exploreSync(program, { variant: listingOf(name), strategy: 'stateful' })),
  };
}

const ADDERS = (n: number): string => [
  'task T;',
  ...Array.from({ length: n }, (_, i) => `work W${i} = f;`),
  'callback f(cb) { }',
  ...Array.from({ length: n }, (_, i) => `thread adder${i} { task_work_add(T, W${i}, TWA_RESUME); }`),
  'thread owner current(T) { task_work_run(); }',
].join('\n');

describe('explore: a shipped listing counts the states of its name', () => {
  const files = readdirSync('examples').filter((f) => f.endsWith('.tw')).sort();

  it('on every example under every shipped variant', function () {
    this.timeout(300000);
    const differ: string[] = [];
    for (const file of files) {
      const program = compile(readFileSync(join('examples', file), 'utf8'), join('examples', file));
      for (const v of VARIANT_NAMES) {
        const c = counts(program, v);
        if (c.name !== c.listing) differ.push(`${file} under ${v}: name ${c.name}; listing ${c.listing}`);
      }
    }
    assert.deepEqual(differ, []);
  });

  it('two adders and the owner: 525 states either way, also on the generic interpreter', () => {
    const program = compile(ADDERS(2), 'adders.tw');
    const want = { name: '525 states, 7 executions, no violation', listing: '525 states, 7 executions, no violation' };
    assert.deepEqual(counts(program, 'mainline'), want);
    const was = fastPath.enabled;
    fastPath.enabled = false;
    try {
      assert.deepEqual(counts(program, 'mainline'), want);
    } finally {
      fastPath.enabled = was;
    }
  });

  it('a run after its callbacks returned holds no work on its op frame', () => {
    // The work a run called last is no state: two runs that called their works in either order are one.
    const program = compile(ADDERS(3), 'adders.tw');
    const c = counts(program, 'mainline');
    assert.equal(c.listing, c.name);
    assert.match(c.name, /^12253 states/);
  });
});
