// The explorer's report of an example, as the behaviour goldens record it (shared with the test
// that runs the shipped listings as variants against the same goldens).
import { Program, Variant, VARIANT_NAMES } from '../../src/core';
import { exploreSync, ExploreResult } from '../../src/explore';

/** S4's double add livelocks under every variant alike; exploring it once keeps the suite quick. */
const EXPLORE_ONLY_DECLARED = new Set(['s04-double-add.tw']);

/** The explorer's report of every variant (or `only` these); `asVariant` may run a variant some other way (as its listing). */
export function exploreText(file: string, program: Program, asVariant: (name: string) => string | Variant = (v) => v,
  only?: readonly string[], exploreOne: (variant: string) => ExploreResult = (v) => exploreSync(program, { variant: asVariant(v) })): string {
  const variants = only ?? (EXPLORE_ONLY_DECLARED.has(file) ? program.expectations.map((e) => e.variant) : VARIANT_NAMES);
  const out: string[] = [];
  for (const variant of variants) {
    const r = exploreOne(variant);
    out.push(`== ${variant}: ${r.complete ? 'complete' : `incomplete (${r.stopped ?? '?'})`}, ${r.outcomes.length} outcome(s)`);
    for (const v of r.violations) {
      out.push(`  ${v.kind}: ${v.schedule} (${v.steps} steps, ${v.preemptions} preemptions${v.minimal ? ', minimal' : ''})`,
        `    ${v.message}`, `    race: ${v.explanation}`, `    outcome: ${v.outcome}`);
    }
    for (const o of r.outcomes) out.push(`  outcome ${o}`);
  }
  return `${out.join('\n')}\n`;
}

