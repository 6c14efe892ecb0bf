// Flag parsing of every command (node:util parseArgs underneath): `--` ends the flags, a switch
// takes no value, an unknown flag names the command and its real flags, a non-UTF-8 file name is
// opened by its bytes.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { tw } from './harness';

const S1 = 'examples/s01-cancel-vs-run.tw';

describe('tw: flags', () => {
  it('`--` ends the flags: `tw check -- FILE` checks FILE', async () => {
    const r = await tw('check', '--', S1);
    assert.equal(r.code, 0, r.err);
    assert.equal(r.out, '1 file(s) ok');
  });

  it('a switch takes no value: --json=false is an error, not JSON', async () => {
    const r = await tw('check', '--json=false', S1);
    assert.equal(r.code, 2);
    assert.equal(r.out, '');
    assert.match(r.err, /^tw check: option '--json' takes no value, found 'false'/);
  });

  it('an unknown flag names the command and the flags it has', async () => {
    const r = await tw('check', '--bogus', S1);
    assert.equal(r.code, 2);
    assert.equal(r.err, "tw check: unknown option '--bogus' for 'tw check'; expected one of --json");
    const e = await tw('explore', S1, '--max-loop', '5');
    assert.match(e.err, /^tw explore: unknown option '--max-loop' for 'tw explore'; expected one of --variant, --strategy, .*--junit/);
    assert.match((await tw('run', S1, '-x')).err, /unknown option '-x' for 'tw run'; expected one of --variant,/);
  });

  it('a repeated, empty or missing value is an error naming the flag', async () => {
    assert.match((await tw('run', S1, '--seed', '1', '--seed', '2')).err, /option '--seed' is given twice/);
    assert.match((await tw('run', S1, '--variant=')).err, /option '--variant' needs a value, found an empty one/);
    assert.match((await tw('run', S1, '--variant')).err, /option '--variant' needs a value/);
    assert.match((await tw('run', S1, '--seed', '-1')).err, /--seed.*a value starting with '-' is written --flag=-value/);
    assert.match((await tw('run', S1, '--seed=99999999999999999999')).err, /expects a whole number/);
    for (const a of [['run', S1, '--seed', '-1'], ['check', '--json=1', S1]]) assert.equal((await tw(...a)).code, 2);
  });

  it('tw CMD --help prints that command\'s usage', async () => {
    const r = await tw('run', '--help');
    assert.equal(r.code, 0);
    assert.match(r.out, /^usage: tw run FILE/);
  });

  it('check --json gives each file\'s diagnostics as data', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'tw-args-'));
    const bad = join(dir, 'bad.tw');
    writeFileSync(bad, 'task T;\nthred x { }\n');
    const r = await tw('check', '--json', S1, bad, join(dir, 'none.tw'));
    assert.equal(r.code, 2);
    const data = JSON.parse(r.out) as { file: string; error?: string; diagnostics: { code: string; range: { line: number } }[] }[];
    assert.deepEqual(data.map((f) => [f.file, f.error, f.diagnostics.length > 0]), [[S1, undefined, false], [bad, undefined, true], [join(dir, 'none.tw'), 'no such file', false]]);
    assert.equal(data[1]!.diagnostics[0]!.range.line, 2);
  });

  it('an existing file whose name is not UTF-8 is read (the real `tw` process)', function () {
    const cli = resolve('dist/cli.js');
    if (!existsSync(cli)) this.skip(); // `npm test` builds first
    const dir = mkdtempSync(join(tmpdir(), 'tw-raw-'));
    // The shell writes the byte 0xFF itself: Node cannot pass a non-UTF-8 argument.
    const sh = `printf '%s' "$1" > "$(printf 'caf\\351\\377.tw')" && node "$2" check "$(printf 'caf\\351\\377.tw')" 2>&1; echo "exit $?"`;
    const out = execFileSync('sh', ['-c', sh, 'sh', readFileSync(S1, 'utf8'), cli], { cwd: dir, encoding: 'utf8' });
    assert.equal(out, '1 file(s) ok\nexit 0\n');
    const bad = execFileSync('sh', ['-c', `printf 'task T;' > "$(printf 'x\\377.tw')" && node "$1" check "$(printf 'x\\377.tw')" 2>&1; echo "exit $?"`, 'sh', cli], { cwd: dir, encoding: 'utf8' });
    assert.match(bad, /^x\\xFF\.tw:1:1: warning TW216: /); // named as \xNN, never U+FFFD
  });
});

describe('tw: user text in messages', () => {
  /** Raw C0/C1 controls, U+2028/9, bidi controls, BOM: what must never reach a terminal. */
  const UNSAFE = /[\u0000-\u0009\u000b-\u001f\u007f-\u009f\u061c\u200e\u200f\u2028-\u202e\u2066-\u2069\ufeff]/;

  it('file names, flag values and command names are printed with control and bidi characters escaped', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'tw-esc-'));
    const odd = join(dir, 'evil\u202egnp.tw\u2028x');
    writeFileSync(odd, 'task T;\nthred x { }\n');
    const runs = [
      await tw('check', odd), await tw('check', join(dir, 'no\u2029such.tw')), await tw('run', S1, '--variant', 'main\u202eline'),
      await tw('run', S1, '--schedule', 'own\u0007er'), await tw('ru\u001b[2Jn', S1), await tw('check', '--js\u2066on', S1),
    ];
    for (const r of runs) {
      assert.equal(r.code, 2);
      assert.doesNotMatch(`${r.out}\n${r.err}`, UNSAFE, JSON.stringify(r.err));
    }
    assert.match(runs[0]!.err, /evilU\+202Egnp\.twU\+2028x:2:1: error TW103/);
    assert.match(runs[2]!.err, /unknown variant 'mainU\+202Eline'/);
    const json = await tw('check', '--json', odd); // JSON keeps the name, as \u escapes
    assert.doesNotMatch(json.out, UNSAFE);
    assert.equal((JSON.parse(json.out) as { file: string }[])[0]!.file, odd);
  });
});
