// The shortcuts that make a listing variant as cheap to explore as the step functions were, held to
// their references: a footprint found by following the step's local code equals the one a dry run of
// the step records (every shipped and historical listing, random schedules), and clearing dead
// temporaries leaves exactly the states the built-in variants have (no stale value splits a state);
// the wait flag canMove reads (Frame.wait, Frame.lock) agrees with the call stack's own lock check.
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { StateMemory, cloneState, seededRandom, stepAccesses, dryRunAccesses, Machine, VARIANT_NAMES, canStep, nextInstr } from '../../src/core';
import { fastPath } from '../../src/core/listingFast';
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

describe('model: the wait flag of a listing call', () => {
  /** Every example under each shipped listing, random schedules: after every step, each op frame's wait flag and lock against its call stack. */
  function check(fast: boolean): { held: number; waits: number } {
    const was = fastPath.enabled;
    fastPath.enabled = fast;
    let held = 0, waits = 0;
    try {
      for (const file of readdirSync('examples').filter((f) => f.endsWith('.tw')).sort()) {
        const program = compile(readFileSync(join('examples', file), 'utf8'), join('examples', file));
        for (const v of ['mainline', 'no-run-lock-pair', 'cancel-without-lock']) {
          const lv = variantOfListing(v, `listings/${v}.c`, readFileSync(`listings/${v}.c`, 'utf8')).variant;
          const listing = lv?.listing;
          assert.ok(lv && listing);
          const m = new Machine(program, lv);
          for (let seed = 1; seed <= 10; seed++) {
            const rnd = seededRandom(seed);
            const s = m.init().state;
            for (let n = 0; n < 300 && !s.finished; n++) {
              for (let t = 0; t < s.threads.length; t++) {
                const th = s.threads[t];
                const f = th && !th.done ? th.frames[th.frames.length - 1] : undefined;
                if (!f || f.kind !== 'op' || !f.m || f.m.done) continue;
                const i = nextInstr(listing, f.m);
                const top = f.m.frames[f.m.frames.length - 1];
                const wait = i !== undefined && (i.op === 'lock' || i.op === 'unlockWait');
                const where = `${file} under ${v}, seed ${seed}, step ${n}, thread ${t}`;
                assert.equal(f.wait, wait, `${where}: wait`);
                if (wait && i && top) { assert.equal(f.lock, i.addr(top.slots), `${where}: lock`); waits++; }
                const can = canStep(listing, f.m, new StateMemory(s));
                assert.equal(m.canMove(s, t), can, `${where}: canMove`);
                if (!can) held++;
              }
              const en = m.enabled(s);
              if (en.length === 0) break;
              m.step(s, en[Math.floor(rnd() * en.length)] ?? 0);
            }
          }
        }
      }
    } finally {
      fastPath.enabled = was;
    }
    return { held, waits };
  }

  it('says whether the next step may wait and for which lock, after every step (generated code and generic interpreter)', function () {
    this.timeout(120000);
    for (const fast of [true, false]) {
      const { held, waits } = check(fast);
      assert.ok(waits > 100 && held > 10, `${fast ? 'generated' : 'generic'}: ${waits} steps at a lock seen, ${held} of them held`);
    }
  });
});
