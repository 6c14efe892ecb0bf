// The listing is the model (traces and events): every shipped name, run through its listing given
// as a file (listings/NAME.c), annotates every step as the built-in step functions do: the same
// trace lines, and the same events (as `tw run --json` and the debugger see them), for every
// example, named schedule and seeded random schedule, line for line.
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Machine, Program, Variant, VARIANT_NAMES, run } from '../../src/core';
import { variantOfListing } from '../../src/model';
import { compile } from '../unit/helpers';
import { variantTraces, runPolicies } from './traceText';

function asFile(name: string): Variant {
  const file = `listings/${name}.c`;
  const r = variantOfListing(file, file, readFileSync(file, 'utf8'));
  assert.ok(r.variant, r.diagnostics.map((d) => d.message).join('\n'));
  return r.variant;
}

/** The lines that differ, each under the header of its run (at most `max` of them). */
export function differences(want: readonly string[], got: readonly string[], max = 12): string[] {
  const out: string[] = [];
  let header = '';
  let n = 0;
  for (let i = 0; i < Math.max(want.length, got.length); i++) {
    const w = want[i];
    if (w?.startsWith('== ')) header = w;
    if (w === got[i]) continue;
    n++;
    if (out.length < max * 3) out.push(header, `  built-in: ${w ?? '(none)'}`, `  listing:  ${got[i] ?? '(none)'}`);
  }
  if (n * 3 > out.length) out.push(`... ${n - out.length / 3} more`);
  return n ? [`${n} line(s) differ`, ...out] : [];
}

const files = readdirSync('examples').filter((f) => f.endsWith('.tw')).sort();

/**
 * Every example, every shipped name against its listing given as a file: `lines` of a run by name
 * and by listing must be the same, line for line.
 */
function sameByNameAndListing(what: string, lines: (program: Program, name: string, asVariant: string | Variant) => string[]): void {
  describe(`the listing is the model: ${what} by name and by listings/NAME.c are the same`, () => {
    const listings = new Map(VARIANT_NAMES.map((n) => [n, asFile(n)]));
    for (const file of files) {
      it(`${file}: every shipped variant x named and seeded random schedule`, function () {
        this.timeout(60000);
        const program = compile(readFileSync(join('examples', file), 'utf8'), join('examples', file));
        const bad: string[] = [];
        for (const name of VARIANT_NAMES) {
          const d = differences(lines(program, name, name), lines(program, name, listings.get(name) as Variant));
          if (d.length) bad.push(`${name}: ${d.join('\n')}`);
        }
        if (bad.length) assert.fail(bad.join('\n'));
      });
    }
  });
}

sameByNameAndListing('the traces (text)', variantTraces);

/**
 * Every step's event as `tw run --json` and the debugger see it (label, value, ok, return), for the
 * same runs as the trace text: the text leaves out the value of some steps (an unlock's), the
 * events do not.
 */
function eventLines(program: Program, asVariant: string | Variant): string[] {
  return runPolicies(program).flatMap((p) => {
    const r = run(new Machine(program, asVariant, { maxSteps: 500 }), { prefix: p.prefix, fill: p.fill });
    return [`== ${p.name}`, ...r.steps.map(({ event: e }) => `  ${e.thread} ${e.label} value=${e.value} ok=${e.ok} ret=${e.ret ?? '-'}`)];
  });
}

sameByNameAndListing('the events (label, value, ok, return)', (program, _name, asVariant) => eventLines(program, asVariant));
