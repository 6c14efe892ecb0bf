// `tw merge` validates its shard files and the set of shards; a shard's verdicts are partial;
// `--junit` never overwrites an input.
import assert from 'node:assert/strict';
import { copyFileSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { tw } from './harness';

const S1 = 'examples/s01-cancel-vs-run.tw';
const dir = mkdtempSync(join(tmpdir(), 'tw-merge-'));

async function shard(file: string, i: number, n: number, ...extra: string[]): Promise<string> {
  const r = await tw('explore', file, '--strategy', 'dpor', '--workers', '1', '--shard', `${i}/${n}`, '--json', ...extra);
  assert.ok(r.code <= 1, r.err);
  const f = join(dir, `${file.replace(/\W/g, '_')}-${i}of${n}${extra.join('')}.json`);
  writeFileSync(f, r.out);
  return f;
}

describe('tw merge: validation', function () {
  this.timeout(60000);
  let a0 = '';
  let a1 = '';
  before(async () => { a0 = await shard(S1, 0, 2); a1 = await shard(S1, 1, 2); });

  it('one shard of several prints PARTIAL verdicts, never PASS (explore and a --partial merge)', async () => {
    const e = await tw('explore', S1, '--strategy', 'dpor', '--workers', '1', '--shard', '0/2');
    assert.equal(e.code, 0, e.err);
    assert.doesNotMatch(e.out, /PASS/);
    assert.match(e.out, /PARTIAL expect mainline: ok: found ok in shard 0\/2 only/);
    const m = await tw('merge', a0, '--partial');
    assert.doesNotMatch(m.out, /PASS/);
    assert.match(m.out, /PARTIAL expect mainline: ok: found ok in 1 of 2 shards \(missing: 1\/2\)/);
    const whole = await tw('merge', a0, a1);
    assert.equal(whole.code, 0, whole.err);
    assert.match(whole.out, /PASS expect mainline: ok/);
  });

  it('shards of one given variant merge as explore reports that variant: no verdicts, exit 1 on a violation', async () => {
    const s3 = 'examples/s03-two-cancellers.tw';
    const v = ['--variant', 'no-run-lock-pair'];
    const parts = [await shard(s3, 0, 2, ...v), await shard(s3, 1, 2, ...v)];
    const whole = await tw('explore', s3, '--strategy', 'dpor', '--workers', '1', ...v);
    assert.equal(whole.code, 1, whole.err);
    const m = await tw('merge', ...parts);
    assert.equal(m.code, whole.code, m.err);
    assert.doesNotMatch(m.out, /NOT-EXPLORED|PASS|FAIL/);
    assert.match(m.out, /run-after-cancel under no-run-lock-pair/);
  });

  it('refuses a lone shard, the same shard twice, different counts, files or variants: exit 2, one line', async () => {
    const other = await shard('examples/s02-exit-vs-add.tw', 1, 2);
    const three = await shard(S1, 1, 3);
    const variant = await shard(S1, 1, 2, '--variant=no-run-lock-pair');
    const cases: [string[], RegExp][] = [
      [[a0], /^tw merge: shard\(s\) 1\/2 missing: a verdict needs every shard \(--partial merges a subset/],
      [[a0, a0], /^tw merge: .* and .* are both shard 0\/2$/],
      [[a0, three], /is shard 1\/3 but .* is shard 0\/2$/],
      [[a0, other], /explored different things/],
      [[a0, variant], /explored different things/],
    ];
    for (const [args, re] of cases) {
      const r = await tw('merge', ...args);
      assert.equal(r.code, 2, `${args.join(' ')}: ${r.err}`);
      assert.match(r.err, re);
      assert.equal(r.err.split('\n').length, 1, r.err);
    }
  });

  it('refuses bad field types and null results with the field named (exit 2, no stack trace)', async () => {
    const good = JSON.parse(readFileSync(a0, 'utf8')) as { results: Record<string, Record<string, unknown>> }[];
    const edits: [(d: typeof good) => void, RegExp][] = [
      [(d) => { d[0]!.results.mainline!.violations = 'zz'; }, /results\['mainline'\]\.violations must be an array, found "zz"/],
      [(d) => { d[0]!.results.mainline = null as never; }, /results\['mainline'\] must be an exploration result \(an object\), found null/],
      [(d) => { d[0]!.results.mainline!.executions = -3; }, /executions must be a whole number, found -3/],
      [(d) => { d[0]!.results = null as never; }, /must be an object with a file and its results/],
      [(d) => { (d[0]!.results['no-run-lock-pair']!.violations as { kind: string }[])[0]!.kind = 'oops'; }, /violations\[0\]\.kind must be a violation kind, found "oops"/],
    ];
    for (const [edit, re] of edits) {
      const d = JSON.parse(JSON.stringify(good)) as typeof good;
      edit(d);
      const f = join(dir, 'edited.json');
      writeFileSync(f, JSON.stringify(d));
      const r = await tw('merge', f, a1);
      assert.equal(r.code, 2, r.err);
      assert.match(r.err, re);
      assert.doesNotMatch(r.err, /internal error|\n\s+at /);
    }
    writeFileSync(join(dir, 'null.json'), 'null');
    assert.match((await tw('merge', join(dir, 'null.json'))).err, /must be the --json output of 'tw explore'/);
  });
});

describe('tw explore --junit', () => {
  it('refuses to overwrite an input scenario or shard, and an empty name', async () => {
    const copy = join(dir, 'v.tw');
    copyFileSync(S1, copy);
    const r = await tw('explore', copy, '--junit', copy);
    assert.equal(r.code, 2);
    assert.match(r.err, /--junit .*v\.tw would overwrite the input .*v\.tw: give the report another name/);
    assert.equal(readFileSync(copy, 'utf8'), readFileSync(S1, 'utf8'));
    const e = await tw('explore', S1, '--junit', '');
    assert.equal(e.code, 2);
    assert.match(e.err, /option '--junit' needs a value/);
    const s = await shard(S1, 0, 1);
    assert.match((await tw('merge', s, '--junit', s)).err, /would overwrite the input/);
  });
});
