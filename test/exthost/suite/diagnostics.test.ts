// Diagnostics as you type: a broken file gets the same codes and messages as `tw check`, and
// fixing the text in the editor (unsaved) clears them.
import { strict as assert } from 'assert';
import * as vscode from 'vscode';
import { compileSource } from '../../../src/lang';
import { twApi, workspaceFile, waitFor, closeAll } from './helpers';

const BROKEN = 'task T;\nwork A = fa;\ncallback fa(cb) { }\nthred owner current(T) {\n    task_work_run();\n}\n';

describe('diagnostics', () => {
  after(closeAll);

  it('reports a broken file with the codes, messages and positions of `tw check`', async () => {
    await twApi();
    const uri = workspaceFile('broken.tw');
    await vscode.workspace.fs.writeFile(uri, new TextEncoder().encode(BROKEN));
    const doc = await vscode.workspace.openTextDocument(uri);
    await vscode.window.showTextDocument(doc);
    const diags = await waitFor('diagnostics of broken.tw', [vscode.languages.onDidChangeDiagnostics],
      () => { const d = vscode.languages.getDiagnostics(uri); return d.length ? d : undefined; });
    const expected = compileSource('broken.tw', BROKEN).diagnostics;
    assert.ok(expected.length > 0);
    assert.deepEqual(diags.map((d) => `${d.range.start.line + 1}:${d.range.start.character + 1} ${String(d.code)} ${d.message}`),
      expected.map((d) => `${d.range.line}:${d.range.column} ${d.code} ${d.message}`));
    assert.equal(diags[0]?.code, 'TW103');
    assert.equal(diags[0]?.source, 'tw');
    assert.equal(diags[0]?.severity, vscode.DiagnosticSeverity.Error);
  });

  it('updates as you type, before saving', async () => {
    const uri = workspaceFile('broken.tw');
    const editor = await vscode.window.showTextDocument(await vscode.workspace.openTextDocument(uri));
    const line = 3;
    await editor.edit((e) => e.replace(new vscode.Range(line, 0, line, 5), 'thread'));
    assert.equal(editor.document.isDirty, true);
    await waitFor('diagnostics to clear', [vscode.languages.onDidChangeDiagnostics],
      () => (vscode.languages.getDiagnostics(uri).length === 0 ? true : undefined));
    await vscode.commands.executeCommand('workbench.action.revertAndCloseActiveEditor');
  });
});
