// Hosts the queue picture: a webview panel beside the editor that receives every `tw/state`
// snapshot of the tw debug session it follows. Strict CSP with a nonce; scripts and styles only
// from media/ and dist/; the last snapshot survives a reload (webview state + a serializer).
import * as vscode from 'vscode';
import { webviewHtml, webviewRoots } from './webviewHtml';
import type { StateSnapshot, ToWebview, FromWebview } from '../protocol/messages';

const QUEUE_VIEW_TYPE = 'tw.queue';

export class QueuePanel {
  private panel: vscode.WebviewPanel | undefined;
  private last: StateSnapshot | undefined;
  private ready = false;
  private readonly listeners = new Set<(msg: ToWebview) => void>();

  /** What "Run again" (shown once a session ended) starts: the last tw session's configuration. */
  rerun: (() => void) | undefined;

  constructor(private readonly extensionUri: vscode.Uri) {}

  /** Opens the panel beside the active editor (or reveals it) without taking focus. */
  show(): vscode.WebviewPanel {
    if (this.panel) {
      this.panel.reveal(undefined, true);
      return this.panel;
    }
    const panel = vscode.window.createWebviewPanel(QUEUE_VIEW_TYPE, 'tw: queue', { viewColumn: vscode.ViewColumn.Beside, preserveFocus: true },
      { enableScripts: true, localResourceRoots: this.roots() });
    this.attach(panel);
    return panel;
  }

  /** Re-attaches a panel VS Code restored after a reload; the webview redraws from its own state. */
  restore(panel: vscode.WebviewPanel): void {
    panel.webview.options = { enableScripts: true, localResourceRoots: this.roots() };
    this.attach(panel);
  }

  get visible(): boolean { return !!this.panel; }

  update(snapshot: StateSnapshot): void {
    this.last = snapshot;
    this.post({ type: 'snapshot', snapshot });
  }

  ended(): void { this.post({ type: 'ended' }); }

  /** Every message sent to the webview (for the extension-host tests). */
  onPost(listener: (msg: ToWebview) => void): vscode.Disposable {
    this.listeners.add(listener);
    return { dispose: () => this.listeners.delete(listener) };
  }

  get lastSnapshot(): StateSnapshot | undefined { return this.last; }

  private roots(): vscode.Uri[] {
    return webviewRoots(this.extensionUri);
  }

  private post(msg: ToWebview): void {
    this.listeners.forEach((l) => l(msg));
    if (this.panel && this.ready) void this.panel.webview.postMessage(msg);
  }

  private attach(panel: vscode.WebviewPanel): void {
    this.panel = panel;
    this.ready = false;
    panel.iconPath = vscode.Uri.joinPath(this.extensionUri, 'media', 'tw-file.svg');
    panel.webview.html = this.html(panel.webview);
    panel.webview.onDidReceiveMessage((m: FromWebview) => {
      if (m?.type === 'rerun') { this.rerun?.(); return; }
      if (m?.type !== 'ready') return;
      this.ready = true;
      if (this.last) void panel.webview.postMessage({ type: 'snapshot', snapshot: this.last } satisfies ToWebview);
    });
    panel.onDidDispose(() => { if (this.panel === panel) this.panel = undefined; });
  }

  private html(webview: vscode.Webview): string {
    return webviewHtml(webview, this.extensionUri, 'webview.js', 'queue.css', 'tw: queue');
  }
}

export function registerQueuePanel(context: vscode.ExtensionContext, queue: QueuePanel): void {
  context.subscriptions.push(
    vscode.window.registerWebviewPanelSerializer(QUEUE_VIEW_TYPE, {
      deserializeWebviewPanel: async (panel: vscode.WebviewPanel) => { queue.restore(panel); },
    }),
    vscode.commands.registerCommand('tw.showQueue', () => { queue.show(); }),
  );
}
