// The TextMate grammar checked by the real TextMate engine (vscode-tmgrammar-test) against the
// annotated .tw files beside this test, and kept in step with the language's own word lists.
import { strict as assert } from 'assert';
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { APIS, DECL_KEYWORDS, STMT_KEYWORDS } from '../../src/lang/api';
import { STEP_LABELS } from '../../src/lang';
import { NOTIFY_MODES } from '../../src/core';
import { HOVER_WORDS } from '../../src/lsp/hoverText';

const ROOT = path.resolve(__dirname, '..', '..');
const GRAMMAR = path.join(ROOT, 'syntaxes', 'tw.tmLanguage.json');
const LISTING_GRAMMAR = path.join(ROOT, 'syntaxes', 'tw-listing.tmLanguage.json');
const TOOL = path.join(ROOT, 'node_modules', 'vscode-tmgrammar-test', 'dist', 'unit.js');

function runTool(...files: string[]): { status: number | null; out: string } {
  const r = spawnSync(process.execPath, [TOOL, '-g', GRAMMAR, '-g', LISTING_GRAMMAR, ...files], { cwd: ROOT, encoding: 'utf8', timeout: 60_000 });
  return { status: r.status, out: `${r.stdout}${r.stderr}` };
}

interface Rule { match?: string; begin?: string; name?: string; patterns?: Rule[]; captures?: Record<string, { name?: string }> }
const grammar = JSON.parse(fs.readFileSync(GRAMMAR, 'utf8')) as { repository: Record<string, Rule> };

/** The scope a lone word gets from the first matching `match` rule of a repository entry. */
function scopeOf(entry: string, word: string): string | undefined {
  const rules = grammar.repository[entry]?.patterns ?? [grammar.repository[entry] as Rule];
  for (const r of rules) {
    if (!r.match) continue;
    const m = new RegExp(r.match).exec(`${word}(`);
    if (m && m.index === 0 && m[0].length >= word.length) return r.name ?? r.captures?.['1']?.name;
  }
  return undefined;
}

describe('TextMate grammar (source.tw)', function () {
  this.timeout(60_000);

  it('passes every annotated scope in test/grammar/*.tw and the listing sample', () => {
    const files = fs.readdirSync(__dirname).filter((f) => f.endsWith('.tw') || f.endsWith('.c'));
    assert.ok(files.length >= 3);
    const r = runTool('test/grammar/*.tw', 'test/grammar/*.c');
    assert.equal(r.status, 0, r.out);
    for (const f of files) assert.ok(r.out.includes(`✓ test/grammar/${f}`), `${f} not run:\n${r.out}`);
  });

  it('fails on a wrong annotation (the check can fail)', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tw-grammar-'));
    try {
      fs.writeFileSync(path.join(dir, 'wrong.tw'), '// SYNTAX TEST "source.tw" "wrong"\ntask T;\n// <---- keyword.control.tw\n');
      const r = runTool(path.join(dir, 'wrong.tw'));
      assert.notEqual(r.status, 0, r.out);
      assert.match(r.out, /missing required scopes: keyword\.control\.tw/);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  it('colours every API call of src/lang by its kind', () => {
    for (const api of APIS) {
      const want = api.effect === 'query' ? 'support.function.query.tw'
        : api.name.startsWith('task_work_') || ['do_exit', 'resume_user_mode_work'].includes(api.name) ? 'support.function.api.tw'
          : 'support.function.builtin.tw';
      const got = scopeOf('api', api.name);
      assert.equal(got, want, api.name);
    }
  });

  it('knows every TWA_* mode and every step label', () => {
    for (const mode of NOTIFY_MODES) assert.equal(scopeOf('constants', mode), 'constant.language.mode.tw', mode);
    const step = new RegExp(grammar.repository['step-label']?.match ?? '$^');
    for (const label of STEP_LABELS.filter((l) => l.includes('.'))) {
      assert.equal(step.exec(label)?.[0], label, label);
    }
  });

  it('has a keyword rule for every declaration and statement keyword', () => {
    const text = JSON.stringify(grammar);
    for (const k of [...DECL_KEYWORDS, ...STMT_KEYWORDS]) assert.ok(new RegExp(`\\b${k}\\b`).test(text), k);
  });

  it('has a hover for every API call and mode', () => {
    for (const name of [...APIS.map((a) => a.name), ...NOTIFY_MODES]) assert.ok(HOVER_WORDS.includes(name), name);
  });

  it('ships a language configuration and snippets that parse', () => {
    const cfg = JSON.parse(fs.readFileSync(path.join(ROOT, 'language-configuration.json'), 'utf8')) as {
      comments: { lineComment: string }; indentationRules: Record<string, string>; wordPattern: string;
    };
    assert.equal(cfg.comments.lineComment, '//');
    for (const re of [...Object.values(cfg.indentationRules), cfg.wordPattern]) assert.doesNotThrow(() => new RegExp(re));
    assert.ok(new RegExp(cfg.indentationRules.increaseIndentPattern ?? '$^').test('thread owner current(T) {'));
    assert.ok(new RegExp(cfg.indentationRules.decreaseIndentPattern ?? '$^').test('    }'));
    const snippets = JSON.parse(fs.readFileSync(path.join(ROOT, 'snippets', 'tw.json'), 'utf8')) as Record<string, { prefix: unknown; body: unknown }>;
    assert.deepEqual(Object.keys(snippets).slice(0, 3), ['Scenario', 'Thread', 'Callback']);
    for (const s of Object.values(snippets)) assert.ok(s.prefix && s.body);
  });
});
