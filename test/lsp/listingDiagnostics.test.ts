// A user's listing gets diagnostics as it is typed, over the real protocol: a .c file named by an
// open scenario's `variant "FILE.c";`, one in a listings/ folder, one a saved scenario beside it
// names; a C file that is none of these gets nothing; a scenario naming a missing file gets TW230.
import { strict as assert } from 'node:assert';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { Harness, initialize, startHarness } from './harness';

const ROOT = path.join(__dirname, '..', '..');
const MAINLINE = fs.readFileSync(path.join(ROOT, 'listings', 'mainline.c'), 'utf8');
const BROKEN = MAINLINE.replace('task_work_add(struct task_struct *task', 'task_work_add(struct task_struct *task, frob');
const SCENARIO = 'variant "mine.c";\ntask T;\ncallback cb(w) { }\nwork A = cb;\nthread owner current(T) { task_work_add(T, A, TWA_RESUME); task_work_run(); }\n';
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tw-lsp-listing-'));
const uri = (name: string): string => pathToFileURL(path.join(dir, name)).href;
const change = (h: Harness, u: string, version: number, text: string) =>
  void h.client.sendNotification('textDocument/didChange', { textDocument: { uri: u, version }, contentChanges: [{ text }] });

describe('lsp: diagnostics for model listings', () => {
  let h: Harness;
  beforeEach(async () => { h = startHarness({ debounceMs: 10 }); await initialize(h); });
  afterEach(() => h.dispose());

  it('a listing named by an open scenario: clean, then an error as it is typed, then clean again', async () => {
    assert.ok(BROKEN !== MAINLINE, 'the test edits a line of mainline');
    const scenario = uri('s.tw');
    const mine = uri('mine.c');
    h.open(scenario, SCENARIO);
    const first = h.nextDiagnostics(mine);
    h.open(mine, MAINLINE);
    assert.deepEqual((await first).diagnostics.filter((d) => d.severity === 1), []);
    const broken = h.nextDiagnostics(mine, (p) => p.diagnostics.some((d) => d.severity === 1));
    change(h, mine, 2, BROKEN);
    const line = BROKEN.split('\n').findIndex((l) => l.includes(', frob'));
    const d = (await broken).diagnostics.find((x) => x.severity === 1 && x.range.start.line === line);
    assert.equal(d?.code, 'TW310', 'the error at the edited line, as tw check reports it');
    assert.equal(d?.source, 'tw');
    assert.match(d?.message ?? '', /expected a type, found 'frob'/);
    const clean = h.nextDiagnostics(mine, (p) => !p.diagnostics.some((x) => x.severity === 1));
    change(h, mine, 3, MAINLINE);
    await clean;
  });

  it('a C file no scenario names, outside listings/, without the marker: no diagnostics', async () => {
    const other = uri('other.c');
    const none = h.nextDiagnostics(other);
    h.open(other, 'int main(void) { frob(); }\n');
    assert.deepEqual((await none).diagnostics, []);
  });

  it('a .c file in a listings/ folder, and one a saved scenario beside it names, are listings', async () => {
    const inListings = 'file:///ws/listings/mine.c';
    const a = h.nextDiagnostics(inListings, (p) => p.diagnostics.length > 0);
    h.open(inListings, 'int task_work_add(struct task_struct *t)\n{\n\tfrob();\n}\n');
    assert.ok((await a).diagnostics.some((d) => d.severity === 1));
    fs.writeFileSync(path.join(dir, 'saved.tw'), SCENARIO.replace('mine.c', 'beside.c'));
    const beside = uri('beside.c');
    const b = h.nextDiagnostics(beside, (p) => p.diagnostics.length > 0);
    h.open(beside, BROKEN);
    assert.ok((await b).diagnostics.some((d) => d.severity === 1));
  });

  it("a scenario's variant file that does not exist is TW230 at the statement", async () => {
    const scenario = uri('gone.tw');
    const d = h.nextDiagnostics(scenario, (p) => p.diagnostics.length > 0);
    h.open(scenario, SCENARIO.replace('mine.c', 'gone.c'));
    const got = (await d).diagnostics[0];
    assert.equal(got?.code, 'TW230');
    assert.deepEqual(got?.range.start, { line: 0, character: 8 });
  });
});

describe('lsp: kernel releases in the variant statement', () => {
  let h: Harness;
  beforeEach(async () => { h = startHarness({ debounceMs: 10 }); await initialize(h); });
  afterEach(() => h.dispose());

  it('a release is no error, completes after `variant` and hovers with what changed in it', async () => {
    const u = uri('rel.tw');
    const text = SCENARIO.replace('"mine.c"', 'v4.14').concat('expect v3.7-dev: ok;\n');
    const d = h.nextDiagnostics(u);
    h.open(u, text);
    assert.deepEqual((await d).diagnostics, []);
    const hover = (await h.client.sendRequest('textDocument/hover', { textDocument: { uri: u }, position: { line: 0, character: 10 } })) as { contents: { value: string } } | null;
    assert.match(hover?.contents.value ?? '', /^kernel release `v4\.14`/);
    const items = (await h.client.sendRequest('textDocument/completion', { textDocument: { uri: u }, position: { line: 0, character: 9 } })) as { label: string }[] | { items: { label: string }[] };
    const labels = (Array.isArray(items) ? items : items.items).map((i) => i.label);
    assert.ok(labels.includes('v3.7') && labels.includes('mainline'), labels.join(' '));
  });
});
