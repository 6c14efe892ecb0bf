// The lexer: token kinds, 1-based positions, and its diagnostics (TW001, TW002, TW104).
import * as assert from 'node:assert/strict';
import { SourceText, lex } from '../../src/lang/lexer';
import { DiagnosticSink } from '../../src/lang/diagnostics';

function tokens(text: string): { toks: string[]; diags: string[] } {
  const sink = new DiagnosticSink();
  const toks = lex(new SourceText(text), sink).map((t) => `${t.range.line}:${t.range.column}-${t.range.endColumn} ${t.kind} ${t.text}`);
  return { toks, diags: sink.list.map((d) => `${d.range.line}:${d.range.column} ${d.code} ${d.message}`) };
}

describe('lang: lexer', () => {
  it('gives words, ints, strings and punctuation with 1-based columns (end exclusive)', () => {
    assert.deepEqual(tokens('let w = T->task_works;\n  x == 12').toks, [
      '1:1-4 word let', '1:5-6 word w', '1:7-8 punct =', '1:9-10 word T', '1:10-12 punct ->', '1:12-22 word task_works',
      '1:22-23 punct ;', '2:3-4 word x', '2:5-7 punct ==', '2:8-10 int 12', '2:10-10 eof ',
    ]);
  });

  it('skips line and block comments, even across lines', () => {
    assert.deepEqual(tokens('a // b\n/* c\n d */ e').toks, ['1:1-2 word a', '3:7-8 word e', '3:8-8 eof ']);
  });

  it('resolves \\" and \\\\ in strings and maps each character back to its column', () => {
    const sink = new DiagnosticSink();
    const [t] = lex(new SourceText('"a\\"b\\\\"'), sink);
    assert.equal(t?.value, 'a"b\\');
    assert.deepEqual(t?.columns, [2, 3, 5, 6, 8]);
    assert.deepEqual(sink.list, []);
  });

  it('reports a run of unexpected characters once (TW001), NUL bytes included', () => {
    assert.deepEqual(tokens('a @#\u0000 b').diags, ["1:3 TW001 unexpected characters '@#U+0000'"]);
    assert.deepEqual(tokens('a | b').diags, ["1:3 TW001 unexpected character '|'"]);
  });

  it('reports unterminated strings and comments (TW002)', () => {
    assert.deepEqual(tokens('x "abc\ny').diags, [`1:3 TW002 unterminated string: missing closing '"' on this line`]);
    assert.deepEqual(tokens('x /* y').diags, ["1:3 TW002 unterminated comment: '/*' has no matching '*/'"]);
  });

  it('reports bad numbers (TW104): letters, fractions, and values beyond 2^31-1', () => {
    assert.deepEqual(tokens('12ab 1.5 0x10 99999999999').diags, [
      "1:1 TW104 bad number '12ab': expected a decimal integer",
      "1:6 TW104 bad number '1.5': expected a decimal integer",
      "1:10 TW104 bad number '0x10': expected a decimal integer",
      "1:15 TW104 number '99999999999' is too large (the limit is 2147483647)",
    ]);
  });

  it('reports an unknown escape in a string (TW001)', () => {
    assert.deepEqual(tokens('"a\\nb"').diags, ["1:3 TW001 unknown escape '\\n' in a string (only \\\" and \\\\ are allowed)"]);
  });
});
