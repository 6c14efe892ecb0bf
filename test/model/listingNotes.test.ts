// A listing step's annotation (the trace's value column and yes/no) comes from the listing's code,
// not from its step labels: mainline with every label renamed annotates each step as mainline does;
// and a user's own decision line reads as add.check does.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { Machine, run, Variant, Program } from '../../src/core';
import { variantOfListing } from '../../src/model';
import { compile, threadsOf } from '../unit/helpers';

function listing(name: string, text: string): Variant {
  const r = variantOfListing(name, name, text);
  assert.ok(r.variant, r.diagnostics.map((d) => d.message).join('\n'));
  return r.variant;
}

/** Each step's value, outcome, return and footprint, without its label. */
function events(program: Program, v: Variant, schedule: string, seed?: number): string[] {
  const m = new Machine(program, v, { maxSteps: 500 });
  const r = run(m, { prefix: threadsOf(program, schedule), fill: seed === undefined ? { kind: 'round-robin' } : { kind: 'random', seed }, detail: true });
  return r.steps.map(({ event: e, footprint }) => `${e.thread} ${e.value} ${e.ok} ${e.ret ?? '-'} ${footprint.map((a) => `${a.kind}:${a.obj}`).join(',')}`);
}

describe('model: a listing step annotates itself from its code, whatever its labels', () => {
  const text = readFileSync('listings/mainline.c', 'utf8');
  const renamed = text.replace(/\/\/ (\+?)(add|cancel|run|exit|resume)\.(\w+)/g, '// $1my.$2_$3');
  it('the renamed copy really has none of the model\'s labels', () => {
    assert.notEqual(renamed, text);
    assert.doesNotMatch(renamed, /\/\/ \+?(add|cancel|run)\.\w/);
  });

  for (const file of ['s01-cancel-vs-run.tw', 's02-exit-vs-add.tw', 's03-two-cancellers.tw', 's07-cancel-vs-add-head.tw', 'caller-io-wq-teardown.tw']) {
    it(`${file}: mainline with its labels renamed: the same values, yes/no, returns and footprints`, () => {
      const program = compile(readFileSync(`examples/${file}`, 'utf8'), `examples/${file}`);
      const a = listing('listings/mainline.c', text), b = listing('renamed.c', renamed);
      for (const sched of program.schedules) assert.deepEqual(events(program, b, sched.text), events(program, a, sched.text), sched.name);
      for (const seed of [1, 2, 3, 4, 5]) assert.deepEqual(events(program, b, '', seed), events(program, a, '', seed), `seed ${seed}`);
    });
  }

  it('a user\'s own decision line: the local it tests, yes when it goes on, no when it enters the if', () => {
    const mine = text.replace(/if \(h == &work_exited\) return -ESRCH;( *)\/\/ add\.check[^\n]*/, 'if (h != NULL) return -EINVAL;$1// add.only_first');
    assert.notEqual(mine, text);
    const program = compile('task T; work A = fa; work B = fb; callback fa(cb) { } callback fb(cb) { }\nthread adder { task_work_add(T, A, TWA_RESUME); task_work_add(T, B, TWA_RESUME); }\n');
    const m = new Machine(program, listing('mine.c', mine), { maxSteps: 100 });
    const r = run(m, { detail: true });
    const lines = r.steps.filter((x) => (x.event.label as string) === 'add.only_first').map((x) => x.text.replace(/^.*add\.only_first\s+/, ''));
    assert.deepEqual(lines, ['= NULL yes', '= A no  -> returns -EINVAL']);
  });
});
