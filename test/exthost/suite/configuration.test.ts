// The debug configuration provider: F5 with no launch.json on a .tw editor fills type, request and
// program; a configuration without program takes the active .tw file.
import { strict as assert } from 'assert';
import * as vscode from 'vscode';
import { twApi, workspaceFile, closeAll } from './helpers';

describe('debug configuration provider', () => {
  after(closeAll);

  it('fills an empty configuration from the active .tw editor', async () => {
    const api = await twApi();
    const uri = workspaceFile('s02-exit-vs-add.tw');
    await vscode.window.showTextDocument(await vscode.workspace.openTextDocument(uri));
    const cfg = api.configurations.resolveDebugConfiguration(vscode.workspace.workspaceFolders?.[0], { type: '', request: '', name: '' });
    assert.deepEqual(cfg, { type: 'tw', request: 'launch', name: 'Debug s02-exit-vs-add.tw', program: uri.fsPath, stopOnEntry: true });
  });

  it('keeps the given attributes and adds only the missing program', async () => {
    const api = await twApi();
    const uri = workspaceFile('s02-exit-vs-add.tw');
    await vscode.window.showTextDocument(await vscode.workspace.openTextDocument(uri));
    const cfg = api.configurations.resolveDebugConfiguration(undefined, { type: 'tw', request: 'launch', name: 'mine', variant: 'no-sentinel' });
    assert.deepEqual(cfg, { type: 'tw', request: 'launch', name: 'mine', variant: 'no-sentinel', program: uri.fsPath });
  });

  it('aborts (undefined) when there is no program and no .tw editor', async () => {
    const api = await twApi();
    await closeAll();
    assert.equal(api.configurations.resolveDebugConfiguration(undefined, { type: 'tw', request: 'launch', name: 'x' }), undefined);
  });
});
