// A tw debug session driven through the vscode API: the inline adapter starts, every stop sends a
// `tw/state` snapshot that reaches the queue picture, the call-stack step command moves one
// thread by one atomic step, and F5 with no launch.json debugs the active .tw file.
import { strict as assert } from 'assert';
import * as vscode from 'vscode';
import type { StateSnapshot } from '../../../src/protocol/messages';
import { EXTENSION_ID, twApi, workspaceFile, nextEvent, closeAll } from './helpers';

interface DapThread { id: number; name: string }
interface DapVariable { name: string; value: string; variablesReference: number }

async function variablesOf(session: vscode.DebugSession, ref: number): Promise<DapVariable[]> {
  const r = (await session.customRequest('variables', { variablesReference: ref })) as { variables: DapVariable[] };
  return r.variables;
}

describe('a tw debug session through vscode.debug', () => {
  let session: vscode.DebugSession | undefined;
  afterEach(async () => {
    if (session) {
      const ended = nextEvent('session end', vscode.debug.onDidTerminateDebugSession, (s) => s.id === session?.id);
      await vscode.debug.stopDebugging(session);
      await ended;
      session = undefined;
    }
  });
  after(closeAll);

  it('stops on entry and sends a snapshot that the queue picture receives', async () => {
    const api = await twApi();
    const posted: string[] = [];
    const sub = api.queue.onPost((m) => posted.push(m.type === 'snapshot' ? `snapshot ${m.snapshot.step}` : m.type));
    const uri = workspaceFile('s01-cancel-vs-run.tw');
    const first = nextEvent('first snapshot', api.sessions.snapshots.event);
    assert.equal(await vscode.debug.startDebugging(vscode.workspace.workspaceFolders?.[0], { type: 'tw', request: 'launch', name: 's01', program: uri.fsPath }), true);
    const { session: s, snapshot } = await first;
    session = s;
    assert.equal(snapshot.step, 0);
    assert.equal(snapshot.variant, 'mainline');
    assert.deepEqual(snapshot.tasks.map((t) => [t.name, t.chain.join(' -> ')]), [['T', 'B -> A -> NULL']]);
    assert.deepEqual(snapshot.threads.map((t) => t.name), ['canceller', 'owner']);
    assert.equal(api.queue.visible, true, 'the picture opens beside the editor');
    assert.deepEqual(posted, ['snapshot 0']);
    sub.dispose();
  });

  it('steps one thread one atomic step from its call-stack row (tw.stepThread)', async () => {
    const api = await twApi();
    const uri = workspaceFile('s01-cancel-vs-run.tw');
    const first = nextEvent('first snapshot', api.sessions.snapshots.event);
    await vscode.debug.startDebugging(undefined, { type: 'tw', request: 'launch', name: 's01', program: uri.fsPath });
    session = (await first).session;
    const { threads } = (await session.customRequest('threads')) as { threads: DapThread[] };
    const canceller = threads.find((t) => t.name.startsWith('canceller'));
    assert.ok(canceller, JSON.stringify(threads));
    const stepped = nextEvent<{ snapshot: StateSnapshot }>('snapshot after the step', api.sessions.snapshots.event);
    await vscode.commands.executeCommand('tw.stepThread', canceller.id, { sessionId: session.id });
    const { snapshot } = await stepped;
    assert.equal(snapshot.step, 1);
    assert.equal(snapshot.lastThread, canceller.id);
    assert.equal(snapshot.lastLabel, 'cancel.peek');
    assert.equal(snapshot.threads.find((t) => t.name === 'owner')?.next, 'run.load', 'the owner did not move');
  });

  it('shows the task_works chain and pi_lock in the Variables scopes', async () => {
    const api = await twApi();
    const uri = workspaceFile('s01-cancel-vs-run.tw');
    const first = nextEvent('first snapshot', api.sessions.snapshots.event);
    await vscode.debug.startDebugging(undefined, { type: 'tw', request: 'launch', name: 's01', program: uri.fsPath, schedule: 'canceller*2' });
    session = (await first).session;
    const { threads } = (await session.customRequest('threads')) as { threads: DapThread[] };
    const { stackFrames } = (await session.customRequest('stackTrace', { threadId: threads[0]?.id })) as { stackFrames: { id: number }[] };
    const { scopes } = (await session.customRequest('scopes', { frameId: stackFrames[0]?.id })) as { scopes: { name: string; variablesReference: number }[] };
    const tasksScope = scopes.find((s) => s.name === 'Tasks');
    assert.ok(tasksScope, JSON.stringify(scopes.map((s) => s.name)));
    const [task] = await variablesOf(session, tasksScope.variablesReference);
    assert.ok(task);
    const fields = await variablesOf(session, task.variablesReference);
    const byName = new Map(fields.map((f) => [f.name, f.value]));
    assert.match(byName.get('task_works') ?? '', /B -> A -> NULL/);
    assert.match(byName.get('pi_lock') ?? '', /canceller/);
  });

  it('F5 with no launch.json debugs the active .tw editor', async () => {
    const uri = workspaceFile('s02-exit-vs-add.tw');
    await vscode.window.showTextDocument(await vscode.workspace.openTextDocument(uri));
    const started = nextEvent('session start', vscode.debug.onDidStartDebugSession, (s) => s.type === 'tw');
    await vscode.commands.executeCommand('workbench.action.debug.start');
    session = await started;
    assert.equal(session.configuration.program, uri.fsPath);
    assert.equal(session.configuration.request, 'launch');
  });

  it('F5 from a model listing starts the scenario debugged last, never the listing (no launch.json, and with ${file})', async () => {
    const api = await twApi();
    const uri = workspaceFile('s01-cancel-vs-run.tw');
    const first = nextEvent('first snapshot', api.sessions.snapshots.event);
    await vscode.debug.startDebugging(undefined, { type: 'tw', request: 'launch', name: 's01', program: uri.fsPath });
    const s1 = (await first).session;
    const ended = nextEvent('session end', vscode.debug.onDidTerminateDebugSession, (s) => s.id === s1.id);
    await vscode.debug.stopDebugging(s1);
    await ended;
    // The listing the debugger showed is the active tab, as after any step in the guide.
    const ext = vscode.extensions.getExtension(EXTENSION_ID);
    assert.ok(ext);
    const listing = await vscode.workspace.openTextDocument(vscode.Uri.joinPath(ext.extensionUri, 'listings', 'mainline.c'));
    await vscode.window.showTextDocument(listing);
    assert.equal(vscode.window.activeTextEditor?.document.languageId, 'tw-listing');
    const started = nextEvent('F5 session', vscode.debug.onDidStartDebugSession, (s) => s.type === 'tw');
    await vscode.commands.executeCommand('workbench.action.debug.start'); // no "Select debugger" picker
    session = await started;
    assert.equal(session.configuration.program, uri.fsPath);
    const again = nextEvent('session end', vscode.debug.onDidTerminateDebugSession, (s) => s.id === session?.id);
    await vscode.debug.stopDebugging(session);
    await again;
    // The configuration the guide suggests: program ${file}, with the listing active.
    await vscode.window.showTextDocument(listing);
    const viaFile = nextEvent('${file} session', vscode.debug.onDidStartDebugSession, (s) => s.type === 'tw');
    assert.equal(await vscode.debug.startDebugging(vscode.workspace.workspaceFolders?.[0], { type: 'tw', request: 'launch', name: 'Debug scenario', program: '${file}' }), true);
    session = await viaFile;
    assert.equal(session.configuration.program, uri.fsPath);
  });

  it('shows the model listing read-only under a short name, each step label at the start of its line', async () => {
    const api = await twApi();
    const first = nextEvent('first snapshot', api.sessions.snapshots.event);
    await vscode.debug.startDebugging(undefined, { type: 'tw', request: 'launch', name: 's01', program: workspaceFile('s01-cancel-vs-run.tw').fsPath });
    session = (await first).session;
    const { stackFrames } = (await session.customRequest('stackTrace', { threadId: 1 })) as { stackFrames: { source?: { path?: string } }[] };
    const where = stackFrames[0]?.source?.path ?? '';
    assert.equal(where, 'tw-listing:/listings/mainline.c', 'no install path in the tab or breadcrumb');
    const uri = vscode.Uri.parse(where);
    const doc = await vscode.workspace.openTextDocument(uri);
    assert.equal(doc.languageId, 'tw-listing');
    assert.match(doc.getText(), /\/\/ cancel\.peek/);
    assert.equal(vscode.workspace.fs.isWritableFileSystem('tw-listing'), false, 'read-only');
    await vscode.window.showTextDocument(doc);
    const hints = (await vscode.commands.executeCommand('vscode.executeInlayHintProvider', uri, new vscode.Range(0, 0, doc.lineCount, 0))) as vscode.InlayHint[];
    const peek = hints.find((h) => h.label === 'cancel.peek');
    assert.ok(peek, JSON.stringify(hints.map((h) => h.label)));
    assert.equal(peek.position.character, 0, 'at the start of the line, where a narrow editor still shows it');
    assert.match(doc.lineAt(peek.position.line).text, /\/\/ cancel\.peek/);
  });

  it('saves the schedule so far into the scenario as a named schedule (an undoable edit)', async () => {
    const api = await twApi();
    const uri = workspaceFile('s01-cancel-vs-run.tw');
    const first = nextEvent('first snapshot', api.sessions.snapshots.event);
    await vscode.debug.startDebugging(undefined, { type: 'tw', request: 'launch', name: 's01', program: uri.fsPath, schedule: 'canceller*2 owner' });
    session = (await first).session;
    await vscode.commands.executeCommand('tw.saveSchedule', 'saved1');
    const doc = await vscode.workspace.openTextDocument(uri);
    assert.equal(doc.isDirty, true);
    assert.equal(doc.lineAt(doc.lineCount - 2).text, 'schedule saved1 = "canceller*2 owner";');
    await vscode.window.showTextDocument(doc);
    await vscode.commands.executeCommand('undo');
    assert.equal(doc.getText().includes('saved1'), false);
  });
});
