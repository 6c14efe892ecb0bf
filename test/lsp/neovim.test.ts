// The language server driven by a client the project did not write: Neovim's built-in LSP client,
// headless, against `tw lsp` from dist/cli.js (npm test builds it first). Diagnostics, a hover, a
// definition and completions must arrive. Without nvim the test is skipped on a developer machine
// and fails under CI=true (scripts/setupNeovim.sh, called by .ci/run, installs it).
import { strict as assert } from 'node:assert';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

const ROOT = path.join(__dirname, '..', '..');
const CLI = path.join(ROOT, 'dist', 'cli.js');
const hasNvim = spawnSync('nvim', ['--version'], { encoding: 'utf8' }).status === 0;

describe('lsp: Neovim as the client', function () {
  this.timeout(60_000);

  it('gets diagnostics, a hover, a definition and completions from tw lsp', function () {
    if (!hasNvim) {
      if (process.env.CI) assert.fail('nvim is missing: run scripts/setupNeovim.sh (CI must not skip this test)');
      this.skip();
    }
    assert.ok(fs.existsSync(CLI), 'dist/cli.js exists (npm run build)');
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tw-nvim-'));
    try {
      const text = `${fs.readFileSync(path.join(ROOT, 'examples', 's01-cancel-vs-run.tw'), 'utf8')}\nthread late current(T) {\n    task_work_rn();\n    \n}\n`;
      const file = path.join(dir, 's01.tw');
      fs.writeFileSync(file, text);
      const lines = text.split('\n');
      const lineOf = (s: string) => lines.findIndex((l) => l.includes(s));
      const addLine = lineOf('task_work_add(T, A,');
      const pos = {
        hover: [addLine, (lines[addLine] ?? '').indexOf('task_work_add') + 2],
        definition: [addLine, (lines[addLine] ?? '').indexOf('A,')],
        completion: [lineOf('task_work_rn()') + 1, 4],
      };
      const outFile = path.join(dir, 'out.json');
      const r = spawnSync('nvim', ['--headless', '--clean', '-n', file, '-c', `luafile ${path.join(__dirname, 'nvim', 'client.lua')}`], {
        cwd: dir, encoding: 'utf8', timeout: 50_000,
        env: { ...process.env, TW_NODE: process.execPath, TW_CLI: CLI, TW_NVIM_POS: JSON.stringify(pos), TW_NVIM_OUT: outFile },
      });
      assert.ok(fs.existsSync(outFile), `nvim wrote no result (exit ${r.status}): ${r.stderr}${r.stdout}`);
      const got = JSON.parse(fs.readFileSync(outFile, 'utf8'));
      assert.equal(got.error, undefined, got.error);
      const d = got.diagnostics.find((x: { message: string }) => /task_work_rn/.test(x.message));
      assert.ok(d, JSON.stringify(got.diagnostics));
      assert.equal(d.code, 'TW207');
      assert.equal(d.line, lineOf('task_work_rn()'));
      assert.match(got.hover.contents.value, /^`task_work_add\(task, work, mode\)`/);
      const def = Array.isArray(got.definition) ? got.definition[0] : got.definition;
      assert.equal(def.range.start.line, lineOf('work A = fa;'));
      const items = Array.isArray(got.completion) ? got.completion : got.completion.items;
      const labels = items.map((i: { label: string }) => i.label);
      for (const l of ['task_work_add', 'TWA_RESUME', 'A']) assert.ok(labels.includes(l), `completion offers ${l}`);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
