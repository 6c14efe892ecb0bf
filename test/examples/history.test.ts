// The races of history (examples/history/*.tw): each names in its header the commit or release
// that introduced or fixed it, declares a verdict per version, and its named witness schedules
// reproduce each declared violation on the versions that had it; the explorer proves the verdicts
// over all interleavings (the fixed versions: none), and its report is pinned by a golden.
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Machine, run, Program } from '../../src/core';
import { compileSource, formatDiagnostic } from '../../src/lang';
import { exploreSync, checkExpectations, parsePins, splitWitness, ExploreResult } from '../../src/explore';
import { exploreLkmm } from '../../src/explore/lkmmSearch';
import { HISTORY_VARIANTS, variantByName, listingVariantFor } from '../../src/model';
import { matchGolden } from '../golden';
import { exploreText } from './exploreText';
import { threadsOf } from '../unit/helpers';

const DIR = join('examples', 'history');
const files = readdirSync(DIR).filter((f) => f.endsWith('.tw')).sort();

function compile(file: string): { text: string; program: Program } {
  const text = readFileSync(join(DIR, file), 'utf8');
  const { program, diagnostics } = compileSource(join(DIR, file), text, { releases: HISTORY_VARIANTS });
  if (!program) throw new Error(diagnostics.map((d) => formatDiagnostic(file, d)).join('\n'));
  return { text, program };
}

/** The explorer's verdict under the file's memory model (the LKMM search for `memory lkmm;`). */
function exploreAs(program: Program, variant: string): ExploreResult {
  if (program.memory !== 'lkmm') return exploreSync(program, { variant: variantByName(variant) });
  const g = exploreLkmm(program, { variant: variantByName(variant) }, {});
  for (;;) { const r = g.next(); if (r.done) return r.value; }
}

/** A named witness under the file's memory model: under the LKMM with its reads after '|' (the pins). */
function replay(program: Program, variant: string, text: string): ReturnType<typeof run> {
  if (program.memory !== 'lkmm') return run(new Machine(program, variantByName(variant), { maxSteps: 500 }), { prefix: threadsOf(program, text) });
  const w = splitWitness(text);
  const pins = w.pins ? parsePins(program, w.pins) : [];
  if (typeof pins === 'string') throw new Error(pins);
  const v = listingVariantFor(variantByName(variant)).variant;
  return run(new Machine(program, v, { maxSteps: 500 }, 'lkmm'), { prefix: threadsOf(program, w.schedule), pins });
}

describe('examples/history: the races of history', () => {
  it('there are at least four, one of them per side of the 4.3 reversal', () => {
    assert.ok(files.length >= 4, files.join(', '));
  });

  for (const file of files) {
    describe(file, () => {
      const { text, program } = compile(file);

      it('its header names the commit or release, and it declares verdicts on two versions or more and a witness', () => {
        const header = text.split('\n').filter((l) => l.startsWith('//')).join('\n');
        assert.match(header, /\b[0-9a-f]{12}\b|\bv\d+\.\d+\b/, 'a commit or a release in the header');
        assert.ok(program.expectations.length >= 2, 'a verdict per version');
        assert.ok(program.schedules.length > 0, 'a named schedule');
      });

      for (const exp of program.expectations) {
        it(`${exp.variant}: the named schedules show only ${exp.kinds.join(', ') || 'no violation'}${exp.kinds.length ? ', and reproduce it' : ''}`, () => {
          let shown = false;
          for (const s of program.schedules) {
            const r = replay(program, exp.variant, s.text);
            const kinds = [...new Set(r.state.violations.map((v) => v.kind))];
            for (const k of kinds) assert.ok(exp.kinds.includes(k), `'${s.name}' shows ${k} under ${exp.variant}`);
            shown ||= kinds.length > 0;
          }
          if (exp.kinds.length) assert.ok(shown, `no named schedule reproduces it under ${exp.variant}`);
        });
      }

      it('the explorer proves every verdict (absent from the versions that fixed it), as the golden records', function () {
        this.timeout(30000);
        const results = new Map(program.expectations.map((e) => [e.variant, exploreAs(program, e.variant)]));
        for (const v of checkExpectations(program, results)) assert.equal(v.status, 'pass', v.message);
        const declared = program.expectations.map((e) => e.variant);
        matchGolden(join('test/examples/golden/history', file.replace(/\.tw$/, '.explore.txt')), exploreText(file, program, variantByName, declared, (v) => results.get(v) ?? exploreAs(program, v)));
      });
    });
  }
});
