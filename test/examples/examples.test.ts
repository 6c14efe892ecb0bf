// Every example compiles, declares its verdict, and its named witness schedules do what the file
// says: on each declared variant they show only declared kinds, and on at least one broken
// variant they reproduce the race. (The explorer's tests check the verdicts over all interleavings.)
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Machine, run } from '../../src/core';
import { compile, threadsOf } from '../unit/helpers';

const files = readdirSync('examples').filter((f) => f.endsWith('.tw')).sort();

describe('examples', () => {
  it('there are the eleven model scenarios and at least two real callers', () => {
    for (let i = 1; i <= 11; i++) assert.ok(files.some((f) => f.startsWith(`s${String(i).padStart(2, '0')}-`)), `S${i}`);
    assert.ok(files.filter((f) => f.startsWith('caller-')).length >= 2);
  });

  for (const file of files) {
    describe(file, () => {
      const text = readFileSync(join('examples', file), 'utf8');
      const program = compile(text, join('examples', file));

      it('opens with a comment for the reader and declares its verdict and a witness', () => {
        assert.match(text, /^\/\/ /);
        assert.ok(program.expectations.length > 0, 'an expect line');
        assert.ok(program.schedules.length > 0, 'a named schedule');
      });

      for (const sched of program.schedules) {
        it(`witness '${sched.name}' shows only declared kinds and reproduces the race`, () => {
          const prefix = threadsOf(program, sched.text);
          let reproduced = false;
          for (const exp of program.expectations) {
            const r = run(new Machine(program, exp.variant, { maxSteps: 500 }), { prefix });
            const got = [...new Set(r.state.violations.map((v) => v.kind))];
            for (const k of got) assert.ok(exp.kinds.includes(k), `${exp.variant}: '${k}' is not declared (declared: ${exp.kinds.join(', ') || 'ok'})`);
            if (got.length > 0) reproduced = true;
          }
          assert.ok(reproduced, 'the witness shows a declared violation on some variant');
        });
      }
    });
  }
});
