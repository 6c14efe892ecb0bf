// The `tw` command in-process: outputs against golden files and every exit code.
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { tw } from './harness';
import { matchGolden } from '../golden';


const S1 = 'examples/s01-cancel-vs-run.tw';
const golden = (name: string): string => join('test/cli/golden', name);

describe('tw run', () => {
  it('S1 with its witness on mainline is clean: the owner spins at run.lock', async () => {
    const r = await tw('run', S1, '--schedule', 'race');
    assert.equal(r.code, 0, r.err);
    assert.match(r.out, /owner +spin +spinning on T\.pi_lock held by canceller \(at run\.lock\)/);
    matchGolden(golden('s1-mainline.txt'), r.out);
  });

  it('S1 with its witness under no-run-lock-pair shows run-after-cancel and use-after-free at the right step', async () => {
    const r = await tw('run', S1, '--schedule', 'race', '--variant', 'no-run-lock-pair');
    assert.equal(r.code, 1);
    assert.match(r.out, /use-after-free at step 15 \(owner, run\.next\)/);
    assert.match(r.out, /run-after-cancel at step 16 \(owner, run\.call\)/);
    matchGolden(golden('s1-no-run-lock-pair.txt'), r.out);
  });

  it('--json gives the trace, the final state and the violations as data', async () => {
    const r = await tw('run', S1, '--schedule', 'race', '--variant', 'no-run-lock-pair', '--json');
    assert.equal(r.code, 1);
    const j = JSON.parse(r.out) as { trace: { label: string }[]; violations: { kind: string; step: number }[]; schedule: string };
    assert.equal(j.trace[14]?.label, 'run.next');
    assert.deepEqual(j.violations.map((v) => v.kind), ['use-after-free', 'use-after-free', 'run-after-cancel', 'assertion']);
    assert.match(j.schedule, /^canceller\*5 owner\*5 canceller\*4 owner\*4/);
  });

  it('--engine workers runs the same interleaving on worker threads with the same output', async function () {
    this.timeout(30000);
    // The workers run a variant's listing: the core running the same listing prints the same run.
    const listing = 'listings/no-run-lock-pair.c';
    const core = await tw('run', S1, '--schedule', 'race', '--variant', listing);
    const workers = await tw('run', S1, '--schedule', 'race', '--variant', listing, '--engine', 'workers');
    assert.equal(workers.code, 1, workers.err);
    assert.equal(workers.out, core.out);
    const byName = await tw('run', S1, '--schedule', 'race', '--variant', 'no-run-lock-pair', '--engine', 'workers');
    assert.equal(byName.out.split('\n').slice(1).join('\n'), core.out.split('\n').slice(1).join('\n'));
    const bad = await tw('run', S1, '--engine', 'gpu');
    assert.equal(bad.code, 2);
    assert.match(bad.err, /--engine must be 'core' or 'workers', found 'gpu'/);
  });

  it('a seeded random run is the same every time', async () => {
    const a = await tw('run', S1, '--seed', '5');
    const b = await tw('run', S1, '--seed', '5');
    assert.equal(a.out, b.out);
  });

  it('bad input exits 2 with a message naming the problem', async () => {
    const cases: [string[], RegExp][] = [
      [['run', 'nope.tw'], /cannot read nope\.tw: no such file/],
      [['run', S1, '--variant', 'no-run-lock-par'], /unknown variant 'no-run-lock-par' \(did you mean 'no-run-lock-pair'\?\)/],
      [['run', S1, '--schedule', 'cancler*2'], /no thread named 'cancler' \(did you mean 'canceller'\?\)/],
      [['run', S1, '--schedule', 'owner*x'], /expected a thread name with an optional '\*count', found 'owner\*x'/],
      [['run', S1, '--bogus'], /unknown option '--bogus'/],
      [['run', S1, '--seed', 'ten'], /expects a whole number, found 'ten'/],
      [['rnu', S1], /unknown command 'rnu' \(did you mean 'run'\?\)/],
    ];
    for (const [args, re] of cases) {
      const r = await tw(...args);
      assert.equal(r.code, 2, args.join(' '));
      assert.match(r.err, re);
      assert.doesNotMatch(r.err, /\n\s+at /, 'no stack trace');
    }
  });
});

describe('tw check', () => {
  const dir = mkdtempSync(join(tmpdir(), 'tw-check-'));

  it('prints file:line:col diagnostics and exits 2', async () => {
    const f = join(dir, 'bad.tw');
    writeFileSync(f, 'task T;\nthred x { }\n');
    const r = await tw('check', f);
    assert.equal(r.code, 2);
    assert.match(r.err, new RegExp(`^${f.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}:2:1: error TW\\d{3}: .*'thred'.*did you mean 'thread'`, 'm'));
  });

  it('never shows a stack trace for random bytes or truncated files', async () => {
    let seed = 1;
    const rnd = (): number => { seed = (seed * 1103515245 + 12345) % 2147483648; return seed / 2147483648; };
    for (let i = 0; i < 30; i++) {
      const f = join(dir, `r${i}.tw`);
      writeFileSync(f, Buffer.from(Array.from({ length: 200 }, () => Math.floor(rnd() * 256))));
      const r = await tw('check', f);
      assert.equal(r.code, 2);
      assert.doesNotMatch(r.err, /internal error|\n\s+at /);
    }
  });

  it('accepts every example', async () => {
    const { readdirSync } = await import('node:fs');
    const files = readdirSync('examples').filter((f) => f.endsWith('.tw')).map((f) => join('examples', f));
    const r = await tw('check', ...files);
    assert.equal(r.code, 0, r.err);
  });
});
