// A file that is not UTF-8 is one clear diagnostic naming the encoding (a UTF-16 file was one
// TW001 per character: 1,514 lines), through the real `tw check` too.
import * as assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { compileBytes, formatDiagnostic } from '../../src/lang';
import { tw } from '../cli/harness';

const S1 = readFileSync(join(__dirname, '../../examples/s01-cancel-vs-run.tw'), 'utf8');
const be = (s: string): Buffer => Buffer.from(s, 'utf16le').swap16();

describe('lang: file encodings', () => {
  const cases: [string, Buffer, RegExp][] = [
    ['UTF-16LE with a BOM', Buffer.from(`\ufeff${S1}`, 'utf16le'), /^f\.tw:1:1: error TW003: this file is UTF-16LE \(it starts with a UTF-16LE byte-order mark\); tw reads UTF-8 only/],
    ['UTF-16BE with a BOM', be(`\ufeff${S1}`), /error TW003: this file is UTF-16BE/],
    ['UTF-16LE without a BOM', Buffer.from(S1, 'utf16le'), /^f\.tw:1:1: error TW003: this file looks like UTF-16LE \(a NUL byte in every other byte\)/],
    ['UTF-16BE without a BOM', be(S1), /error TW003: this file looks like UTF-16BE/],
    ['UTF-32LE with a BOM', Buffer.from([0xff, 0xfe, 0, 0, 0x74, 0, 0, 0]), /this file is UTF-32LE/],
    ['Latin-1', Buffer.from('task T;\n// caf\u00e9\n', 'latin1'), /^f\.tw:2:7: error TW003: this file is not UTF-8 text \(byte 0xE9/],
  ];
  for (const [name, bytes, re] of cases) {
    it(`${name}: one TW003`, () => {
      const d = compileBytes('f.tw', bytes).diagnostics;
      assert.equal(d.length, 1, d.map((x) => formatDiagnostic('f.tw', x)).join('\n'));
      assert.match(formatDiagnostic('f.tw', d[0]!), re);
    });
  }

  it('a UTF-8 byte-order mark is fine', () => {
    const r = compileBytes('f.tw', Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(S1)]));
    assert.ok(r.program, r.diagnostics.map((x) => x.message).join('\n'));
  });

  it('tw check on a UTF-16 file prints one line', async () => {
    const f = join(mkdtempSync(join(tmpdir(), 'tw-enc-')), 'u16.tw');
    writeFileSync(f, Buffer.from(`\ufeff${S1}`, 'utf16le'));
    const r = await tw('check', f);
    assert.equal(r.code, 2);
    assert.equal(r.err.split('\n').length, 1, r.err);
    assert.match(r.err, /TW003: this file is UTF-16LE/);
  });
});
