// CPU names in the language server, over the protocol: a `cpu NAME = TASK;` is a declared name like
// a task or a work (definition, references, highlights, rename, hover, outline, semantic tokens),
// its name in a schedule string is its irq_work's thread, completion offers CPUs where one is
// expected (after `on(`, as context_switch's first argument) and an unknown CPU gets a quick fix.
import { strict as assert } from 'node:assert';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { Harness, initialize, startHarness } from './harness';

const ROOT = path.join(__dirname, '..', '..');
const NMI = fs.readFileSync(path.join(ROOT, 'examples', 'history', 'nmi-current-wrong-task.tw'), 'utf8');
const URI = 'file:///ws/nmi-current-wrong-task.tw';
const doc = { textDocument: { uri: URI } };
const lines = NMI.split('\n');
const lineOf = (s: string) => lines.findIndex((l) => l.includes(s));
/** The position of `word` in the line containing `inLine`, `plus` characters in. */
const at = (inLine: string, word: string, plus = 1) => {
  const line = lineOf(inLine);
  return { line, character: (lines[line] ?? '').indexOf(word, inLine === word ? 0 : (lines[line] ?? '').indexOf(inLine)) + plus };
};
type Range = { start: { line: number; character: number }; end: { line: number; character: number } };
const where = (r: Range) => `${r.start.line}:${r.start.character}`;

describe('lsp: CPU names', () => {
  let h: Harness;
  let legend: string[] = [];
  before(async () => {
    h = startHarness({ debounceMs: 10 });
    const r = await initialize(h);
    legend = (r.capabilities.semanticTokensProvider as { legend: { tokenTypes: string[] } }).legend.tokenTypes;
    const diags = h.nextDiagnostics(URI);
    h.open(URI, NMI);
    assert.deepEqual((await diags).diagnostics, [], 'the example is clean');
  });
  after(() => h.dispose());

  const decl = () => at('cpu CPU0 = T;', 'CPU0');
  const onUse = () => at('thread nmi on(CPU0)', 'CPU0');
  const switchUse = () => at('context_switch(CPU0, U)', 'CPU0');
  const inSchedule = () => at('schedule wrong_task', 'CPU0');

  it('goes to the declaration from on(CPU), from context_switch and from a schedule string', async () => {
    for (const p of [onUse(), switchUse(), inSchedule()]) {
      const def = await h.client.sendRequest('textDocument/definition', { ...doc, position: p }) as { range: Range } | null;
      assert.ok(def, `a definition from ${p.line}:${p.character}`);
      assert.equal(where(def.range), `${decl().line}:${decl().character - 1}`);
    }
  });

  it('finds every reference, highlights them and renames them all (the schedule string too)', async () => {
    const expected = [decl(), onUse(), switchUse(), inSchedule()].map((p) => `${p.line}:${p.character - 1}`);
    const refs = await h.client.sendRequest('textDocument/references', { ...doc, position: switchUse(), context: { includeDeclaration: true } }) as { range: Range }[];
    assert.deepEqual(refs.map((r) => where(r.range)), expected);
    const withoutDecl = await h.client.sendRequest('textDocument/references', { ...doc, position: decl(), context: { includeDeclaration: false } }) as { range: Range }[];
    assert.deepEqual(withoutDecl.map((r) => where(r.range)), expected.slice(1));
    const marks = await h.client.sendRequest('textDocument/documentHighlight', { ...doc, position: inSchedule() }) as { range: Range }[];
    assert.deepEqual(marks.map((m) => where(m.range)), expected);
    const prep = await h.client.sendRequest('textDocument/prepareRename', { ...doc, position: onUse() }) as { placeholder: string } | null;
    assert.equal(prep?.placeholder, 'CPU0');
    const edit = await h.client.sendRequest('textDocument/rename', { ...doc, position: decl(), newName: 'cpu1' }) as { changes: Record<string, { range: Range; newText: string }[]> };
    const edits = edit.changes[URI] ?? [];
    assert.deepEqual(edits.map((e) => where(e.range)), expected);
    assert.ok(edits.every((e) => e.newText === 'cpu1' && e.range.end.character - e.range.start.character === 'CPU0'.length));
  });

  it('hovers a CPU with its declaration', async () => {
    for (const p of [onUse(), switchUse()]) {
      const hover = await h.client.sendRequest('textDocument/hover', { ...doc, position: p }) as { contents: { value: string } } | null;
      assert.match(hover?.contents.value ?? '', /^```tw\ncpu CPU0 = T;/);
      assert.match(hover?.contents.value ?? '', /CPU .*`CPU0`, declared at \d+:5/);
    }
    const word = async (p: { line: number; character: number }) =>
      ((await h.client.sendRequest('textDocument/hover', { ...doc, position: p })) as { contents: { value: string } } | null)?.contents.value ?? '';
    assert.match(await word(at('thread nmi on(CPU0)', 'on(')), /^`thread X on\(CPU\)`: an interrupt/);
    assert.match(await word(at('cpu CPU0 = T;', 'cpu')), /^`cpu NAME = TASK;`/);
    assert.match(await word(at('task_work_add(current', 'current')), /In a `thread X on\(CPU\)`, `current`/);
  });

  it('lists the CPU in the outline and colours it as a declared name of its own', async () => {
    const symbols = await h.client.sendRequest('textDocument/documentSymbol', doc) as { name: string; detail: string; selectionRange: Range }[];
    const cpu = symbols.find((s) => s.name === 'CPU0');
    assert.ok(cpu, symbols.map((s) => s.name).join(', '));
    assert.equal(cpu.detail, 'cpu CPU0 = T;');
    assert.equal(where(cpu.selectionRange), `${decl().line}:${decl().character - 1}`);
    const uri = 'file:///ws/cpu-tokens.tw';
    h.open(uri, 'task T;\ncpu C = T;\nthread n on(C) { context_switch(C, T); }\n');
    const data = (await h.client.sendRequest('textDocument/semanticTokens/full', { textDocument: { uri } }) as { data: number[] }).data;
    const kinds: string[] = [];
    for (let i = 0; i < data.length; i += 5) kinds.push(`${legend[data[i + 3] ?? 0]}${data[i + 4] ? `+${data[i + 4]}` : ''}`);
    // task T ; cpu C = T ; thread n on ( C ) { context_switch ( C , T ) }
    assert.deepEqual(kinds, ['keyword', 'type+1', 'keyword', 'struct+1', 'type', 'keyword', 'class+1', 'keyword', 'struct', 'function+2', 'struct', 'type']);
  });

  it('completes CPUs after on( and as context_switch\'s first argument, and in schedules for the irq_work', async () => {
    const uri = 'file:///ws/cpu-complete.tw';
    const complete = async (text: string, line: number, character: number, trigger?: string) => {
      void h.client.sendNotification('textDocument/didOpen', { textDocument: { uri, languageId: 'tw', version: 1, text } });
      const context = trigger ? { context: { triggerKind: 2, triggerCharacter: trigger } } : {};
      const items = await h.client.sendRequest('textDocument/completion', { textDocument: { uri }, position: { line, character }, ...context }) as { label: string; detail?: string }[];
      void h.client.sendNotification('textDocument/didClose', { textDocument: { uri } });
      return items;
    };
    const head = 'task T;\ntask U;\nwork A = fa;\ncallback fa(cb) { }\ncpu CPU0 = T;\ncpu CPU1 = U;\n';
    const on = await complete(`${head}thread n on(C`, 6, 13);
    assert.deepEqual(on.map((i) => i.label), ['CPU0', 'CPU1']);
    const sw = `thread s { context_switch(`;
    assert.deepEqual((await complete(`${head}${sw}\n`, 6, sw.length)).map((i) => i.label), ['CPU0', 'CPU1']);
    const second = (await complete(`${head}thread s { context_switch(CPU0, \n`, 6, 'thread s { context_switch(CPU0, '.length)).map((i) => i.label);
    assert.ok(second.includes('U') && !second.includes('CPU0'), 'the second argument is a task; a CPU is no value');
    assert.deepEqual((await complete(`${head}thread o current(`, 6, 'thread o current('.length)).map((i) => i.label), ['T', 'U']);
    assert.deepEqual((await complete('task T;\ncpu C = ', 1, 'cpu C = '.length)).map((i) => i.label), ['T']);
    const sched = await complete(`${head}thread s { }\nschedule x = "`, 7, 'schedule x = "'.length);
    assert.deepEqual(sched.map((i) => `${i.label} ${i.detail}`), ['s thread', 'CPU0 CPU (its irq_work)', 'CPU1 CPU (its irq_work)']);
    // '(' opens the list by itself only where a CPU or a task is due, not after every call's parenthesis.
    assert.deepEqual((await complete(`${head}thread n on(`, 6, 'thread n on('.length, '(')).map((i) => i.label), ['CPU0', 'CPU1']);
    assert.deepEqual((await complete(`${head}${sw}\n`, 6, sw.length, '(')).map((i) => i.label), ['CPU0', 'CPU1']);
    assert.deepEqual(await complete(`${head}thread s { task_work_add(\n`, 6, 'thread s { task_work_add('.length, '('), []);
  });

  it('offers to declare an unknown CPU', async () => {
    const uri = 'file:///ws/cpu-missing.tw';
    const text = 'task T;\nthread n on(CPU9) { }\n';
    const diags = h.nextDiagnostics(uri, (p) => p.diagnostics.length > 0);
    h.open(uri, text);
    const d = (await diags).diagnostics.find((x) => /unknown CPU 'CPU9'/.test(x.message));
    assert.ok(d);
    const actions = await h.client.sendRequest('textDocument/codeAction', { textDocument: { uri }, range: d.range, context: { diagnostics: [d] } }) as { title: string; edit: { changes: Record<string, { newText: string; range: Range }[]> } }[];
    const add = actions.find((a) => a.title.startsWith('Add a declaration'));
    assert.equal(add?.title, 'Add a declaration: cpu CPU9 = T;');
    assert.equal(add?.edit.changes[uri]?.[0]?.newText, 'cpu CPU9 = T;\n');
    assert.equal(add?.edit.changes[uri]?.[0]?.range.start.line, 1, 'after the tasks, before the threads');
  });
});
