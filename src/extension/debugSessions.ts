// The tw debug sessions from the editor's side: the adapter (inline, in the extension host), a
// tracker that forwards every `tw/state` snapshot to the queue picture, and the session commands
// (step or continue one thread from its call-stack row, save the schedule into the file, explore from here).
import * as vscode from 'vscode';
import type { StateSnapshot } from '../protocol/messages';
import { STATE_EVENT, SCHEDULE_REQUEST, EXPLORE_REQUEST, READ_FROM_REQUEST } from '../protocol/messages';
import type { ReadChoiceData } from '../protocol/messages';
import { QueuePanel } from './queuePanel';
import type { TimelinePanel } from './timelinePanel';
import { createAdapter } from './adapter';
import { launchConfig } from './debugConfig';

/** Events other parts (and the extension-host tests) can follow. */
export class SessionEvents {
  readonly snapshots = new vscode.EventEmitter<{ session: vscode.DebugSession; snapshot: StateSnapshot }>();
}

function isSnapshot(body: unknown): body is StateSnapshot {
  const b = body as Partial<StateSnapshot> | undefined; // JSON from the adapter, checked here
  return !!b && typeof b.step === 'number' && Array.isArray(b.tasks) && Array.isArray(b.threads) && Array.isArray(b.works);
}

function trackerFactory(queue: QueuePanel, timeline: TimelinePanel, events: SessionEvents): vscode.DebugAdapterTrackerFactory {
  return {
    createDebugAdapterTracker(session) {
      return {
        onDidSendMessage(m: { type?: string; event?: string; body?: unknown }) {
          if (m.type !== 'event' || m.event !== STATE_EVENT || !isSnapshot(m.body)) return;
          queue.update(m.body);
          void timeline.followStop(session, m.body);
          events.snapshots.fire({ session, snapshot: m.body });
        },
      };
    },
  };
}

function twSession(sessionId?: string): vscode.DebugSession | undefined {
  const active = vscode.debug.activeDebugSession;
  if (sessionId && active?.id !== sessionId) return undefined;
  return active?.type === 'tw' ? active : undefined;
}

/**
 * A call-stack inline button on a thread row. VS Code passes the DAP thread id, then a context
 * object with the session id.
 */
function threadCommand(command: string, extra: Record<string, unknown> = {}) {
  return async (threadId?: unknown, context?: { sessionId?: string }): Promise<void> => {
    const session = twSession(context?.sessionId) ?? twSession();
    if (!session || typeof threadId !== 'number') {
      void vscode.window.showWarningMessage('tw: select a thread of a paused tw debug session.');
      return;
    }
    await session.customRequest(command, { threadId, ...extra });
  };
}

/** stepIn on one thread alone takes exactly one atomic step. */
const stepThread = threadCommand('stepIn');
/** The row's "Continue this thread only": VS Code's own Continue never sends singleThread. */
const continueThread = threadCommand('continue', { singleThread: true });

/** Under memory lkmm: offers the writes the thread's next read may take and pins the one picked. */
async function readFrom(threadId?: unknown, context?: { sessionId?: string }): Promise<void> {
  const session = twSession(context?.sessionId) ?? twSession();
  if (!session || typeof threadId !== 'number') { void vscode.window.showWarningMessage('tw: select a thread of a paused tw debug session.'); return; }
  try {
    const body = (await session.customRequest(READ_FROM_REQUEST, { threadId })) as { reads?: ReadChoiceData[] } | undefined;
    const items = (body?.reads ?? []).flatMap((r) => r.options.map((o) => ({ label: o.name, description: `${r.loc} = ${o.value}${o.takes ? ' (takes it now)' : ''}`, ...(o.stale ? { detail: `stale: ${o.stale}` } : o.early ? { detail: `early: ${o.early}` } : {}) })));
    if (items.length === 0) { void vscode.window.showInformationMessage("tw: this thread's next step reads no shared word with a choice."); return; }
    const pick = await vscode.window.showQuickPick(items, { title: `tw: the write ${body?.reads?.[0]?.label ?? 'the next read'} reads` });
    if (pick) await session.customRequest(READ_FROM_REQUEST, { threadId, write: pick.label });
  } catch (e) {
    void vscode.window.showErrorMessage(`tw: ${e instanceof Error ? e.message : String(e)}`);
  }
}

/** Asks the adapter for the schedule so far and appends it to the scenario as a named schedule. */
async function saveSchedule(nameArg?: unknown): Promise<void> {
  const session = twSession();
  if (!session) { void vscode.window.showWarningMessage('tw: no tw debug session is paused.'); return; }
  const body = (await session.customRequest(SCHEDULE_REQUEST)) as { text?: unknown } | undefined;
  const text = typeof body?.text === 'string' ? body.text : undefined;
  const program = (session.configuration as { program?: string }).program;
  if (text === undefined || !program) { void vscode.window.showErrorMessage('tw: the debug adapter sent no schedule.'); return; }
  await saveScheduleText(program, text, typeof nameArg === 'string' ? nameArg : undefined);
}

/**
 * Appends `schedule NAME = "TEXT";` to the scenario as one undoable edit (asking for the name
 * unless given), and shows the file. False when the user cancelled or the edit was refused.
 */
export async function saveScheduleText(program: string, text: string, nameArg?: string): Promise<boolean> {
  const name = nameArg ?? await vscode.window.showInputBox({
    prompt: `Save "${text}" as a named schedule`, value: 'saved',
    validateInput: (v) => (/^[A-Za-z_][A-Za-z0-9_]*$/.test(v) ? undefined : 'a schedule name is an identifier'),
  });
  if (!name) return false;
  const doc = await vscode.workspace.openTextDocument(vscode.Uri.file(program));
  const edit = new vscode.WorkspaceEdit();
  const end = doc.lineAt(doc.lineCount - 1);
  const sep = end.text.trim() === '' ? '' : '\n';
  edit.insert(doc.uri, end.range.end, `${sep}schedule ${name} = "${text}";\n`);
  const applied = await vscode.workspace.applyEdit(edit);
  const editor = await showSaved(doc, name);
  if (!editor) return applied;
  // The new line is the last one: show it (the editor may be scrolled anywhere).
  const line = doc.lineAt(Math.max(0, doc.lineCount - 2)).range;
  editor.selection = new vscode.Selection(line.start, line.end);
  editor.revealRange(line, vscode.TextEditorRevealType.InCenterIfOutsideViewport);
  return applied;
}

/**
 * Shows the scenario after a save. VS Code refuses when another editor opens meanwhile (the paused
 * session revealing its stop line): try once more, and if it still refuses, say so without failing
 * the save, which is already in the document.
 */
async function showSaved(doc: vscode.TextDocument, name: string): Promise<vscode.TextEditor | undefined> {
  let last: unknown;
  for (let attempt = 0; attempt < 2; attempt++) {
    try { return await vscode.window.showTextDocument(doc, { preview: false }); } catch (e) { last = e; }
  }
  void vscode.window.showWarningMessage(`tw: schedule ${name} was added to ${vscode.workspace.asRelativePath(doc.uri)}, but its editor could not be shown: ${last instanceof Error ? last.message : String(last)}`);
  return undefined;
}

/** Model-checks everything reachable from the paused state; a violation opens in a new session. */
async function exploreFromHere(): Promise<void> {
  const session = twSession();
  if (!session) { void vscode.window.showWarningMessage('tw: no tw debug session is paused.'); return; }
  const body = (await session.customRequest(EXPLORE_REQUEST)) as { summary?: unknown; result?: { variant?: unknown; violations?: unknown } } | undefined;
  const summary = typeof body?.summary === 'string' ? body.summary : 'exploration finished';
  const first = Array.isArray(body?.result?.violations) ? (body.result.violations[0] as { kind?: unknown; schedule?: unknown } | undefined) : undefined;
  const program = (session.configuration as { program?: string }).program;
  if (!first || typeof first.schedule !== 'string' || !program) { void vscode.window.showInformationMessage(`tw: ${summary}`); return; }
  const action = `Debug the ${String(first.kind)} schedule`;
  if (await vscode.window.showWarningMessage(`tw: ${summary}`, action) !== action) return;
  const variant = typeof body?.result?.variant === 'string' ? body.result.variant : undefined;
  await vscode.debug.startDebugging(session.workspaceFolder, launchConfig(vscode.Uri.file(program),
    { variant, schedule: first.schedule, stopOnEntry: false, name: `${String(first.kind)} (explored)` }));
}

export function registerDebugSessions(context: vscode.ExtensionContext, queue: QueuePanel, timeline: TimelinePanel): SessionEvents {
  const events = new SessionEvents();
  context.subscriptions.push(
    events.snapshots,
    vscode.debug.registerDebugAdapterDescriptorFactory('tw', { createDebugAdapterDescriptor: () => createAdapter() }),
    vscode.debug.registerDebugAdapterTrackerFactory('tw', trackerFactory(queue, timeline, events)),
    vscode.debug.onDidTerminateDebugSession((s) => { if (s.type === 'tw') queue.ended(); }),
    vscode.debug.onDidStartDebugSession((s) => {
      if (s.type !== 'tw') return;
      const { workspaceFolder, configuration } = s;
      queue.rerun = () => { void vscode.debug.startDebugging(workspaceFolder, configuration); };
      if (vscode.workspace.getConfiguration('tw').get<boolean>('queuePicture.openOnDebug', true)) queue.show();
    }),
    vscode.commands.registerCommand('tw.stepThread', stepThread),
    vscode.commands.registerCommand('tw.continueThread', continueThread),
    vscode.commands.registerCommand('tw.readFrom', readFrom),
    vscode.commands.registerCommand('tw.saveSchedule', saveSchedule),
    vscode.commands.registerCommand('tw.exploreFromHere', exploreFromHere),
  );
  return events;
}
