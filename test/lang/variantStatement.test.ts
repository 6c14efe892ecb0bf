// The `variant` statement's three forms: a shipped name, a kernel release the caller knows
// (v3.7-dev, v4.14, written without spaces) and a listing file in quotes, with file:line:col
// diagnostics for an unknown name and a file that is no listing.
import * as assert from 'node:assert/strict';
import { compileSource, CheckOptions } from '../../src/lang';
import { HISTORY_VARIANTS } from '../../src/model';
import { PRELUDE } from './helpers';

const RELEASES = { releases: HISTORY_VARIANTS };
const src = (line: string): string => `${PRELUDE}\nthread t current(T) { }\n${line}\n`;
const codes = (line: string, opts: CheckOptions = RELEASES): string[] =>
  compileSource('t.tw', src(line), opts).diagnostics.map((d) => `${d.range.line}:${d.range.column} ${d.code} ${d.message}`);

describe('lang: the variant statement', () => {
  it('names a kernel release: the dots and the -dev are one name, recorded with where it stands', () => {
    for (const name of ['v3.7-dev', 'v3.7', 'v4.14', 'v6.19']) {
      const r = compileSource('t.tw', src(`variant ${name};`), RELEASES);
      assert.deepEqual(r.diagnostics, [], name);
      assert.equal(r.program?.variant, name);
      assert.deepEqual(r.program?.variantAt, { line: 3, column: 9, endLine: 3, endColumn: 9 + name.length });
    }
  });

  it('an unknown release is TW204 at the name, with the nearest release suggested', () => {
    const [d] = codes('variant v3.7-de;');
    assert.match(d ?? '', /^3:9 TW204 unknown variant 'v3\.7-de' \(did you mean 'v3\.7-dev'\?\)/);
  });

  it('without the releases (a caller that knows none) a release name is unknown, never silently taken', () => {
    assert.match(codes('variant v4.14;', {})[0] ?? '', /^3:9 TW204 unknown variant 'v4\.14'/);
  });

  it('expect takes release names too', () => {
    const r = compileSource('t.tw', src('expect v3.7-dev: lost-work; expect v3.7: ok;'), RELEASES);
    assert.deepEqual(r.diagnostics, []);
    assert.deepEqual(r.program?.expectations.map((e) => e.variant), ['v3.7-dev', 'v3.7']);
  });

  it('a quoted listing file is kept as written (the loaders resolve it next to the .tw file)', () => {
    const r = compileSource('dir/t.tw', src('variant "my_task_work.c";'), RELEASES);
    assert.deepEqual(r.diagnostics, []);
    assert.equal(r.program?.variant, 'my_task_work.c');
    assert.equal(r.program?.variantAt?.column, 9);
  });

  it('a quoted name that is no .c listing is TW204', () => {
    assert.match(codes('variant "v3.7";')[0] ?? '', /^3:9 TW204 a variant file is a model listing whose name ends in \.c/);
  });

  it('a release with spaces inside is a syntax error, not a different name', () => {
    assert.match(codes('variant v3 .7;')[0] ?? '', /^3:11 TW102 missing ';' after 'v3'/);
  });
});
