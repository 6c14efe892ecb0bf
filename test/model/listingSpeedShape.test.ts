// The shortcuts that make a listing variant as cheap to explore as the step functions were, held to
// their references: a footprint found by following the step's local code equals the one a dry run of
// the step records (every shipped and historical listing, random schedules), and clearing dead
// temporaries leaves exactly the states the built-in variants have (no stale value splits a state).
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { StateMemory, cloneState, seededRandom, stepAccesses, dryRunAccesses, Machine, VARIANT_NAMES } from '../../src/core';
import { compileListing, variantOfListing, HISTORY_NAMES, historyListing, Listing } from '../../src/model';
import { exploreSync } from '../../src/explore';
import { compile } from '../unit/helpers';
import { Driver, SCENARIOS, supports } from './driver';

function listings(): { name: string; listing: Listing }[] {
  const shipped = VARIANT_NAMES.map((n) => ({ name: n, file: `listings/${n}.c`, text: readFileSync(`listings/${n}.c`, 'utf8') }));
  const history = HISTORY_NAMES.map((n) => ({ name: n, ...(historyListing(n) as { file: string; text: string }) }));
  return [...shipped, ...history].map(({ name, file, text }) => {
    const r = compileListing(file, text);
    assert.ok(r.listing, `${file} compiles`);
    return { name, listing: r.listing };
  });
}

describe('model: listing footprints and dead temporaries', () => {
  it('the footprint walk gives what a dry run of the step records, on every listing and op-only scenario', function () {
    this.timeout(60000);
    let compared = 0;
    for (const { name, listing } of listings()) {
      for (const sc of SCENARIOS) {
        if (!supports(listing, sc)) continue;
        const start = new Machine(compile(sc.tw), 'mainline').init().state;
        for (let seed = 1; seed <= 20; seed++) {
          const rnd = seededRandom(seed);
          const d = new Driver(listing, sc, new StateMemory(cloneState(start)));
          for (let n = 0; n < 200; n++) {
            for (let t = 0; t < d.threads.length; t++) {
              const th = d.threads[t]?.th;
              if (!th || th.done) continue;
              assert.deepEqual(stepAccesses(listing, th, t, d.mem, d.host), dryRunAccesses(listing, th, t, d.mem, d.host), `${name}, ${sc.name}, seed ${seed}, step ${n}, thread ${t}`);
              compared++;
            }
            const en = d.threads.map((_, t) => t).filter((t) => d.canMove(t));
            if (en.length === 0) break;
            d.step(en[Math.floor(rnd() * en.length)] ?? 0);
          }
        }
      }
    }
    assert.ok(compared > 10000, `${compared} footprints compared`);
  });

  it('a shipped listing explores exactly the states its built-in variant does, on every example', function () {
    this.timeout(120000);
    for (const file of readdirSync('examples').filter((f) => f.endsWith('.tw')).sort()) {
      const program = compile(readFileSync(join('examples', file), 'utf8'), join('examples', file));
      for (const v of ['mainline', 'no-run-lock-pair', 'cancel-without-lock']) {
        const lv = variantOfListing(v, `listings/${v}.c`, readFileSync(`listings/${v}.c`, 'utf8')).variant;
        assert.ok(lv);
        const want = exploreSync(program, { variant: v, symmetry: false });
        const got = exploreSync(program, { variant: lv });
        assert.equal(got.states, want.states, `${file} under ${v}`);
      }
    }
  });
});
