// `tw litmus`: herd7's answer format, agreement with the documented Result, --json, exit codes.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { tw } from '../cli/harness';

const ROOT = join(__dirname, '..', '..');

describe('cli: tw litmus', () => {
  // Each test's scratch folder, removed after it (nothing left in the system's temporary folder).
  const dirs: string[] = [];
  const scratch = (): string => { const d = mkdtempSync(join(tmpdir(), 'tw-litmus-')); dirs.push(d); return d; };
  afterEach(() => { for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true }); });

  it('answers like herd7 and says it agrees with the documented result (exit 0)', async () => {
    const r = await tw('litmus', join(ROOT, 'litmus', 'mp-once.litmus'));
    assert.equal(r.code, 0, r.err);
    assert.match(r.out, /^Test mp-once Allowed\nStates 4\n/);
    assert.match(r.out, /\nOk\nWitnesses\nPositive: 1 Negative: 3\n/);
    assert.match(r.out, /\nObservation mp-once Sometimes 1 3\nAgrees with the documented Result: Sometimes/);
  });

  it('exits 1 when the answer disagrees with the documented result', async () => {
    const dir = scratch();
    const file = join(dir, 'wrong.litmus');
    writeFileSync(file, 'C wrong\n(* Result: Never *)\n{}\nP0(int *x)\n{\n\tWRITE_ONCE(*x, 1);\n}\nexists (x=1)\n');
    const r = await tw('litmus', file);
    assert.equal(r.code, 1);
    assert.match(r.out, /DISAGREES with the documented Result: Never \(tw: Always\)/);
  });

  it('a racy test documented with DATARACE: the race must be modelled, its verdict is forgiven (as judgelitmus.sh does)', async () => {
    const dir = scratch();
    const racy = join(dir, 'racy.litmus');
    // A plain write racing with a marked read: the read can only see 0, yet the header says Sometimes.
    writeFileSync(racy, 'C racy\n(* Result: Sometimes DATARACE *)\n{}\nP0(int *x)\n{\n\t*x = 0;\n}\nP1(int *x)\n{\n\tint r1;\n\tr1 = READ_ONCE(*x);\n}\nexists (1:r1=1)\n');
    const r = await tw('litmus', racy);
    assert.equal(r.code, 0, r.out);
    assert.match(r.out, /\nFlag data-race\n/);
    assert.match(r.out, /Agrees with the documented Result: Sometimes with a data race \(tw: Never; the verdict of a racy test is not judged/);
    const quiet = join(dir, 'quiet.litmus');
    // The same header on a test without a race disagrees.
    writeFileSync(quiet, 'C quiet\n(* Result: Sometimes DATARACE *)\n{}\nP0(int *x)\n{\n\tWRITE_ONCE(*x, 1);\n}\nP1(int *x)\n{\n\tint r1;\n\tr1 = READ_ONCE(*x);\n}\nexists (1:r1=1)\n');
    const q = await tw('litmus', quiet);
    assert.equal(q.code, 1);
    assert.match(q.out, /DISAGREES with the documented Result: Sometimes with a data race \(tw: Sometimes\)/);
  });

  it('a test documented with `Result: Flag name` is judged by that warning, under its current or its older name', async () => {
    const dir = scratch();
    // One SRCU read lock handed to two unlocks: the model warns multiple-srcu-matches (older headers
    // call it srcu-bad-nesting, the check's name before the model split it).
    const body = '{}\nP0(int *x, struct srcu_struct *s)\n{\n\tint r0;\n\tint i;\n\ti = srcu_read_lock(s);\n\tr0 = READ_ONCE(*x);\n\tsrcu_read_unlock(s, i);\n\tsrcu_read_unlock(s, i);\n}\nexists (0:r0=1)\n';
    const write = (name: string, flag: string): string => { const f = join(dir, `${name}.litmus`); writeFileSync(f, `C ${name}\n(*\n * Result: Flag ${flag}\n *)\n${body}`); return f; };
    const now = await tw('litmus', write('now', 'multiple-srcu-matches'));
    assert.equal(now.code, 0, now.out);
    assert.match(now.out, /\nFlag multiple-srcu-matches\n[^]*\nAgrees with the documented Result: Flag multiple-srcu-matches\n/);
    const old = await tw('litmus', write('old', 'srcu-bad-nesting'));
    assert.equal(old.code, 0, old.out);
    assert.match(old.out, /Agrees with the documented Result: Flag srcu-bad-nesting \(tw flags multiple-srcu-matches: the model's name for it since the check was renamed\)/);
    const other = await tw('litmus', write('other', 'invalid-sleep'));
    assert.equal(other.code, 1, other.out);
    assert.match(other.out, /DISAGREES with the documented Result: Flag invalid-sleep \(tw flags multiple-srcu-matches\)/);
    const json = await tw('litmus', '--json', write('json', 'multiple-srcu-matches'));
    assert.deepEqual(JSON.parse(json.out).map((x: { documented: string; agrees: boolean }) => [x.documented, x.agrees]), [['Flag multiple-srcu-matches', true]]);
  });

  it('exits 2 with file:line:col on a bad test, and on a missing file', async () => {
    const dir = scratch();
    const file = join(dir, 'bad.litmus');
    writeFileSync(file, 'C bad\n{}\nP0(int *x)\n{\n\tsmp_mb(1);\n}\nexists (x=1)\n');
    const r = await tw('litmus', file);
    assert.equal(r.code, 2);
    assert.match(r.err, /bad\.litmus:5:2: error TW602: smp_mb takes 0 argument\(s\), found 1/);
    assert.doesNotMatch(r.err, /at .*\.ts:/);
    const missing = await tw('litmus', join(dir, 'nope.litmus'));
    assert.equal(missing.code, 2);
    assert.match(missing.err, /cannot read .*nope\.litmus: no such file/);
  });

  it('--json gives the verdict, the witnesses and the agreement', async () => {
    const r = await tw('litmus', '--json', join(ROOT, 'litmus', 'sb-mb.litmus'));
    assert.equal(r.code, 0);
    const [one] = JSON.parse(r.out) as { verdict: string; positive: number; negative: number; agrees: boolean }[];
    assert.deepEqual({ verdict: one?.verdict, positive: one?.positive, agrees: one?.agrees }, { verdict: 'Never', positive: 0, agrees: true });
  });
});
