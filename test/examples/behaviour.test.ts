// Behaviour goldens: for every example, every variant and every named schedule (plus a seeded set
// of random schedules) the full trace, final state and violations; and the explorer's verdicts and
// outcome sets. They pin what the model does, so a change of how it is executed shows every change
// of behaviour (TW_UPDATE_GOLDEN=1 rewrites them; explain each difference in the commit).
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Program, VARIANT_NAMES } from '../../src/core';
import { matchGolden } from '../golden';
import { exploreText } from './exploreText';
import { variantTraces } from './traceText';
import { compile } from '../unit/helpers';

const files = readdirSync('examples').filter((f) => f.endsWith('.tw')).sort();

function tracesOf(program: Program): string {
  return `${VARIANT_NAMES.flatMap((variant) => variantTraces(program, variant)).join('\n')}\n`;
}

describe('behaviour goldens', () => {
  for (const file of files) {
    const program = compile(readFileSync(join('examples', file), 'utf8'), join('examples', file));
    const base = file.replace(/\.tw$/, '');
    it(`${file}: traces of every variant x named and seeded random schedule`, () => {
      matchGolden(join('test/examples/golden', `${base}.traces.txt`), tracesOf(program));
    });
    it(`${file}: explorer verdicts and outcome sets`, function () {
      this.timeout(30000);
      matchGolden(join('test/examples/golden', `${base}.explore.txt`), exploreText(file, program));
    });
  }
});
