// A listing is a variant: the shipped listings, run by the Machine through the listing interpreter,
// give exactly the built-in variants' explorer reports on every example; mainline with its run lock
// pair deleted, given as a file, is the no-run-lock-pair variant; a kernel-shaped file runs as written.
import assert from 'node:assert/strict';
import { readdirSync, readFileSync, writeFileSync, mkdtempSync } from 'node:fs';
import { join } from 'node:path';
import { tmpdir } from 'node:os';
import { Variant, VARIANT_NAMES } from '../../src/core';
import { variantOfListing } from '../../src/model';
import { exploreSync } from '../../src/explore';
import { compile } from '../unit/helpers';
import { exploreText } from '../examples/exploreText';
import { tw } from '../cli/harness';

function shipped(name: string): Variant {
  const file = `listings/${name}.c`;
  const r = variantOfListing(name, file, readFileSync(file, 'utf8'));
  assert.ok(r.variant, r.diagnostics.map((d) => d.message).join('\n'));
  return r.variant;
}

const examples = readdirSync('examples').filter((f) => f.endsWith('.tw')).sort();

describe('model: a listing is a variant', () => {
  const variants = new Map(VARIANT_NAMES.map((n) => [n, shipped(n)]));
  for (const file of examples) {
    it(`${file}: every shipped listing explores as its built-in variant does (the golden)`, function () {
      this.timeout(120000);
      const program = compile(readFileSync(join('examples', file), 'utf8'), join('examples', file));
      const golden = readFileSync(join('test/examples/golden', file.replace(/\.tw$/, '.explore.txt')), 'utf8');
      assert.equal(exploreText(file, program, (n) => variants.get(n) ?? n), golden);
    });
  }

  it('mainline with the run lock pair deleted, as a file, is no-run-lock-pair on S1, S6, S12 and both callers', function () {
    this.timeout(120000);
    const text = readFileSync('listings/mainline.c', 'utf8').split('\n').filter((l) => !/\/\/ run\.(lock|unlock)\b/.test(l)).join('\n');
    const mine = variantOfListing('mine.c', 'mine.c', text).variant;
    assert.ok(mine);
    for (const file of ['s01-cancel-vs-run.tw', 's06-aba-address-reuse.tw', 's12-aba-cancel-pop.tw', 'caller-keyctl-session-to-parent.tw', 'caller-io-wq-teardown.tw']) {
      const program = compile(readFileSync(join('examples', file), 'utf8'), file);
      const want = exploreSync(program, { variant: 'no-run-lock-pair' });
      const got = exploreSync(program, { variant: mine });
      const show = (r: typeof want): unknown => ({ complete: r.complete, outcomes: r.outcomes, violations: r.violations.map((v) => [v.kind, v.schedule, v.minimal, v.message, v.explanation]) });
      assert.ok(want.violations.length > 0, `${file}: no-run-lock-pair finds a violation`);
      assert.deepEqual(show(got), show(want), file);
    }
  });

  it('a file pasted in the kernel\'s style (kernel-doc, switch, goto, irqsave, EXPORT_SYMBOL) runs as a variant', () => {
    const fixture = 'test/model/fixtures/kernel-shaped.c';
    const v = variantOfListing(fixture, fixture, readFileSync(fixture, 'utf8')).variant;
    assert.ok(v);
    for (const file of ['s01-cancel-vs-run.tw', 's02-exit-vs-add.tw', 'caller-io-wq-teardown.tw']) {
      const program = compile(readFileSync(join('examples', file), 'utf8'), file);
      const r = exploreSync(program, { variant: v });
      assert.ok(r.complete, file);
      assert.deepEqual(r.violations.map((x) => x.kind), [], `${file}: a faithful mainline finds nothing`);
    }
  });

  describe('tw --variant FILE.c', () => {
    const dir = mkdtempSync(join(tmpdir(), 'tw-listing-'));
    it('explore names the listing and its content hash, and the replay command passes the file', async () => {
      const file = join(dir, 'nolock.c');
      writeFileSync(file, readFileSync('listings/mainline.c', 'utf8').split('\n').filter((l) => !/\/\/ run\.(lock|unlock)\b/.test(l)).join('\n'));
      const r = await tw('explore', 'examples/s01-cancel-vs-run.tw', '--variant', file);
      assert.equal(r.code, 1, r.err);
      assert.match(r.out, new RegExp(`listing ${file.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}, content hash [0-9a-f]{8}`));
      assert.match(r.out, /use-after-free under .*nolock\.c: owner: read next of freed A at run\.next/);
      const replay = /replay: tw run (\S+) --variant (\S+) --schedule '([^']+)'/.exec(r.out);
      assert.ok(replay, r.out);
      const again = await tw('run', replay[1] ?? '', '--variant', replay[2] ?? '', '--schedule', replay[3] ?? '');
      assert.equal(again.code, 1, again.err);
      assert.match(again.out, /use-after-free at step \d+ \(owner, run\.next\)/);
    });

    it('a listing with errors: file:line:col, exit 2, no stack', async () => {
      const file = join(dir, 'bad.c');
      writeFileSync(file, 'int task_work_add(struct task_struct *t)\n{\n\tfrob();\n}\n');
      const r = await tw('run', 'examples/s01-cancel-vs-run.tw', '--variant', file);
      assert.equal(r.code, 2);
      assert.match(r.err, /bad\.c:3:2: error TW330: 'frob'/);
      assert.match(r.err, /error TW350: a listing must define task_work_run\(\)/);
      assert.doesNotMatch(r.err, /\n\s+at /);
    });

    it('a missing file: one clear line, exit 2', async () => {
      const r = await tw('explore', 'examples/s01-cancel-vs-run.tw', '--variant', join(dir, 'nope.c'));
      assert.equal(r.code, 2);
      assert.match(r.err, /--variant .*nope\.c: /);
    });

    it('--engine workers runs a listing file on worker threads: the same run as the core engine', async () => {
      const args = ['run', 'examples/s01-cancel-vs-run.tw', '--variant', 'test/model/fixtures/kernel-shaped.c', '--schedule', 'race'];
      const core = await tw(...args);
      const r = await tw(...args, '--engine', 'workers');
      assert.equal(r.err, '');
      assert.equal(r.code, core.code);
      assert.equal(r.out, core.out);
    });
  });
});
