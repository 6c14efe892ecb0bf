// Every example compiles, declares its verdict, and its named witness schedules do what the file
// says: on each declared variant they show only declared kinds, and each violation claim is shown
// by at least one of them. (tw explore checks the verdicts over all interleavings.)
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Machine, run } from '../../src/core';
import { exploreSync, checkExpectations } from '../../src/explore';
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

      for (const exp of program.expectations) {
        it(`expect ${exp.variant}: the named schedules show only declared kinds${exp.kinds.length ? ', and one of them shows the race' : ''}`, () => {
          let reproduced = false;
          for (const sched of program.schedules) {
            const r = run(new Machine(program, exp.variant, { maxSteps: 500 }), { prefix: threadsOf(program, sched.text) });
            const got = [...new Set(r.state.violations.map((v) => v.kind))];
            for (const k of got) assert.ok(exp.kinds.includes(k), `'${sched.name}' shows '${k}', not declared (declared: ${exp.kinds.join(', ') || 'ok'})`);
            if (got.length > 0) reproduced = true;
          }
          if (exp.kinds.length > 0) assert.ok(reproduced, `no named schedule shows a violation under ${exp.variant}`);
        });
      }
    });
  }
});

describe('examples over all interleavings', () => {
  it('every declared verdict holds (the explorer, exhaustively)', function () {
    this.timeout(60000);
    for (const file of files) {
      const program = compile(readFileSync(join('examples', file), 'utf8'), join('examples', file));
      const results = new Map(program.expectations.map((e) => [e.variant, exploreSync(program, { variant: e.variant })]));
      for (const v of checkExpectations(program, results)) assert.equal(v.status, 'pass', `${file}: ${v.message}`);
    }
  });
});
