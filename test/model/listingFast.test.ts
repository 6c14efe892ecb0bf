// The generated code of a listing (src/core/listingFast.ts) against the generic interpreter
// (src/core/interp.ts): on every example and every shipped and historical listing, two machines,
// one per engine, walk the same seeded random schedules in lockstep and must agree on everything
// the explorer sees (enabled threads, footprints, step events, the whole state after each step);
// and an exhaustive explore of the small examples gives the same result either way.
import assert from 'node:assert/strict';
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { Machine, Program, Variant, seededRandom, State } from '../../src/core';
import { fastPath } from '../../src/core/listingFast';
import { variantOfListing } from '../../src/model';
import { compileSource } from '../../src/lang';
import { exploreSync } from '../../src/explore';

function listings(): { file: string; variant: Variant }[] {
  const out: { file: string; variant: Variant }[] = [];
  for (const dir of ['listings', 'listings/history']) {
    for (const f of readdirSync(dir).filter((x) => x.endsWith('.c')).sort()) {
      const file = join(dir, f);
      const v = variantOfListing(f.replace(/\.c$/, ''), file, readFileSync(file, 'utf8')).variant;
      if (v) out.push({ file, variant: v });
    }
  }
  return out;
}

function examples(): { name: string; program: Program }[] {
  const out: { name: string; program: Program }[] = [];
  for (const dir of ['examples', 'examples/history']) {
    for (const f of readdirSync(dir).filter((x) => x.endsWith('.tw')).sort()) {
      const { program } = compileSource(join(dir, f), readFileSync(join(dir, f), 'utf8'));
      if (program) out.push({ name: join(dir, f), program });
    }
  }
  return out;
}

/** A machine whose listing runs on the generated code (fast) or on the generic interpreter. */
function machine(program: Program, variant: Variant, fast: boolean): Machine | string {
  const was = fastPath.enabled;
  fastPath.enabled = fast;
  try {
    return new Machine(program, variant, { maxSteps: 300 });
  } catch (e) {
    return String(e);
  } finally {
    fastPath.enabled = was;
  }
}

/** What a state is, in full (the step counter and the listing's call stacks included). */
function text(s: State): string { return JSON.stringify(s); }

/** Steps both engines in lockstep (see below); returns the generated code's final state. */
function lockstep(program: Program, variant: Variant, seed: number, where: string): State | undefined {
  const a = machine(program, variant, true);
  const b = machine(program, variant, false);
  if (typeof a === 'string' || typeof b === 'string') { assert.equal(a, b, `${where}: construction`); return undefined; }
  const sa = a.init().state;
  const sb = b.init().state;
  assert.equal(text(sa), text(sb), `${where}: initial state`);
  const rnd = seededRandom(seed);
  for (let n = 0; n < 300 && !sa.finished; n++) {
    const en: number[] = a.enabled(sa);
    assert.deepEqual(en, b.enabled(sb), `${where} step ${n}: enabled threads`);
    if (!en.length) break;
    for (const t of en) assert.deepEqual(a.footprint(sa, t), b.footprint(sb, t), `${where} step ${n}: footprint of thread ${t}`);
    const t = en[Math.floor(rnd() * en.length)] ?? 0;
    assert.deepEqual(a.step(sa, t), b.step(sb, t), `${where} step ${n}: thread ${t}'s step`);
    assert.equal(text(sa), text(sb), `${where} step ${n}: state after thread ${t}'s step`);
  }
  return sa;
}

describe('listing fast path: the generated code against the generic interpreter', function () {
  this.timeout(600000);
  const ls = listings();
  const ex = examples();

  it('finds the listings and examples', () => {
    assert.ok(ls.length >= 20, `${ls.length} listings`);
    assert.ok(ex.length >= 14, `${ex.length} examples`);
  });

  it('agrees step by step on every example under every listing (seeded random schedules)', () => {
    for (const { file, variant } of ls) {
      for (const { name, program } of ex) {
        for (const seed of [1, 2, 3]) lockstep(program, variant, seed, `${name} under ${file}, seed ${seed}`);
      }
    }
  });

  it('stops a runaway local loop where the generic interpreter does (a step\'s own code counts its instructions when it is generated)', () => {
    // task_work_run spins on a local condition right after run.load: the step folds local
    // instructions until settle's bound, and where it stops (the frame's pc, its label) depends on
    // the exact count the step's own code hands over to the function's code.
    const text = readFileSync('listings/mainline.c', 'utf8').replace(/(\n\s*work = READ_ONCE\(task->task_works\);\s*\/\/ run\.load)/, '$1\n    while (work == work) { }');
    assert.notEqual(text, readFileSync('listings/mainline.c', 'utf8'));
    const v = variantOfListing('spin.c', 'spin.c', text).variant;
    assert.ok(v, 'the spinning listing compiles');
    let ran = 0;
    for (const { name, program } of ex.filter((e) => /s0[125]/.test(e.name))) {
      for (const seed of [1, 2, 3]) {
        const s = lockstep(program, v, seed, `${name} under spin.c, seed ${seed}`);
        if (s?.violations.some((x) => x.kind === 'step-limit' && /ran without a shared access/.test(x.message))) ran++;
      }
    }
    assert.ok(ran >= 3, `${ran} runs ran away`);
  });

  it('explores the small examples to the same result under mainline and no-run-lock-pair', () => {
    const small = ex.filter((e) => /s0[125789]|s1[01]/.test(e.name));
    assert.ok(small.length >= 8);
    for (const { file, variant } of ls.filter((l) => /\/(mainline|no-run-lock-pair)\.c$/.test(l.file))) {
      for (const { name, program } of small) {
        const run = (fast: boolean): unknown => {
          const was = fastPath.enabled;
          fastPath.enabled = fast;
          try { return { ...exploreSync(program, { variant }), timeMs: 0 }; } finally { fastPath.enabled = was; }
        };
        assert.deepEqual(run(true), run(false), `${name} under ${file}`);
      }
    }
  });
});
