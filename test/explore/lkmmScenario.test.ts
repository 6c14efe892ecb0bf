// Scenarios under the LKMM (memory lkmm): mainline clean on every example, each what-if listing
// showing a violation sequential consistency cannot show, and witnesses that replay.
import assert from 'node:assert/strict';
import { readFileSync, readdirSync } from 'node:fs';
import { compileSource } from '../../src/lang';
import { Machine, Program, run, Variant } from '../../src/core';
import { exploreSync, searchLkmm, parsePins, splitWitness } from '../../src/explore';
import type { ExploreResult } from '../../src/explore';
import { listingVariantFor, variantOfListing } from '../../src/model';

function program(file: string): Program {
  const r = compileSource(file, readFileSync(file, 'utf8'));
  assert.ok(r.program, `${file} compiles`);
  return r.program;
}

function lkmm(p: Program, v: Variant): ExploreResult {
  const g = searchLkmm(p, v, {}, () => undefined);
  for (;;) { const x = g.next(); if (x.done) return x.value; }
}

/** A listing run as a variant: a what-if under listings/whatif/, or a shipped one (`listings/NAME.c`). */
function whatIf(name: string, file = `listings/whatif/${name}.c`): Variant {
  const v = variantOfListing(name, file, readFileSync(file, 'utf8')).variant;
  assert.ok(v, `${file} compiles`);
  return v;
}

/** Replays `SCHEDULE | PINS` under the memory given; the violation kinds of the run. */
function replay(p: Program, v: Variant, witness: string, memory: 'sc' | 'lkmm'): string[] {
  const m = new Machine(p, v, {}, memory);
  const w = splitWitness(witness);
  const names = w.schedule.split(/\s+/).flatMap((tok) => { const [n, k] = tok.split('*'); return Array<string>(Number(k ?? 1)).fill(n ?? ''); });
  const prefix = names.map((n) => p.threads.findIndex((t) => t.name === n));
  const pins = memory === 'lkmm' ? parsePins(p, w.pins) : [];
  assert.ok(Array.isArray(pins), String(pins));
  return run(m, { prefix, pins }).state.violations.map((x) => x.kind);
}

const mainline = listingVariantFor('mainline').variant as Variant;

describe('memory lkmm: scenarios', function () {
  this.timeout(120000);
  // s04 is a livelock by design (its violations are the example's point, under SC already).
  const examples = readdirSync('examples').filter((f) => f.endsWith('.tw') && !f.startsWith('s04-')).sort();
  for (const f of examples) {
    it(`mainline under lkmm on ${f}: no violation sequential consistency does not have`, () => {
      const p = program(`examples/${f}`);
      const sc = exploreSync(p, { variant: mainline }).violations.map((v) => v.kind);
      const weak = lkmm(p, mainline);
      assert.equal(weak.complete, true);
      assert.deepEqual(weak.violations.map((v) => v.kind), sc);
    });
  }

  it('s04 (a double add: a livelock under sc too) is bounded under lkmm: sc\'s violations and the data race of the two adders\' links, reported incomplete', () => {
    const p = program('examples/s04-double-add.tw');
    const sc = exploreSync(p, { variant: mainline, maxSteps: 40 }).violations.map((v) => v.kind);
    const g = searchLkmm(p, mainline, { maxSteps: 40, maxStates: 1000 }, () => undefined);
    let x = g.next();
    while (!x.done) x = g.next();
    const weak = x.value;
    assert.equal(weak.complete, false);
    assert.equal(weak.stopped, 'max-states');
    assert.deepEqual(weak.violations.map((v) => v.kind).filter((k) => k !== 'data-race'), sc);
    const race = weak.violations.find((v) => v.kind === 'data-race');
    assert.match(race?.message ?? '', /data race on A\.next: adder1's plain write at add\.link and adder2's plain write at add\.link/);
  });

  const cases: [string, string, string][] = [
    ['relaxed-push', 's02-exit-vs-add.tw', 'data-race'],
    ['relaxed-push', 's11-lost-wakeup.tw', 'lost-work'],
    ['plain-cancel-walk', 's01-cancel-vs-run.tw', 'data-race'],
    ['plain-cancel-walk', 's07-cancel-vs-add-head.tw', 'assertion'],
  ];
  for (const [name, f, kind] of cases) {
    it(`what-if ${name} on ${f}: ${kind} under lkmm, none under sc; the witness replays`, () => {
      const p = program(`examples/${f}`);
      const v = whatIf(name);
      assert.deepEqual(exploreSync(p, { variant: v }).violations.map((x) => x.kind), []);
      const found = lkmm(p, v).violations.find((x) => x.kind === kind);
      assert.ok(found, `${kind} found under lkmm`);
      assert.ok(replay(p, v, found.schedule, 'lkmm').includes(kind), `the witness ${found.schedule} replays`);
    });
  }

  it('no-run-lock-pair on S1: a stale read of B->next frees A under lkmm on a schedule that is clean under sc', () => {
    const p = program('examples/s01-cancel-vs-run.tw');
    const v = whatIf('no-run-lock-pair', 'listings/no-run-lock-pair.c');
    const uaf = lkmm(p, v).violations.find((x) => x.kind === 'use-after-free');
    assert.ok(uaf);
    assert.match(uaf.schedule, /\| owner@run\.next<-init$/);
    assert.match(uaf.explanation, /owner's run\.next load of B\.next read the initial write, not canceller's cancel\.cas/);
    assert.deepEqual(replay(p, v, uaf.schedule, 'sc'), []);
    assert.ok(replay(p, v, uaf.schedule, 'lkmm').includes('use-after-free'));
  });

  it('the mainline pair orders the canceller\'s unlink: the same pin is refused and the run reads the newest write', () => {
    const p = program('examples/s01-cancel-vs-run.tw');
    assert.deepEqual(replay(p, mainline, 'canceller*9 owner*11 | owner@run.next<-init', 'lkmm'), []);
  });

  it('counts each consistent graph once: S5 has one execution', () => {
    const r = lkmm(program('examples/s05-callback-frees-self.tw'), mainline);
    assert.equal(r.executions, 1);
  });
});
