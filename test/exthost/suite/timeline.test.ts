// The timeline view's host in a real editor, through the extension's API: the view opens from its
// command and follows a session, a move replays the new order in the session (its tw/schedule says
// so), a move the lock forbids is marked, and Save writes the order as an undoable edit.
import { strict as assert } from 'assert';
import * as vscode from 'vscode';
import type { TimelineView } from '../../../src/protocol/messages';
import { twApi, workspaceFile, nextEvent, waitFor, closeAll, endSession } from './helpers';

describe('timeline view', () => {
  let session: vscode.DebugSession | undefined;
  afterEach(async () => {
    await endSession(session);
    session = undefined;
  });
  after(closeAll);

  it('follows the session, replays a moved order, marks a step that cannot run, and saves the order', async () => {
    const api = await twApi();
    const views = new vscode.EventEmitter<TimelineView>();
    const sub = api.timeline.onView((v) => views.fire(v));
    try {
      const uri = workspaceFile('s01-cancel-vs-run.tw');
      const first = nextEvent('first snapshot', api.sessions.snapshots.event);
      await vscode.debug.startDebugging(undefined, { type: 'tw', request: 'launch', name: 's01', program: uri.fsPath, schedule: 'race' });
      session = (await first).session;
      await vscode.commands.executeCommand('tw.showTimeline');
      const at18 = await waitFor('the timeline at step 18', [views.event], () => (api.timeline.lastView?.position === 18 ? api.timeline.lastView : undefined));
      assert.equal(at18.schedule, 'canceller*5 owner*5 canceller*4 owner*4');

      const moved = await api.timeline.move(10, 4, 5); // the canceller's match, cas, unlock, free before the owner's run.load
      assert.deepEqual(moved && [moved.common, moved.position, moved.blocked, moved.changed], [5, 16, undefined, []], "the owner's spins (waits of the old order) dropped");
      const sched = (await session.customRequest('tw/schedule')) as { text: string };
      assert.equal(sched.text, 'canceller*9 owner*7');

      assert.equal(await api.timeline.move(12, 1, 7), undefined, "run.lock alone would pass the owner's own earlier steps");
      assert.match(api.timeline.lastView?.note ?? '', /^Not moved: a thread's steps keep their order/);
      const blocked = await api.timeline.move(9, 4, 7); // the owner's load, check, cas, lock before the canceller's unlock
      assert.deepEqual(blocked?.blocked, { index: 10, reason: 'spinning on T.pi_lock held by canceller' });
      const view = await waitFor('the blocked mark', [views.event], () => (api.timeline.lastView?.cells[10]?.blocked ? api.timeline.lastView : undefined));
      assert.equal(view.position, 10);
      assert.equal(view.schedule, 'canceller*7 owner*3');

      assert.equal(await api.timeline.saveAs('fromTimeline'), true);
      const doc = await vscode.workspace.openTextDocument(uri);
      assert.equal(doc.lineAt(doc.lineCount - 2).text, 'schedule fromTimeline = "canceller*7 owner*3";');
      // 'undo' acts on the focused editor; a stopped session may move focus to its own editor a
      // moment later, so undo only once the scenario's editor has the focus (and stop once it took).
      for (let i = 0; i < 25 && doc.getText().includes('fromTimeline'); i++) {
        await vscode.window.showTextDocument(doc);
        await new Promise((r) => setTimeout(r, 200));
        if (vscode.window.activeTextEditor?.document === doc) await vscode.commands.executeCommand('undo');
      }
      assert.equal(doc.getText().includes('fromTimeline'), false);
    } finally {
      sub.dispose();
      views.dispose();
    }
  });
});
