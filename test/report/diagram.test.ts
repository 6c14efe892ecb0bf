// The commit-message race diagram: golden drawings of S1's race (full, --minimal, --cpus) and of a
// three-thread run, the 72-column ASCII promise on every example, and each label's C.
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { tw } from '../cli/harness';
import { matchGolden } from '../golden';
import { allListings } from '../../src/debug';
import { codeOfLabel, statements, diagramOfSchedule } from '../../src/report';
import { listingFor } from '../../src/debug';
import { example } from '../explore/helpers';

const S1 = 'examples/s01-cancel-vs-run.tw';
const golden = (name: string): string => join('test/report/golden', name);

function assertPasteable(text: string): void {
  for (const line of text.split('\n')) {
    assert.ok(line.length <= 72, `longer than 72 columns: '${line}'`);
    assert.match(line, /^[\x20-\x7e]*$/, `not plain ASCII: '${line}'`);
  }
}

describe('tw run --diagram', () => {
  it("draws S1's race under no-run-lock-pair: two columns, C per step, the violations at the end", async () => {
    const r = await tw('run', S1, '--schedule', 'race', '--variant', 'no-run-lock-pair', '--diagram');
    assert.equal(r.code, 1, r.err);
    assert.match(r.out, /^canceller +owner$/m);
    assert.match(r.out, /^ {2}raw_spin_lock_irqsave\(&task->pi_lock, flags\);$/m);
    assert.match(r.out, /^ +next = work->next;\n +\/\/ use-after-free!$/m);
    assertPasteable(r.out);
    matchGolden(golden('s1-race.txt'), `${r.out}\n`);
    assert.ok(readFileSync('docs/guide.md', 'utf8').includes(`\n${r.out}\n`), "docs/guide.md shows S1's race diagram as tw draws it today");
  });

  it('--minimal keeps the racing pair and what it depends on, and names the race', async () => {
    const r = await tw('run', S1, '--schedule', 'race', '--variant', 'no-run-lock-pair', '--diagram', '--minimal');
    assert.equal(r.code, 1, r.err);
    assert.match(r.out, /race: owner's run\.next on B before canceller's cancel\.cas on B/);
    assert.doesNotMatch(r.out, /raw_spin_lock_irqsave/, 'the lock step is not part of this race');
    assertPasteable(r.out);
    matchGolden(golden('s1-race-minimal.txt'), `${r.out}\n`);
    assert.ok(readFileSync('docs/diagram.md', 'utf8').includes(`\n${r.out}\n`), 'docs/diagram.md shows the --minimal drawing as tw draws it today');
  });

  it('--cpus heads the columns CPU0, CPU1', async () => {
    const r = await tw('run', S1, '--schedule', 'race', '--variant', 'no-run-lock-pair', '--diagram', '--cpus');
    assert.match(r.out, /^CPU0 +CPU1\n----/m);
    assert.doesNotMatch(r.out, /^canceller/m);
  });

  it('on mainline the owner spins at run.lock: the spin is drawn once, exit 0', async () => {
    const r = await tw('run', S1, '--schedule', 'race', '--diagram');
    assert.equal(r.code, 0, r.err);
    assert.equal(r.out.match(/spinning on T\.pi_lock held by canceller/g)?.length, 1);
    matchGolden(golden('s1-mainline.txt'), `${r.out}\n`);
  });

  it('three threads, three columns (S3 under cancel-without-lock)', async () => {
    const r = await tw('run', 'examples/s03-two-cancellers.tw', '--schedule', 'race', '--variant', 'cancel-without-lock', '--diagram', '--minimal');
    assert.equal(r.code, 1, r.err);
    assertPasteable(r.out);
    matchGolden(golden('s3-race-minimal.txt'), `${r.out}\n`);
  });

  it('every example with every listing stays within 72 columns of ASCII', async () => {
    for (const f of readdirSync('examples').filter((n) => n.endsWith('.tw'))) {
      for (const variant of ['mainline', 'no-run-lock-pair', 'xchg-run']) {
        const r = await tw('run', join('examples', f), '--variant', variant, '--diagram');
        assert.ok(r.code === 0 || r.code === 1, `${f}: ${r.err}`);
        assertPasteable(r.out);
      }
    }
  });

  it('--minimal on a clean run says so and draws every step; --minimal alone is a usage error', async () => {
    const clean = await tw('run', S1, '--schedule', 'race', '--diagram', '--minimal');
    assert.equal(clean.code, 0);
    assert.match(clean.err, /--minimal: no violation/);
    const alone = await tw('run', S1, '--minimal');
    assert.equal(alone.code, 2);
    assert.match(alone.err, /add --diagram/);
    const json = await tw('run', S1, '--diagram', '--json');
    assert.equal(json.code, 2);
    assert.match(json.err, /does not combine with --json/);
  });
});

describe('report: the C of a step', () => {
  it('every labelled line of every listing gives its C without the label comment', () => {
    for (const l of allListings()) {
      for (const label of l.lineOfLabel.keys()) {
        const code = codeOfLabel(l, label) ?? '';
        assert.ok(code.length > 0 && !code.includes('//'), `${l.variant} ${label}: '${code}'`);
      }
    }
    const mainline = allListings().find((l) => l.variant === 'mainline');
    assert.ok(mainline);
    assert.equal(codeOfLabel(mainline, 'run.lock'), 'raw_spin_lock_irq(&task->pi_lock);');
    assert.equal(codeOfLabel(mainline, 'run.load'), 'work = READ_ONCE(task->task_works);');
  });

  it('statements: one a line, blocks indented, an opened block loses its brace', () => {
    assert.deepEqual(statements('pprev = &work->next; work = READ_ONCE(*pprev);').map((l) => l.text), ['pprev = &work->next;', 'work = READ_ONCE(*pprev);']);
    assert.deepEqual(statements('if (w == NULL) { if (!(f & X)) return; h = &e; }'),
      [{ text: 'if (w == NULL) {', level: 0 }, { text: 'if (!(f & X)) return;', level: 1 }, { text: 'h = &e;', level: 1 }, { text: '}', level: 0 }]);
    assert.deepEqual(statements('if (!match(work, data)) {'), [{ text: 'if (!match(work, data))', level: 0 }]);
  });
});

describe("report: the editor's Copy Race Diagram", () => {
  it('draws exactly the steps a session took (no fill), or says why not', () => {
    const p = example('s01-cancel-vs-run');
    const listing = listingFor('no-run-lock-pair');
    assert.ok(listing);
    const lines = diagramOfSchedule(p, 'no-run-lock-pair', listing, 'canceller*5 owner*5 canceller*4 owner');
    assert.ok(Array.isArray(lines));
    const text = lines.join('\n');
    assert.match(text, /next = work->next;\n +\/\/ use-after-free!/);
    assert.doesNotMatch(text, /run-after-cancel/, 'step 16 (run.call on A) is not taken yet');
    assert.equal(diagramOfSchedule(p, 'no-run-lock-pair', listing, ''), 'no step has been taken yet');
    assert.match(String(diagramOfSchedule(p, 'mainline', listing, 'nobody')), /no thread/);
  });
});
