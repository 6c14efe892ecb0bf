// The server never dies and answers every request: malformed JSON, requests with missing or wrong
// parameters, unknown methods, documents it never saw, garbage and huge documents, and an edit
// that points outside the text. After each, a normal request still gets its answer.
import { strict as assert } from 'node:assert';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { Harness, initialize, startHarness } from './harness';

const ROOT = path.join(__dirname, '..', '..');
const S1 = fs.readFileSync(path.join(ROOT, 'examples', 's01-cancel-vs-run.tw'), 'utf8');
const URI = 'file:///ws/s1.tw';
const METHODS = ['textDocument/hover', 'textDocument/definition', 'textDocument/references', 'textDocument/completion', 'textDocument/documentSymbol',
  'textDocument/foldingRange', 'textDocument/semanticTokens/full', 'textDocument/codeAction', 'textDocument/formatting', 'textDocument/codeLens',
  'textDocument/rename', 'textDocument/prepareRename', 'textDocument/documentHighlight'];

/** A seeded generator, so a failure is reproducible. */
function rng(seed: number): () => number {
  let s = seed;
  return () => { s = (s * 1103515245 + 12345) & 0x7fffffff; return s / 0x7fffffff; };
}

describe('lsp: robustness', () => {
  let h: Harness;
  const alive = async () => {
    const r = await h.client.sendRequest('textDocument/hover', { textDocument: { uri: URI }, position: { line: 0, character: 0 } });
    assert.ok(r === null || typeof r === 'object');
    const syms = await h.client.sendRequest('textDocument/documentSymbol', { textDocument: { uri: URI } }) as unknown[];
    assert.ok(syms.length > 0, 'the server still knows the open document');
  };
  before(async () => {
    h = startHarness({ debounceMs: 0 });
    await initialize(h);
    h.open(URI, S1);
  });
  after(() => h.dispose());

  it('survives malformed JSON on the wire', async () => {
    const body = '{"jsonrpc":"2.0","id":77,"method":"textDocument/hover","params":{';
    h.raw.write(`Content-Length: ${Buffer.byteLength(body)}\r\n\r\n${body}`);
    await alive();
  });

  it('answers requests with missing or ill-typed parameters, and unknown methods, with a result or an error', async () => {
    const bad: unknown[] = [{}, { textDocument: {} }, { textDocument: { uri: URI } }, { textDocument: { uri: URI }, position: { line: -5, character: 1e9 } },
      { textDocument: { uri: 42 }, position: 'x' }, { textDocument: { uri: URI }, position: { line: 1 }, newName: 7, context: null }];
    for (const method of METHODS) {
      for (const params of bad) {
        await h.client.sendRequest(method, params).then(() => undefined, (e: Error) => assert.ok(e.message.length > 0));
      }
    }
    await assert.rejects(h.client.sendRequest('tw/noSuchMethod', {}), /Unhandled method/);
    await assert.rejects(h.client.sendRequest('workspace/executeCommand', { command: 'tw.server.explore', arguments: ['file:///nowhere.tw'] }), /open \.tw document/);
    await alive();
  });

  it('answers every request on garbage documents and on a document it never opened', async () => {
    const next = rng(7);
    const docs = [
      '', '{{{{{{{{{{', '}}}}}}', '"unterminated', '/* open comment', '\u0000\uFFFD\uD800 binary \u0007',
      'thread t { '.repeat(500), S1.split('').reverse().join(''),
      Array.from({ length: 4000 }, () => String.fromCharCode(Math.floor(next() * 128))).join(''),
      S1.replace(/;/g, ''), S1.replace(/[{}]/g, ''),
    ];
    for (const [i, text] of docs.entries()) {
      const uri = `file:///ws/garbage${i}.tw`;
      h.open(uri, text);
      for (const method of METHODS) {
        const params = { textDocument: { uri }, position: { line: 0, character: 3 }, range: { start: { line: 0, character: 0 }, end: { line: 0, character: 5 } },
          context: { diagnostics: [], includeDeclaration: true }, newName: 'x1', options: { tabSize: 4, insertSpaces: true } };
        await h.client.sendRequest(method, params).then(() => undefined, (e: Error) => assert.match(e.message, /./));
      }
    }
    for (const method of METHODS) await h.client.sendRequest(method, { textDocument: { uri: 'file:///never.tw' }, position: { line: 0, character: 0 }, context: { diagnostics: [] }, options: {} });
    await alive();
  });

  it('handles a huge document and an edit outside the text', async () => {
    const uri = 'file:///ws/huge.tw';
    const huge = S1 + Array.from({ length: 5000 }, (_, i) => `// filler ${i}\nwork w${i} = fa;`).join('\n');
    const got = h.nextDiagnostics(uri);
    h.open(uri, huge);
    await got;
    const syms = await h.client.sendRequest('textDocument/documentSymbol', { textDocument: { uri } }) as unknown[];
    assert.ok(syms.length > 5000);
    void h.client.sendNotification('textDocument/didChange', { textDocument: { uri: URI, version: 9 },
      contentChanges: [{ range: { start: { line: 9999, character: 5 }, end: { line: 99999, character: 0 } }, text: 'x' }] });
    await alive();
  });
});
