// `tw fmt` and the formatter it shares with the language server: idempotent, whitespace only, every
// example already formatted, --check for CI, and a file with errors never modified.
import { strict as assert } from 'node:assert';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { tw } from '../cli/harness';
import { formatText } from '../../src/lsp/format';

const ROOT = path.join(__dirname, '..', '..');
const MESSY = 'task T;\n\n\n  work A = fa;\ncallback fa(cb) {\nfree(cb);   \n    }\nthread owner current(T) {\n    if (runs(A) == 0)\n  task_work_run();\n  /* kept\n       as is */\n  wait_until(\n  runs(A) == 1);\n}\n\n';
const TIDY = 'task T;\n\nwork A = fa;\ncallback fa(cb) {\n    free(cb);\n}\nthread owner current(T) {\n    if (runs(A) == 0)\n        task_work_run();\n    /* kept\n       as is */\n    wait_until(\n        runs(A) == 1);\n}\n';

describe('lsp: tw fmt', () => {
  let dir: string;
  beforeEach(() => { dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tw-fmt-')); });
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('indents by depth, trims, keeps block comments, and is idempotent', () => {
    const r = formatText('m.tw', MESSY);
    assert.ok(r.ok);
    assert.equal(r.text, TIDY);
    const again = formatText('m.tw', r.text);
    assert.ok(again.ok && again.text === r.text);
  });

  it('keeps CRLF line ends and a byte-order mark', async () => {
    const r = formatText('m.tw', MESSY.replace(/\n/g, '\r\n'));
    assert.ok(r.ok);
    assert.equal(r.text, TIDY.replace(/\n/g, '\r\n'));
    const file = path.join(dir, 'bom.tw');
    fs.writeFileSync(file, `\uFEFF${MESSY}`);
    assert.equal((await tw('fmt', file)).code, 0);
    assert.equal(fs.readFileSync(file, 'utf8'), `\uFEFF${TIDY}`);
  });

  it('leaves every example as it is', () => {
    for (const f of fs.readdirSync(path.join(ROOT, 'examples')).filter((n) => n.endsWith('.tw'))) {
      const text = fs.readFileSync(path.join(ROOT, 'examples', f), 'utf8');
      const r = formatText(f, text);
      assert.ok(r.ok && r.text === text, f);
    }
  });

  it('--check exits 1 naming an unformatted file and writes nothing; fmt then formats it; --check passes', async () => {
    const file = path.join(dir, 'm.tw');
    fs.writeFileSync(file, MESSY);
    const check = await tw('fmt', '--check', file);
    assert.equal(check.code, 1);
    assert.match(check.out, /m\.tw: not formatted/);
    assert.equal(fs.readFileSync(file, 'utf8'), MESSY);
    assert.equal((await tw('fmt', file)).code, 0);
    assert.equal(fs.readFileSync(file, 'utf8'), TIDY);
    assert.equal((await tw('fmt', '--check', file)).code, 0);
  });

  it('never touches a file with errors: prints its diagnostics and exits 2', async () => {
    const file = path.join(dir, 'bad.tw');
    const bad = 'task T;\nthred owner {\n}\n   \n';
    fs.writeFileSync(file, bad);
    const r = await tw('fmt', file);
    assert.equal(r.code, 2);
    assert.match(r.err, /bad\.tw:2:1: error TW103/);
    assert.match(r.err, /not formatted: fix the errors first/);
    assert.equal(fs.readFileSync(file, 'utf8'), bad);
  });

  it('prints to stdout with --stdout, and refuses a missing file with exit 2', async () => {
    const file = path.join(dir, 'm.tw');
    fs.writeFileSync(file, MESSY);
    const r = await tw('fmt', '--stdout', file);
    assert.equal(r.out, TIDY.replace(/\n$/, ''));
    assert.equal(fs.readFileSync(file, 'utf8'), MESSY);
    assert.equal((await tw('fmt', path.join(dir, 'none.tw'))).code, 2);
  });
});
