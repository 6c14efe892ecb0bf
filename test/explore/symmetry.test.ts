// Thread symmetry (tw explore --symmetry): which threads count as alike, and that exploring alike
// threads once up to permutation finds the same violation kinds as the full search, on every
// example and on scenarios built to have alike threads, under every variant.
import assert from 'node:assert/strict';
import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Program, VARIANT_NAMES } from '../../src/core';
import { exploreSync } from '../../src/explore';
import { symmetryOf } from '../../src/explore/symmetry';
import { StatefulStrategy } from '../../src/explore/stateful';
import { familyOf, familyTw } from '../../bench/family';
import { compile } from '../unit/helpers';
import { variantOfListing } from '../../src/model';
import { Variant } from '../../src/core';
import { tw } from '../cli/harness';

/** Two adders each adding its own work twice: double-add and a list cycle, found by either twin. */
const TWINS = `
task T;
work W1 = f;
work W2 = f;
callback f(cb) { }
thread a1 { task_work_add(T, W1, TWA_RESUME); task_work_add(T, W1, TWA_RESUME); }
thread a2 { task_work_add(T, W2, TWA_RESUME); task_work_add(T, W2, TWA_RESUME); }
`;

/** Two adders and a canceller racing the owner over self-freeing works. */
const ADDERS = `
task T;
work Q = release;
work N1 = release;
work N2 = release;
callback release(cb) { free(cb); }
setup { task_work_add(T, Q, TWA_RESUME); }
thread canceller { if (task_work_cancel(T, Q)) free(Q); }
thread adder1 { let r = task_work_add(T, N1, TWA_RESUME); }
thread adder2 { let r = task_work_add(T, N2, TWA_RESUME); }
thread owner current(T) { task_work_run(); }
`;

/** A shipped listing given as a file (the form a user's own listing takes). */
function fileVariant(name: string): Variant {
  const file = `listings/${name}.c`;
  const v = variantOfListing(file, file, readFileSync(file, 'utf8')).variant;
  assert.ok(v, file);
  return v;
}

function kinds(p: Program, variant: string | Variant, symmetry: boolean): string {
  const r = exploreSync(p, { variant, symmetry, maxStates: 5_000_000 });
  assert.equal(r.complete, true, `${variant}: incomplete`);
  if (symmetry) for (const v of r.violations) assert.ok(v.path.length > 0 || v.steps === 0);
  return r.violations.map((v) => v.kind).join(', ');
}

function sameVerdicts(p: Program, variants: readonly (string | Variant)[]): void {
  for (const variant of variants) assert.equal(kinds(p, variant, true), kinds(p, variant, false), typeof variant === 'string' ? variant : variant.name);
}

describe('explore: thread symmetry', () => {
  it('finds alike threads: same code on works only they name', () => {
    assert.deepEqual(symmetryOf(compile(familyTw(familyOf(5))))?.classes, [['canceller1', 'canceller2'], ['adder1', 'adder2']]);
    assert.deepEqual(symmetryOf(compile(ADDERS))?.classes, [['adder1', 'adder2']]);
    assert.equal(symmetryOf(compile(familyTw(familyOf(3)))), undefined);
  });

  it('keeps out threads whose works another part of the scenario names, or that compute with values', () => {
    const named = ADDERS.replace('thread owner', 'final { assert(runs(N1) <= 1); }\nthread owner');
    assert.equal(symmetryOf(compile(named)), undefined);
    const shared = ADDERS.replace('let r = task_work_add(T, N2, TWA_RESUME);', 'let r = task_work_add(T, N2, TWA_RESUME); free(N1);');
    assert.equal(symmetryOf(compile(shared)), undefined);
    const sums = ADDERS.replace(/let r = (task_work_add\(T, N\d, TWA_RESUME\));/g, 'let r = $1 + 1;');
    assert.equal(symmetryOf(compile(sums)), undefined);
    const otherFunc = ADDERS.replace('work N2 = release;', 'work N2 = other;').replace('callback release', 'callback other(cb) { free(cb); }\ncallback release');
    assert.equal(symmetryOf(compile(otherFunc)), undefined);
  });

  it('finds the same violation kinds with and without it on every example, every variant', function () {
    this.timeout(300000);
    for (const f of readdirSync('examples').filter((x) => x.endsWith('.tw') && x !== 's04-double-add.tw')) {
      const p = compile(readFileSync(join('examples', f), 'utf8'), f);
      sameVerdicts(p, VARIANT_NAMES);
    }
  });

  it('finds the same violation kinds with and without it where threads are alike, every variant', function () {
    this.timeout(300000);
    sameVerdicts(compile(TWINS), VARIANT_NAMES);
    sameVerdicts(compile(ADDERS), ['mainline', 'no-run-lock-pair', 'cancel-without-lock', 'next-after-call', 'store-detach']);
    sameVerdicts(compile(familyTw(familyOf(4))), ['no-run-lock-pair']);
  });

  it('the candidates it tries are a canonical form: as many states as with the whole group', function () {
    this.timeout(120000);
    for (const p of [compile(ADDERS), compile(familyTw(familyOf(4)))]) {
      const fast = exploreSync(p, { symmetry: true, variant: 'no-run-lock-pair' });
      StatefulStrategy.wholeGroup = true;
      const whole = exploreSync(p, { symmetry: true, variant: 'no-run-lock-pair' });
      StatefulStrategy.wholeGroup = false;
      assert.equal(fast.states, whole.states);
      assert.deepEqual(fast.violations.map((v) => v.kind), whole.violations.map((v) => v.kind));
    }
  });

  it('works with a listing given as a file: its pointer slots are renamed with the heap', function () {
    this.timeout(300000);
    const listings = VARIANT_NAMES.map(fileVariant);
    sameVerdicts(compile(TWINS), listings);
    const adders = compile(ADDERS);
    sameVerdicts(adders, listings.filter((v) => ['mainline', 'no-run-lock-pair', 'cancel-without-lock'].some((n) => v.name.includes(n))));
    const v = fileVariant('no-run-lock-pair');
    const full = exploreSync(adders, { variant: v });
    const sym = exploreSync(adders, { variant: v, symmetry: true });
    assert.deepEqual(sym.symmetry, [['adder1', 'adder2']]);
    assert.ok(sym.states < full.states * 0.7, `${sym.states} vs ${full.states}`);
    StatefulStrategy.wholeGroup = true;
    const whole = exploreSync(adders, { variant: v, symmetry: true });
    StatefulStrategy.wholeGroup = false;
    assert.equal(sym.states, whole.states);
  });

  it('explores fewer states where it applies, and says so; refused with a bound or another strategy', async () => {
    const p = compile(ADDERS);
    const full = exploreSync(p, {});
    const sym = exploreSync(p, { symmetry: true });
    assert.ok(sym.states < full.states * 0.7, `${sym.states} vs ${full.states}`);
    assert.deepEqual(sym.symmetry, [['adder1', 'adder2']]);
    const dir = mkdtempSync(join(tmpdir(), 'tw-sym-'));
    const file = join(dir, 'adders.tw');
    writeFileSync(file, ADDERS);
    const r = await tw('explore', file, '--symmetry');
    assert.match(r.out, /symmetry under mainline: adder1 ~ adder2 explored once up to permutation/);
    const bad = await tw('explore', file, '--symmetry', '--strategy', 'dpor');
    assert.equal(bad.code, 2);
    assert.match(bad.err, /symmetry: only with the stateful strategy/);
    assert.doesNotMatch(bad.err, /at .*\.ts:\d+/);
  });
});
