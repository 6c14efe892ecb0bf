// Activation, the language mode, commands, and the editor features a .tw file gets in real VS Code.
import { strict as assert } from 'assert';
import * as vscode from 'vscode';
import { EXTENSION_ID, workspaceFile, closeAll, twApi } from './helpers';

describe('activation and language features', () => {
  after(closeAll);

  it('opens .tw files in the tw language and activates (the workspace holds .tw files)', async () => {
    const ext = vscode.extensions.getExtension(EXTENSION_ID);
    assert.ok(ext, 'the extension is installed');
    const doc = await vscode.workspace.openTextDocument(workspaceFile('s01-cancel-vs-run.tw'));
    await vscode.window.showTextDocument(doc);
    assert.equal(doc.languageId, 'tw');
    await ext.activate();
    assert.equal(ext.isActive, true);
    await (await twApi()).languageServerReady; // the features below come from the language server
    const commands = await vscode.commands.getCommands(true);
    for (const c of ['tw.debugScenario', 'tw.debugSchedule', 'tw.showQueue', 'tw.stepThread', 'tw.saveSchedule', 'tw.debugFailingSchedule']) {
      assert.ok(commands.includes(c), c);
    }
  });

  it('goes to the definition of a work, a callback and a thread named in a schedule', async () => {
    const doc = await vscode.workspace.openTextDocument(workspaceFile('s01-cancel-vs-run.tw'));
    const lineOf = (s: string) => doc.getText().split('\n').findIndex((l) => l.includes(s));
    const def = async (inLine: string, word: string) => {
      const line = lineOf(inLine);
      const col = doc.lineAt(line).text.indexOf(word);
      const locs = await vscode.commands.executeCommand<vscode.Location[]>('vscode.executeDefinitionProvider', doc.uri, new vscode.Position(line, col));
      return locs.map((l) => `${l.range.start.line}:${l.range.start.character}`);
    };
    assert.deepEqual(await def('task_work_add(T, A,', 'A'), [`${lineOf('work A = fa;')}:5`]);
    assert.deepEqual(await def('work A = fa;', 'fa'), [`${lineOf('callback fa(cb)')}:9`]);
    assert.deepEqual(await def('schedule race =', 'owner'), [`${lineOf('thread owner')}:7`]);
  });

  it('hovers an API call and a TWA_* mode with one line each', async () => {
    const doc = await vscode.workspace.openTextDocument(workspaceFile('s01-cancel-vs-run.tw'));
    const line = doc.getText().split('\n').findIndex((l) => l.includes('task_work_add(T, A, TWA_RESUME)'));
    const text = doc.lineAt(line).text;
    const hover = async (word: string) => {
      const hs = await vscode.commands.executeCommand<vscode.Hover[]>('vscode.executeHoverProvider', doc.uri, new vscode.Position(line, text.indexOf(word) + 1));
      return hs.flatMap((h) => h.contents.map((c) => (typeof c === 'string' ? c : 'value' in c ? c.value : ''))).join('\n');
    };
    assert.match(await hover('task_work_add'), /^`task_work_add\(task, work, mode\)`: push/);
    assert.match(await hover('TWA_RESUME'), /^`TWA_RESUME`: set TIF_NOTIFY_RESUME/);
  });

  it('shows CodeLenses: Debug and Explore per expectation, Debug this schedule per schedule', async () => {
    const doc = await vscode.workspace.openTextDocument(workspaceFile('s01-cancel-vs-run.tw'));
    const lenses = await vscode.commands.executeCommand<vscode.CodeLens[]>('vscode.executeCodeLensProvider', doc.uri);
    assert.deepEqual(lenses.map((l) => l.command?.title), [
      '$(debug-alt) Debug (mainline)', '$(search) Explore', '$(debug-alt) Debug (no-run-lock-pair)', '$(search) Explore',
      '$(debug-alt) Debug this schedule', 'under no-run-lock-pair',
    ]);
    assert.equal(lenses[4]?.command?.command, 'tw.debugSchedule');
    assert.ok(lenses[4]?.command?.arguments?.[0] instanceof vscode.Uri, 'the debug commands get a vscode.Uri');
    assert.equal(lenses[1]?.command?.command, 'tw.server.explore');
  });
});
