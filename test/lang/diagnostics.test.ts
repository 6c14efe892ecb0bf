// The diagnostic text form, quoting, and near-miss suggestions.
import * as assert from 'node:assert/strict';
import { formatDiagnostic, suggest, editDistance, quote } from '../../src/lang/diagnostics';
import { compileSource } from '../../src/lang';

describe('lang: diagnostics', () => {
  it('formats as file:line:col: severity code: message (the form the CLI and the Problems panel share)', () => {
    const [d] = compileSource('examples/x.tw', 'task T;\nthread t { }\n\n    thred u { }').diagnostics;
    assert.ok(d);
    assert.equal(formatDiagnostic('examples/x.tw', d),
      "examples/x.tw:4:5: error TW103: expected 'variant', 'expect', 'task', 'work', 'callback', 'thread', 'setup', 'final', 'invariant', 'schedule', 'option', 'memory' or 'cpu', found 'thred' (did you mean 'thread'?)");
    assert.deepEqual(d.range, { line: 4, column: 5, endLine: 4, endColumn: 10 });
  });

  it('formats warnings the same way', () => {
    const [d] = compileSource('a.tw', 'task T;').diagnostics;
    assert.ok(d);
    assert.equal(formatDiagnostic('a.tw', d), "a.tw:1:1: warning TW216: no thread declared: nothing will run (declare 'thread NAME { ... }')");
  });

  it('edit distance counts insertions, deletions, substitutions and swaps as one', () => {
    assert.deepEqual([editDistance('thred', 'thread'), editDistance('thread', 'thred'), editDistance('tset', 'test'),
      editDistance('task', 'mask'), editDistance('', 'abc'), editDistance('abc', 'abc')], [1, 1, 1, 1, 3, 0]);
  });

  it('suggests only plausible near misses, preferring case-only differences', () => {
    assert.equal(suggest('thred', ['task', 'thread', 'work']), 'thread');
    assert.equal(suggest('null', ['NULL', 'nul']), 'NULL');
    assert.equal(suggest('xyz', ['task', 'work']), undefined);
    assert.equal(suggest('T', ['U']), undefined); // one letter off a one-letter name is not a misspelling
    assert.equal(suggest('A', ['A']), undefined);
  });

  it('quotes control characters visibly and cuts long tokens', () => {
    assert.equal(quote('a\u0000\tb'), "'aU+0000U+0009b'");
    assert.equal(quote('x'.repeat(100)), `'${'x'.repeat(40)}...'`);
  });
});
