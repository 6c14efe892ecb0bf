// "tw: Copy Race Diagram" in a real editor: a session replays S1's race under no-run-lock-pair,
// the command asks the adapter for the schedule so far and puts the drawing on the clipboard.
import { strict as assert } from 'assert';
import * as vscode from 'vscode';
import { twApi, workspaceFile, nextEvent, closeAll, endSession } from './helpers';

describe('Copy Race Diagram', () => {
  let session: vscode.DebugSession | undefined;
  afterEach(async () => {
    await endSession(session);
    session = undefined;
  });
  after(closeAll);

  it("copies the paused session's steps so far as the commit-message drawing", async () => {
    const api = await twApi();
    const uri = workspaceFile('s01-cancel-vs-run.tw');
    const first = nextEvent('first snapshot', api.sessions.snapshots.event);
    await vscode.debug.startDebugging(undefined, { type: 'tw', request: 'launch', name: 's01', program: uri.fsPath, variant: 'no-run-lock-pair', schedule: 'canceller*5 owner*5 canceller*4 owner' });
    session = (await first).session;
    const drawing = await vscode.commands.executeCommand<string | undefined>('tw.copyRaceDiagram');
    assert.equal(await vscode.env.clipboard.readText(), drawing);
    assert.match(drawing ?? '', /^canceller +owner$/m);
    assert.match(drawing ?? '', /next = work->next;\n +\/\/ use-after-free!/);
    assert.ok((drawing ?? '').split('\n').every((l) => l.length <= 72));
  });
});
