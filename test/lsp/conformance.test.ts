// The language server over the real protocol, in process: initialize, didOpen, didChange, every
// request it advertises, shutdown and exit, each answered as the LSP specification says.
import { strict as assert } from 'node:assert';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { Harness, initialize, startHarness } from './harness';

const ROOT = path.join(__dirname, '..', '..');
const S1 = fs.readFileSync(path.join(ROOT, 'examples', 's01-cancel-vs-run.tw'), 'utf8');
const URI = 'file:///ws/s01-cancel-vs-run.tw';
const lineOf = (text: string, s: string) => text.split('\n').findIndex((l) => l.includes(s));
const at = (text: string, inLine: string, word: string, plus = 0) => {
  const line = lineOf(text, inLine);
  return { line, character: (text.split('\n')[line] ?? '').indexOf(word) + plus };
};
const doc = { textDocument: { uri: URI } };
type Loc = { range: { start: { line: number } } };

describe('lsp: conformance', () => {
  let h: Harness;
  let caps: Record<string, unknown> = {};
  before(async () => {
    h = startHarness({ debounceMs: 10, listingsUri: pathToFileURL(path.join(ROOT, 'listings')).href });
    const r = await initialize(h);
    caps = r.capabilities;
    for (const cap of ['hoverProvider', 'definitionProvider', 'referencesProvider', 'documentHighlightProvider', 'renameProvider', 'completionProvider', 'documentSymbolProvider',
      'foldingRangeProvider', 'semanticTokensProvider', 'codeActionProvider', 'documentFormattingProvider', 'codeLensProvider', 'executeCommandProvider']) {
      assert.ok(r.capabilities[cap], `advertises ${cap}`);
    }
    const diags = h.nextDiagnostics(URI);
    h.open(URI, S1);
    assert.deepEqual((await diags).diagnostics, [], 'a clean example has no diagnostics');
  });
  after(() => h.dispose());

  it('publishes diagnostics as the text changes (codes, source, related information) and clears them', async () => {
    const broken = h.nextDiagnostics(URI, (p) => p.diagnostics.length > 0);
    const dup = `${S1}task T;\n`;
    void h.client.sendNotification('textDocument/didChange', { textDocument: { uri: URI, version: 2 }, contentChanges: [{ text: dup }] });
    const d = (await broken).diagnostics[0];
    assert.equal(d?.code, 'TW202');
    assert.equal(d?.source, 'tw');
    assert.match(d?.message ?? '', /already declared/);
    assert.equal(d?.relatedInformation?.[0]?.location.range.start.line, lineOf(S1, 'task T;'));
    const clean = h.nextDiagnostics(URI, (p) => p.diagnostics.length === 0);
    const last = dup.split('\n').length - 2;
    void h.client.sendNotification('textDocument/didChange', {
      textDocument: { uri: URI, version: 3 },
      contentChanges: [{ range: { start: { line: last, character: 0 }, end: { line: last + 1, character: 0 } }, text: '' }],
    });
    await clean;
  });

  it('hovers an API call, a TWA mode and a declared name', async () => {
    const hover = async (inLine: string, word: string) =>
      ((await h.client.sendRequest('textDocument/hover', { ...doc, position: at(S1, inLine, word, 1) })) as { contents: { value: string } } | null)?.contents.value ?? '';
    assert.match(await hover('task_work_add(T, A,', 'task_work_add'), /^`task_work_add\(task, work, mode\)`/);
    assert.match(await hover('task_work_add(T, A,', 'TWA_RESUME'), /^`TWA_RESUME`/);
    assert.match(await hover('task_work_add(T, A,', 'A,'), /work .*`A`, declared at/);
  });

  it('goes to definitions and finds references of a work and a thread (in schedules too)', async () => {
    const def = await h.client.sendRequest('textDocument/definition', { ...doc, position: at(S1, 'task_work_add(T, A,', 'A,') }) as Loc;
    assert.equal(def.range.start.line, lineOf(S1, 'work A = fa;'));
    const refs = await h.client.sendRequest('textDocument/references', { ...doc, position: at(S1, 'thread owner', 'owner'), context: { includeDeclaration: true } }) as Loc[];
    const lines = refs.map((r) => r.range.start.line);
    assert.ok(lines.includes(lineOf(S1, 'thread owner')), 'the declaration');
    assert.ok(lines.includes(lineOf(S1, 'schedule race =')), 'the schedule string');
    const marks = await h.client.sendRequest('textDocument/documentHighlight', { ...doc, position: at(S1, 'thread owner', 'owner') }) as Loc[];
    assert.deepEqual(marks.map((m) => m.range.start.line), lines);
  });

  it('goes from a step label to its line in the variant\'s model listing', async () => {
    const uri = 'file:///ws/label.tw';
    const text = 'variant no-run-lock-pair;\ntask T;\nthread owner current(T) { wait_until(step == "run.next"); }\n';
    h.open(uri, text);
    const def = await h.client.sendRequest('textDocument/definition', { textDocument: { uri }, position: at(text, 'run.next', 'run.next', 2) }) as { uri: string; range: { start: { line: number } } };
    assert.match(def.uri, /\/listings\/no-run-lock-pair\.c$/);
    const listing = fs.readFileSync(path.join(ROOT, 'listings', 'no-run-lock-pair.c'), 'utf8').split('\n');
    assert.match(listing[def.range.start.line] ?? '', /\/\/ run\.next/);
    // A client that shows the listings elsewhere (VS Code's read-only tw-listing: folder) says where.
    const other = startHarness();
    await initialize(other, { listingsUri: 'tw-listing:/listings/' });
    other.open(uri, text);
    const there = await other.client.sendRequest('textDocument/definition', { textDocument: { uri }, position: at(text, 'run.next', 'run.next', 2) }) as { uri: string };
    assert.equal(there.uri, 'tw-listing:/listings/no-run-lock-pair.c');
    other.dispose();
  });

  it('renames a callback at its declaration and uses, and refuses a keyword as the new name', async () => {
    const pos = at(S1, 'callback fa', 'fa');
    const edit = await h.client.sendRequest('textDocument/rename', { ...doc, position: pos, newName: 'fa_renamed' }) as { changes: Record<string, Loc[]> };
    const lines = (edit.changes[URI] ?? []).map((e) => e.range.start.line);
    assert.ok(lines.includes(lineOf(S1, 'callback fa')) && lines.includes(lineOf(S1, 'work A = fa;')), JSON.stringify(lines));
    await assert.rejects(h.client.sendRequest('textDocument/rename', { ...doc, position: pos, newName: 'thread' }), /keyword/);
  });

  it('completes keywords at the top level, API calls in bodies, threads in schedules, step labels after step ==', async () => {
    const labels = async (text: string, line: number, character: number) => {
      void h.client.sendNotification('textDocument/didOpen', { textDocument: { uri: 'file:///ws/c.tw', languageId: 'tw', version: 1, text } });
      const items = await h.client.sendRequest('textDocument/completion', { textDocument: { uri: 'file:///ws/c.tw' }, position: { line, character } }) as { label: string; sortText?: string }[];
      void h.client.sendNotification('textDocument/didClose', { textDocument: { uri: 'file:///ws/c.tw' } });
      return items;
    };
    const top = await labels('task T;\n\n', 1, 0);
    assert.ok(top.some((i) => i.label === 'thread') && !top.some((i) => i.label === 'task_work_add'));
    const body = await labels('task T;\nwork A = fa;\ncallback fa(cb) { }\nthread t {\n    \n}\n', 4, 4);
    for (const l of ['task_work_add', 'TWA_RESUME', 'A', 'T', 'let']) assert.ok(body.some((i) => i.label === l), l);
    const rank = new Map(body.map((i) => [i.label, i.sortText ?? i.label]));
    assert.ok((rank.get('let') ?? '') < (rank.get('A') ?? ''), 'keywords rank above plain names');
    const sched = await labels('task T;\nthread owner current(T) { }\nschedule s = "o', 2, 15);
    assert.deepEqual(sched.map((i) => i.label), ['owner']);
    const stepLine = 'thread owner current(T) { wait_until(step == "r); }';
    const step = await labels(`task T;\n${stepLine}\n`, 1, stepLine.indexOf('"r') + 2);
    assert.ok(step.some((i) => i.label === 'run.call'));
    const variants = await labels('variant no', 0, 10);
    assert.ok(variants.some((i) => i.label === 'no-run-lock-pair'));
    assert.deepEqual((await labels('expect v4.9 l', 0, 13)).map((i) => i.label), ['sc', 'lkmm'], 'the memory model after the variant');
    const kinds = await labels('expect v4.9 lkmm: data-race, ', 0, 29);
    assert.ok(kinds.some((i) => i.label === 'use-after-free'), 'violation kinds after the memory model');
    assert.deepEqual(await labels('task T;\n// thr\n', 1, 6), [], 'nothing inside a comment');
  });

  it('gives an outline, folding ranges and semantic tokens', async () => {
    const symbols = await h.client.sendRequest('textDocument/documentSymbol', doc) as { name: string; range: { start: { line: number }; end: { line: number } } }[];
    const owner = symbols.find((s) => s.name === 'owner');
    assert.ok(owner && owner.range.end.line > owner.range.start.line, 'a thread spans its body');
    const folds = await h.client.sendRequest('textDocument/foldingRange', doc) as unknown[];
    assert.ok(folds.length > 0);
    const tokens = await h.client.sendRequest('textDocument/semanticTokens/full', doc) as { data: number[] };
    assert.ok(tokens.data.length > 0 && tokens.data.length % 5 === 0);
    const uri = 'file:///ws/tokens.tw';
    h.open(uri, 'task T;\nwork A = fa;\ncallback fa(cb) { free(cb); }\n');
    const small = (await h.client.sendRequest('textDocument/semanticTokens/full', { textDocument: { uri } }) as { data: number[] }).data;
    const legend = (caps.semanticTokensProvider as { legend: { tokenTypes: string[] } }).legend.tokenTypes;
    const kinds: string[] = [];
    for (let i = 0; i < small.length; i += 5) kinds.push(`${legend[small[i + 3] ?? 0]}${small[i + 4] ? `+${small[i + 4]}` : ''}`);
    // task T ; work A = fa ; callback fa ( cb ) { free ( cb ) }
    assert.deepEqual(kinds, ['keyword', 'type+1', 'keyword', 'variable+1', 'function', 'keyword', 'function+1', 'parameter+1', 'function+2', 'parameter']);
  });

  it('offers the did-you-mean fix and an added declaration as quick fixes', async () => {
    const uri = 'file:///ws/fix.tw';
    const text = 'task T;\nwork A = fa;\ncallback fa(cb) { }\nthread t current(T) {\n    task_work_rn();\n    task_work_add(T, B, TWA_NONE);\n}\n';
    const got = h.nextDiagnostics(uri, (p) => p.diagnostics.length >= 2);
    h.open(uri, text);
    const diags = (await got).diagnostics;
    type Action = { title: string; edit: { changes: Record<string, { newText: string; range: { start: { line: number } } }[]> } };
    const actions = await h.client.sendRequest('textDocument/codeAction', { textDocument: { uri }, range: { start: { line: 0, character: 0 }, end: { line: 6, character: 0 } }, context: { diagnostics: diags } }) as Action[];
    const titles = actions.map((a) => a.title);
    assert.ok(titles.includes("Change 'task_work_rn' to 'task_work_run'"), titles.join('; '));
    const add = actions.find((a) => a.title.startsWith('Add a declaration: work B'));
    assert.ok(add, titles.join('; '));
    assert.equal(add.edit.changes[uri]?.[0]?.range.start.line, 2, 'after the last work');
  });

  it('formats a file and leaves a broken one alone with a message', async () => {
    const uri = 'file:///ws/fmt.tw';
    h.open(uri, 'task T;\nthread t current(T) {\ntask_work_run();   \n}\n\n\n');
    const edits = await h.client.sendRequest('textDocument/formatting', { textDocument: { uri }, options: { tabSize: 4, insertSpaces: true } }) as { newText: string }[];
    assert.equal(edits.length, 1);
    const bad = 'file:///ws/bad.tw';
    h.open(bad, 'task T;\nthred t {\n}\n');
    assert.deepEqual(await h.client.sendRequest('textDocument/formatting', { textDocument: { uri: bad }, options: { tabSize: 4, insertSpaces: true } }), []);
    assert.ok(h.messages.some((m) => /not formatted: the file has \d+ errors?/.test(m.message)), JSON.stringify(h.messages));
  });

  it('shows Debug, Explore and Debug-this-schedule lenses, and executes Explore itself', async () => {
    const lenses = await h.client.sendRequest('textDocument/codeLens', doc) as { command: { title: string; command: string; arguments: unknown[] } }[];
    assert.deepEqual(lenses.map((l) => l.command.title).slice(0, 3), ['Debug (mainline)', 'Explore', 'Debug (no-run-lock-pair)']);
    const explore = lenses.find((l) => l.command.command === 'tw.server.explore' && l.command.arguments[1] === 'no-run-lock-pair');
    assert.ok(explore);
    const r = await h.client.sendRequest('workspace/executeCommand', { command: explore.command.command, arguments: explore.command.arguments }) as { ok: boolean; message: string };
    assert.equal(r.ok, false);
    assert.match(r.message, /under no-run-lock-pair: .*use-after-free/s);
  });

  it('executes Explore under the file\'s own memory model (memory lkmm; is not judged by SC)', async () => {
    const file = path.join(ROOT, 'examples', 'history', 'unlock-wait-lkmm.tw');
    const uri = 'file:///ws/examples/history/unlock-wait-lkmm.tw';
    h.open(uri, fs.readFileSync(file, 'utf8'));
    const run = (v: string): Promise<{ ok: boolean; message: string }> =>
      h.client.sendRequest('workspace/executeCommand', { command: 'tw.server.explore', arguments: [uri, v] }) as Promise<{ ok: boolean; message: string }>;
    const weak = await run('v4.9');
    assert.equal(weak.ok, false);
    assert.match(weak.message, /under v4\.9: .*use-after-free: .*\| owner@run\.unlock_wait<-init/s); // SC finds nothing here
    assert.doesNotMatch((await run('v4.14')).message, /use-after-free/);
  });

  it('serves a model listing its step-label hovers and outline', async () => {
    const uri = 'file:///ws/listings/mainline.c';
    const text = fs.readFileSync(path.join(ROOT, 'listings', 'mainline.c'), 'utf8');
    h.open(uri, text);
    const hover = await h.client.sendRequest('textDocument/hover', { textDocument: { uri }, position: at(text, '// add.cas', 'add.cas', 1) }) as { contents: { value: string } };
    assert.match(hover.contents.value, /^step `add.cas`/);
    const fn = await h.client.sendRequest('textDocument/hover', { textDocument: { uri }, position: at(text, 'task_work_run(', 'task_work_run', 2) }) as { contents: { value: string } };
    assert.match(fn.contents.value, /^`task_work_run\(\)`/);
    const symbols = await h.client.sendRequest('textDocument/documentSymbol', { textDocument: { uri } }) as { name: string }[];
    assert.ok(symbols.some((s) => s.name === 'run.call'));
  });

  it('shuts down and exits with code 0', async () => {
    assert.equal(await h.client.sendRequest('shutdown'), null);
    void h.client.sendNotification('exit');
    for (let i = 0; i < 50 && h.exitCode() === undefined; i++) await new Promise((r) => setTimeout(r, 10));
    assert.equal(h.exitCode(), 0);
  });
});
