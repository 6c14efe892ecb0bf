// "tw: Copy Race Diagram": the paused session's schedule so far, drawn for a commit message
// (docs/diagram.md) and put on the clipboard. The drawing itself is src/report's, as in the CLI.
import * as vscode from 'vscode';
import { SCHEDULE_REQUEST } from '../protocol/messages';
import { compileSource } from '../lang';
import { listingFor } from '../debug';
import { diagramOfSchedule } from '../report';

/** Draws the active tw session's steps so far; the text it put on the clipboard, or undefined. */
export async function copyRaceDiagram(): Promise<string | undefined> {
  const session = vscode.debug.activeDebugSession;
  if (session?.type !== 'tw') { void vscode.window.showWarningMessage('tw: start a tw debug session to copy its race diagram.'); return undefined; }
  const body = (await session.customRequest(SCHEDULE_REQUEST)) as { text?: unknown; variant?: unknown; file?: unknown } | undefined;
  const { text, variant, file } = body ?? {};
  if (typeof text !== 'string' || typeof variant !== 'string' || typeof file !== 'string') {
    void vscode.window.showErrorMessage('tw: the debug adapter sent no schedule.');
    return undefined;
  }
  // The file as the session loaded it: the open document (unsaved edits are what F5 ran too).
  const doc = await vscode.workspace.openTextDocument(vscode.Uri.file(file));
  const { program } = compileSource(file, doc.getText());
  const listing = listingFor(variant);
  const lines = program && listing ? diagramOfSchedule(program, variant, listing, text) : 'the scenario no longer compiles';
  if (typeof lines === 'string') { void vscode.window.showWarningMessage(`tw: no race diagram: ${lines}.`); return undefined; }
  const drawing = `${lines.join('\n')}\n`;
  await vscode.env.clipboard.writeText(drawing);
  void vscode.window.showInformationMessage(`tw: race diagram of ${text || 'no steps'} copied (${lines.length} lines).`);
  return drawing;
}

export function registerRaceDiagram(context: vscode.ExtensionContext): void {
  context.subscriptions.push(vscode.commands.registerCommand('tw.copyRaceDiagram', copyRaceDiagram));
}
