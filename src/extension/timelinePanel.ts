// Hosts the timeline view (a webview in the bottom panel): one lane per thread, one cell per step
// of the tw debug session it follows, refreshed on every stop. Its clicks travel (tw/replay), its
// drags and Alt+arrows reorder steps and replay the new order, "Save" writes the order into the
// scenario. Strict CSP with a nonce, as the queue picture; the drawing itself is src/webview.
import * as vscode from 'vscode';
import { webviewHtml, webviewRoots } from './webviewHtml';
import { REPLAY_REQUEST, TIMELINE_REQUEST } from '../protocol/messages';
import type { FromTimeline, ReplayArgs, ReplayOutcome, TimelineData, TimelineView, ToTimeline } from '../protocol/messages';
import { TimelinePlan } from './timelinePlan';

export const TIMELINE_VIEW_ID = 'tw.timeline';

/** Writes `schedule NAME = "TEXT";` into the scenario (debugSessions' saveSchedule, shared). */
export type SaveSchedule = (program: string, text: string, name?: string) => Promise<boolean>;

export class TimelinePanel implements vscode.WebviewViewProvider {
  private view: vscode.WebviewView | undefined;
  private ready = false;
  private plan = new TimelinePlan();
  private session: vscode.DebugSession | undefined;
  private where = { file: '', variant: '' };
  /** The scenario of the session followed last: Save still works once that session ended. */
  private program: string | undefined;
  private last: TimelineView | undefined;
  private readonly listeners = new Set<(v: TimelineView) => void>();
  /** Serialises requests to the adapter: a refresh never reads a half-done replay. */
  private queue: Promise<unknown> = Promise.resolve();

  constructor(private readonly extensionUri: vscode.Uri, private readonly save: SaveSchedule) {}

  resolveWebviewView(view: vscode.WebviewView): void {
    this.view = view;
    this.ready = false;
    view.webview.options = { enableScripts: true, localResourceRoots: webviewRoots(this.extensionUri) };
    view.webview.html = this.html(view.webview);
    view.webview.onDidReceiveMessage((m: FromTimeline) => { void this.onMessage(m); });
    view.onDidChangeVisibility(() => { if (view.visible) void this.refresh(); });
    view.onDidDispose(() => { if (this.view === view) this.view = undefined; });
  }

  /** Every view sent to the webview (for the extension-host tests). */
  onView(listener: (v: TimelineView) => void): vscode.Disposable {
    this.listeners.add(listener);
    return { dispose: () => this.listeners.delete(listener) };
  }

  get lastView(): TimelineView | undefined { return this.last; }

  /** A stop of a tw session: redraw from the adapter's steps (a new session starts a new plan). */
  followStop(session: vscode.DebugSession, where: { file: string; variant: string }): Promise<void> {
    if (this.session?.id !== session.id) { this.session = session; this.plan = new TimelinePlan(); }
    this.where = { file: where.file, variant: where.variant };
    this.program = (session.configuration as { program?: string }).program;
    return this.refresh();
  }

  ended(session: vscode.DebugSession): void {
    if (this.session?.id !== session.id) return;
    this.session = undefined;
    this.post({ type: 'ended' });
  }

  private serial<T>(job: () => Promise<T>): Promise<T> {
    const next = this.queue.then(job, job);
    this.queue = next.catch(() => undefined);
    return next;
  }

  refresh(): Promise<void> {
    return this.serial(async () => {
      const session = this.session;
      if (!session || !this.view) return; // drawn once the view opens (its ready message refreshes)
      const data = (await session.customRequest(TIMELINE_REQUEST)) as TimelineData;
      if (session !== this.session || !Array.isArray(data?.steps)) return;
      this.plan.merge(data);
      this.show();
    });
  }

  private show(): void {
    const view = this.plan.view(this.where.file, this.where.variant);
    this.last = view;
    this.listeners.forEach((l) => l(view));
    this.post({ type: 'timeline', view });
  }

  private post(msg: ToTimeline): void {
    if (this.view && this.ready) void this.view.webview.postMessage(msg);
  }

  /** Travels along the plan to `upTo` steps taken; the adapter's stop then refreshes every view. */
  async travel(upTo: number): Promise<ReplayOutcome | undefined> {
    const outcome = await this.serial(() => this.replay(upTo, false));
    await this.refresh();
    return outcome;
  }

  /** Moves steps from..from+count-1 before step `before` and replays the new order to its end. */
  async move(from: number, count: number, before: number): Promise<ReplayOutcome | undefined> {
    // One job: no refresh may merge the old steps into the moved plan before the replay.
    const outcome = await this.serial(async () => {
      if (!this.plan.move(from, count, before)) { this.show(); return undefined; }
      return this.replay(this.plan.length, true);
    });
    await this.refresh();
    return outcome;
  }

  /**
   * Returns a function that gives the keyboard back to the view once VS Code has moved its focus to
   * the stopped thread (it then opens that frame's editor, which takes the focus: hence the short wait).
   */
  private refocusAfterStop(): () => Promise<void> {
    const moved = new Promise<void>((resolve) => {
      const sub = vscode.debug.onDidChangeActiveStackItem(() => { sub.dispose(); clearTimeout(timer); resolve(); });
      const timer = setTimeout(() => { sub.dispose(); resolve(); }, 2000);
    });
    return async () => {
      await moved;
      await new Promise((r) => setTimeout(r, 150));
      this.view?.show(false);
    };
  }

  private async replay(upTo: number, moved: boolean): Promise<ReplayOutcome | undefined> {
    const session = this.session;
    if (!session) {
      this.plan.say('Not replayed: the debug session has ended (start it again to travel or replay).');
      this.show();
      return undefined;
    }
    const plan = this.plan.planned();
    const threadId = (plan[upTo - 1]?.thread ?? plan[0]?.thread ?? 0) + 1;
    // VS Code focuses the stopped thread (Variables show its locals: a stop with preserveFocusHint
    // would leave them stale) and its editor; the view then takes the keyboard back.
    const args: ReplayArgs = { plan, upTo, threadId };
    const refocus = this.refocusAfterStop();
    try {
      const outcome = (await session.customRequest(REPLAY_REQUEST, args)) as ReplayOutcome;
      this.plan.replayed(outcome, moved);
      void refocus();
      return outcome;
    } catch (e) {
      this.plan.say(`Not replayed: ${e instanceof Error ? e.message : String(e)}`);
      this.show();
      return undefined;
    }
  }

  async saveAs(name?: string): Promise<boolean> {
    const program = this.program;
    if (!program || !this.plan.length) { void vscode.window.showWarningMessage('tw: the timeline has no steps to save: debug a scenario first.'); return false; }
    return this.save(program, this.plan.scheduleText(), name);
  }

  private async onMessage(m: FromTimeline): Promise<void> {
    if (m?.type === 'ready') {
      this.ready = true;
      if (this.last) this.post({ type: 'timeline', view: this.last });
      return this.refresh();
    }
    if (m?.type === 'travel' && Number.isInteger(m.index)) { await this.travel(m.index + 1); return; }
    if (m?.type === 'start') { await this.travel(0); return; }
    if (m?.type === 'move') { await this.move(m.from, m.count, m.before); return; }
    if (m?.type === 'save') await this.saveAs();
  }

  private html(webview: vscode.Webview): string {
    return webviewHtml(webview, this.extensionUri, 'timeline.js', 'timeline.css', 'tw: timeline');
  }
}

export function registerTimeline(context: vscode.ExtensionContext, timeline: TimelinePanel): void {
  context.subscriptions.push(
    vscode.window.registerWebviewViewProvider(TIMELINE_VIEW_ID, timeline, { webviewOptions: { retainContextWhenHidden: true } }),
    vscode.commands.registerCommand('tw.showTimeline', () => vscode.commands.executeCommand(`${TIMELINE_VIEW_ID}.focus`)),
    vscode.commands.registerCommand('tw.timelineSave', (name?: unknown) => timeline.saveAs(typeof name === 'string' ? name : undefined)),
    vscode.debug.onDidTerminateDebugSession((s) => { if (s.type === 'tw') timeline.ended(s); }),
  );
}
