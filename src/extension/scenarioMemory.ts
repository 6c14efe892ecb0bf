// Which scenario the user is working on, for F5 from an editor that is not a .tw file (a model
// listing the debugger opened, the queue picture, a README): the active .tw editor, else the
// scenario debugged last, else a visible .tw editor, else the .tw editor active last.
import * as vscode from 'vscode';

/** A model listing (the shipped listings/<variant>.c, or one served under the tw-listing scheme). */
export function isListing(doc: { languageId: string; uri: vscode.Uri }): boolean {
  return doc.languageId === 'tw-listing' || /(?:^|\/)listings\/[^/]+\.c$/.test(doc.uri.path);
}

export class ScenarioMemory {
  private lastDebugged: vscode.Uri | undefined;
  private lastActive: vscode.Uri | undefined;

  debugged(program: string): void { this.lastDebugged = vscode.Uri.file(program); }

  /** Follows the active editor (call on every change). */
  track(editor: vscode.TextEditor | undefined): void {
    if (editor?.document.languageId === 'tw') this.lastActive = editor.document.uri;
  }

  /** The scenario F5 should start, or undefined when the user has not touched one yet. */
  current(): vscode.Uri | undefined {
    const active = vscode.window.activeTextEditor?.document;
    if (active?.languageId === 'tw') return active.uri;
    if (this.lastDebugged) return this.lastDebugged;
    const visible = vscode.window.visibleTextEditors.find((e) => e.document.languageId === 'tw');
    return visible?.document.uri ?? this.lastActive;
  }
}

export function registerScenarioMemory(context: vscode.ExtensionContext): ScenarioMemory {
  const memory = new ScenarioMemory();
  memory.track(vscode.window.activeTextEditor);
  context.subscriptions.push(
    vscode.window.onDidChangeActiveTextEditor((e) => memory.track(e)),
    vscode.debug.onDidStartDebugSession((s) => {
      const program = (s.configuration as { program?: unknown }).program;
      if (s.type === 'tw' && typeof program === 'string' && program.endsWith('.tw')) memory.debugged(program);
    }),
  );
  return memory;
}
