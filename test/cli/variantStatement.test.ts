// `variant` in a .tw file through the commands: a release by name, a listing file relative to the
// .tw file (not to the working folder), --variant overriding it, and a missing or broken listing
// reported at the statement's file:line:col with exit 2.
import * as assert from 'node:assert/strict';
import * as path from 'node:path';
import { mkdtempSync, writeFileSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { tw } from './harness';

const dir = mkdtempSync(path.join(tmpdir(), 'tw-variant-stmt-'));
const BODY = 'task T;\ncallback cb(w) { }\nwork A = cb;\nthread owner current(T) { task_work_add(T, A, TWA_RESUME); task_work_run(); }\n';
const scenario = (name: string, variantLine: string): string => {
  const file = path.join(dir, name);
  writeFileSync(file, `${variantLine}\n${BODY}`);
  return file;
};
// mainline without run's lock pair: a listing the user wrote next to the scenario.
const mine = readFileSync('listings/mainline.c', 'utf8').split('\n').filter((l) => !/\/\/ run\.(lock|unlock)\b/.test(l)).join('\n');
writeFileSync(path.join(dir, 'mine.c'), mine);

describe('cli: the variant statement of a .tw file', () => {
  it('a release by name runs that release (its listing\'s own steps)', async () => {
    const r = await tw('run', scenario('rel.tw', 'variant v3.7-dev;'));
    assert.equal(r.code, 0, r.err);
    assert.match(r.out, /variant v3\.7-dev/);
    assert.match(r.out, /run\.xchg/, 'v3.7-dev detaches with xchg');
  });

  it('a listing file is found next to the .tw file, whatever the working folder', async () => {
    const file = scenario('file.tw', 'variant "mine.c";');
    const r = await tw('run', path.relative(process.cwd(), file));
    assert.equal(r.code, 0, r.err);
    assert.match(r.out, /variant \S*tw-variant-stmt-\w+[\\/]mine\.c, /, 'the path resolved next to the .tw file');
    assert.doesNotMatch(r.out, /run\.lock/, 'the listing without the lock pair ran');
  });

  it('--variant overrides the statement', async () => {
    const r = await tw('run', scenario('over.tw', 'variant "mine.c";'), '--variant', 'v4.14');
    assert.equal(r.code, 0, r.err);
    assert.match(r.out, /variant v4\.14/);
  });

  it('a missing listing: exit 2 at the statement, for run and check', async () => {
    const file = scenario('gone.tw', '\n  variant "gone.c";');
    const run = await tw('run', file);
    assert.equal(run.code, 2);
    assert.match(run.err, new RegExp(`gone\\.tw:2:11: error TW230: variant "gone\\.c": cannot read the listing .*gone\\.c: no such file`));
    const check = await tw('check', file);
    assert.equal(check.code, 2);
    assert.match(check.err, /gone\.tw:2:11: error TW230/);
  });

  it('a listing with errors: check lists them at the listing\'s lines, run refuses with exit 2', async () => {
    writeFileSync(path.join(dir, 'bad.c'), 'int task_work_add(struct task_struct *t)\n{\n\tfrob();\n}\n');
    const file = scenario('bad.tw', 'variant "bad.c";');
    const check = await tw('check', file);
    assert.equal(check.code, 2);
    assert.match(check.err, /bad\.c:3:\d+: error TW3\d\d/);
    const run = await tw('run', file);
    assert.equal(run.code, 2);
    assert.match(run.err, /bad\.tw:1:9: error TW230: variant "bad\.c": the listing .*bad\.c has errors/);
  });

  it('explore checks `expect` lines that name releases', async () => {
    const file = scenario('exp.tw', 'variant v3.7;\nexpect v4.14: ok;\nexpect v3.7: ok;');
    const r = await tw('explore', file);
    assert.equal(r.code, 0, r.err + r.out);
    assert.match(r.out, /PASS expect v4\.14: ok/);
    assert.match(r.out, /PASS expect v3\.7: ok/);
  });
});
