// The minimiser's transition cache (minimize.ts: a step known to reach a state already reached at
// no lower cost is not taken) must change nothing: every minimal schedule, its preemptions and the
// explanation stay the same, under the built-in step functions and under listings, with a step
// limit that cuts executions too.
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Program, Variant, VARIANT_NAMES } from '../../src/core';
import { ExploreResult, exploreSync } from '../../src/explore';
import { minimizeOptions } from '../../src/explore/minimize';
import { HISTORY_VARIANTS, variantByName, variantOfListing } from '../../src/model';
import { compileSource, formatDiagnostic } from '../../src/lang';
import { CHURN, compile } from './helpers';

function explore(p: Program, variant: string | Variant, cache: boolean, maxSteps?: number): ExploreResult {
  minimizeOptions.transitionCache = cache;
  try {
    return exploreSync(p, { variant, ...(maxSteps ? { maxSteps } : {}) });
  } finally {
    minimizeOptions.transitionCache = true;
  }
}

/** The violations as the report shows them: kind, schedule, preemptions, minimal or not, explanation. */
function found(r: ExploreResult): string {
  return r.violations.map((v) => `${v.kind}: ${v.schedule} (${v.preemptions} preemptions, minimal ${String(v.minimal)}) ${v.explanation}`).join('\n');
}

const programs = (dir: string): { f: string; p: Program }[] => readdirSync(dir).filter((x) => x.endsWith('.tw')).map((f) => {
  const r = compileSource(f, readFileSync(join(dir, f), 'utf8'), { releases: HISTORY_VARIANTS });
  if (!r.program) throw new Error(r.diagnostics.map((d) => formatDiagnostic(f, d)).join('\n'));
  return { f, p: r.program };
}).filter(({ p }) => p.memory !== 'lkmm');

const listing = (name: string): Variant => {
  const file = `listings/${name}.c`;
  const v = variantOfListing(name, file, readFileSync(file, 'utf8')).variant;
  if (!v) throw new Error(`${file} does not compile`);
  return v;
};

describe('explore: the minimiser\'s transition cache', () => {
  it('changes no minimal schedule on any example, history example or variant, built in or listing', function () {
    this.timeout(600000);
    const variants: (string | Variant)[] = [...VARIANT_NAMES, listing('mainline'), listing('no-run-lock-pair'), listing('cancel-without-lock')];
    let violations = 0;
    for (const { f, p } of [...programs('examples'), ...programs('examples/history')]) {
      if (f === 's04-double-add.tw') continue; // a livelock under every variant: its step budget, not the minimiser (the next test has one)
      // A history example under the versions its verdicts name too (each a listing of its time).
      const own = p.expectations.filter((e) => e.memory === undefined).map((e) => variantByName(e.variant));
      for (const variant of [...variants, ...own]) {
        const taken = explore(p, variant, false);
        const cached = explore(p, variant, true);
        const name = typeof variant === 'string' ? variant : `${variant.name}.c`;
        assert.equal(found(cached), found(taken), `${f} under ${name}`);
        violations += taken.violations.length;
      }
    }
    assert.ok(violations > 50, `only ${violations} violations minimised: the comparison would prove little`);
  });

  it('nor where the step limit cuts executions and a livelock is reported', () => {
    const p = compile(CHURN, 'churn.tw');
    for (const variant of ['mainline', 'no-run-lock-pair', listing('mainline')]) {
      const taken = explore(p, variant, false, 60);
      const cached = explore(p, variant, true, 60);
      assert.ok(taken.violations.some((v) => v.kind === 'step-limit'));
      assert.equal(found(cached), found(taken));
    }
  });
});
