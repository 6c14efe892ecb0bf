// Coverage of an exploration: golden tables for S1 (the lock pair decides which racing orders
// exist), the same labels and orders whatever the strategy, worker count or sharding, and lcov
// records that point at the listing lines of the labels.
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { tw } from '../cli/harness';
import { matchGolden } from '../golden';
import { explore, exploreSync, mergeResults, CoverageData, ExploreResult } from '../../src/explore';
import { exploreParallel } from '../../src/explore/parallel';
import { listingFor } from '../../src/debug';
import { coverageMarks } from '../../src/report';
import { example } from '../explore/helpers';

const S1 = 'examples/s01-cancel-vs-run.tw';
const reached = (c: CoverageData | undefined): unknown => ({ labels: c?.labels.map(([l]) => l), lines: c?.lines.map(([l]) => l), orders: c?.orders });
const cov = (r: ExploreResult): CoverageData => { assert.ok(r.coverage, 'coverage asked for'); return r.coverage; };

describe('tw explore --coverage', function () {
  this.timeout(120000);

  it("prints S1's table per variant: under mainline run.next never goes before cancel.cas; without the lock pair it does", async () => {
    const r = await tw('explore', S1, '--coverage');
    assert.equal(r.code, 0, r.err);
    const table = r.out.slice(r.out.indexOf('  coverage under'));
    const [mainline, broken] = table.split(/(?=  coverage under no-run-lock-pair)/);
    assert.match(mainline ?? '', /cancel\.cas \/ run\.next +only cancel\.cas first/);
    assert.match(mainline ?? '', /add\.cas +0 +15  never reached/);
    assert.match(broken ?? '', /cancel\.cas \/ run\.next +both orders/);
    matchGolden(join('test/report/golden', 's1-coverage.txt'), `${table}\n`);
  });

  it('the explorer without the option collects nothing', () => {
    assert.equal(exploreSync(example('s01-cancel-vs-run'), { variant: 'mainline' }).coverage, undefined);
  });

  it('stateful, dpor and dfs (no reduction: every order) reach the same labels and racing orders', () => {
    const cases = [['s01-cancel-vs-run', 'mainline', true], ['s01-cancel-vs-run', 'no-run-lock-pair', true], ['s03-two-cancellers', 'cancel-without-lock', false]] as const;
    for (const [name, variant, dfs] of cases) {
      const p = example(name);
      const strategies = dfs ? (['stateful', 'dpor', 'dfs'] as const) : (['stateful', 'dpor'] as const);
      const [a, ...rest] = strategies.map((strategy) => reached(cov(exploreSync(p, { variant, strategy, coverage: true }))));
      rest.forEach((x, i) => assert.deepEqual(x, a, `${name} under ${variant}: ${strategies[i + 1]} vs stateful`));
    }
  });

  it('worker threads and merged shards give the same coverage as one thread', async () => {
    const p = example('s01-cancel-vs-run');
    const o = { variant: 'no-run-lock-pair', strategy: 'dpor' as const, coverage: true };
    const one = cov(await explore(p, { ...o, workers: 1 }));
    const two = cov(await exploreParallel(p, { ...o, workers: 2 }, 0));
    const shards = cov(mergeResults([0, 1, 2].map((index) => exploreSync(p, { ...o, shard: { index, count: 3 } }))));
    assert.deepEqual(reached(two), reached(one));
    assert.deepEqual(reached(shards), reached(one));
  });

  it('--lcov writes a record per variant for the listing and one for the .tw file', async () => {
    const file = join(mkdtempSync(join(tmpdir(), 'tw-lcov-')), 's1.lcov');
    const r = await tw('explore', S1, '--variant', 'mainline', '--lcov', file);
    assert.equal(r.code, 0, r.err);
    assert.doesNotMatch(r.out, /coverage under/, '--lcov alone writes the file, no table');
    const text = readFileSync(file, 'utf8');
    const records = text.split('end_of_record\n').filter(Boolean);
    assert.equal(records.length, 2);
    assert.match(records[0] ?? '', /^TN:mainline\nSF:.*listings[/\\]mainline\.c\n/);
    assert.match(records[1] ?? '', /^TN:mainline\nSF:.*s01-cancel-vs-run\.tw\n/);
    const line = listingFor('mainline')?.lineOfLabel.get('run.lock');
    assert.match(text, new RegExp(`^DA:${line},[1-9][0-9]*$`, 'm'), 'run.lock is reached, on its listing line');
    for (const l of text.trim().split('\n')) assert.match(l, /^(TN|SF|DA|BRDA|BRF|BRH|LF|LH):|^end_of_record$/);
    const bad = await tw('explore', S1, '--variant', 'mainline', '--lcov', join(file, 'no', 'such', 'dir'));
    assert.equal(bad.code, 2);
    assert.match(bad.err, /--lcov: cannot write/);
    const copy = join(mkdtempSync(join(tmpdir(), 'tw-lcov-')), 's1.tw');
    writeFileSync(copy, readFileSync(S1, 'utf8'));
    const over = await tw('explore', copy, '--lcov', copy);
    assert.equal(over.code, 2);
    assert.match(over.err, /--lcov .* would overwrite the input/);
    assert.equal(readFileSync(copy, 'utf8'), readFileSync(S1, 'utf8'), 'the scenario is untouched');
  });

  it('tw merge unites the coverage of shards and refuses malformed coverage (exit 2, naming the field)', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'tw-cov-'));
    const shard = async (i: number): Promise<string> => {
      const r = await tw('explore', S1, '--variant', 'no-run-lock-pair', '--strategy', 'dpor', '--shard', `${i}/2`, '--json', '--coverage');
      const f = join(dir, `s${i}.json`);
      writeFileSync(f, r.out);
      return f;
    };
    const files = [await shard(0), await shard(1)];
    const merged = await tw('merge', ...files, '--json');
    // 1 as `tw explore S1 --variant no-run-lock-pair` exits: the variant has violations.
    assert.equal(merged.code, 1, merged.err);
    const whole = exploreSync(example('s01-cancel-vs-run'), { variant: 'no-run-lock-pair', strategy: 'dpor', coverage: true });
    const got = (JSON.parse(merged.out) as { results: Record<string, ExploreResult> }[])[0]?.results['no-run-lock-pair'];
    assert.deepEqual(reached(got?.coverage), reached(whole.coverage));
    const bad = JSON.parse(readFileSync(files[0] ?? '', 'utf8')) as { results: Record<string, { coverage: unknown }> }[];
    const r0 = bad[0]?.results['no-run-lock-pair'];
    if (r0) r0.coverage = 'zz';
    writeFileSync(files[0] ?? '', JSON.stringify(bad));
    const refused = await tw('merge', ...files);
    assert.equal(refused.code, 2, refused.err);
    assert.match(refused.err, /coverage/);
  });

  it('the gutter marks of the listing: S1 under mainline and without the run lock pair', () => {
    const marks = (variant: string) => {
      const listing = listingFor(variant);
      assert.ok(listing);
      const m = coverageMarks(listing, cov(exploreSync(example('s01-cancel-vs-run'), { variant, coverage: true })));
      return new Map(m.map((x) => [x.label, x]));
    };
    const main = marks('mainline');
    const broken = marks('no-run-lock-pair');
    // Mainline: the lock pair keeps cancel.cas before run.next, so those two never race both ways.
    assert.notEqual(main.get('run.next')?.kind, 'raced');
    assert.equal(main.get('add.cas')?.kind, 'never'); // setup adds; the threads never do
    assert.equal(main.get('resume.check')?.kind, 'never');
    assert.equal(broken.get('run.next')?.kind, 'raced');
    assert.match(broken.get('run.next')?.text ?? '', /raced both ways with .*cancel\.cas/);
    assert.equal(broken.has('run.lock'), false, 'a step the variant lacks has no line to mark');
    const lines = [...broken.values()].map((m) => m.line);
    assert.deepEqual(lines, [...lines].sort((a, b) => a - b), 'in listing order');
  });
});
