// Writing a scenario in real VS Code through the language server: a "did you mean" diagnostic
// comes with its quick fix, and completions offer the language (keywords, API calls, declared
// names) without words picked up from comments.
import { strict as assert } from 'assert';
import * as vscode from 'vscode';
import { twApi, workspaceFile, waitFor, closeAll } from './helpers';

const TEXT = 'task T;\nwork A = fa;\ncallback fa(cb) { }\n// zzcommentword appears only in this comment\nthread owner current(T) {\n    task_work_rn();\n    \n}\n';

describe('editing with the language server', () => {
  after(closeAll);

  it('offers the did-you-mean quick fix and applies it', async () => {
    await (await twApi()).languageServerReady;
    const uri = workspaceFile('editing.tw');
    await vscode.workspace.fs.writeFile(uri, new TextEncoder().encode(TEXT));
    const doc = await vscode.workspace.openTextDocument(uri);
    await vscode.window.showTextDocument(doc);
    const diag = await waitFor('the TW207 diagnostic', [vscode.languages.onDidChangeDiagnostics],
      () => vscode.languages.getDiagnostics(uri).find((d) => d.code === 'TW207'));
    const actions = await vscode.commands.executeCommand<vscode.CodeAction[]>('vscode.executeCodeActionProvider', uri, diag.range);
    const fix = actions.find((a) => a.title === "Change 'task_work_rn' to 'task_work_run'");
    assert.ok(fix?.edit, actions.map((a) => a.title).join('; '));
    assert.equal(fix.kind?.value, vscode.CodeActionKind.QuickFix.value);
    assert.ok(await vscode.workspace.applyEdit(fix.edit));
    assert.match(doc.lineAt(5).text, /task_work_run\(\);/);
    await waitFor('the diagnostics to clear', [vscode.languages.onDidChangeDiagnostics], () => (vscode.languages.getDiagnostics(uri).length === 0 ? true : undefined));
  });

  it('completes API calls and declared names in a body, never words from comments', async () => {
    const uri = workspaceFile('editing.tw');
    const list = await vscode.commands.executeCommand<vscode.CompletionList>('vscode.executeCompletionItemProvider', uri, new vscode.Position(6, 4));
    const labels = list.items.map((i) => (typeof i.label === 'string' ? i.label : i.label.label));
    for (const l of ['task_work_add', 'TWA_RESUME', 'A', 'let']) assert.ok(labels.includes(l), `offers ${l}`);
    assert.ok(!labels.includes('zzcommentword'), 'no word from a comment');
    await vscode.commands.executeCommand('workbench.action.revertAndCloseActiveEditor');
  });
});
