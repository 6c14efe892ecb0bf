// The debug configuration provider: F5 with no launch.json on a .tw editor fills type, request and
// program; a configuration without program takes the active .tw file, else the one the user was on.
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

  it('with no .tw editor open, takes the scenario the user was on last (not whatever tab is active)', async () => {
    const api = await twApi();
    const uri = workspaceFile('s02-exit-vs-add.tw');
    await vscode.window.showTextDocument(await vscode.workspace.openTextDocument(uri));
    await closeAll();
    const cfg = api.configurations.resolveDebugConfiguration(undefined, { type: 'tw', request: 'launch', name: 'x' });
    assert.equal((cfg as { program?: string } | undefined)?.program, uri.fsPath);
  });
});
