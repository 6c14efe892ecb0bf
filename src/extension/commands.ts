// Commands that start tw debug sessions from the editor: the CodeLenses' "Debug" and "Debug this
// schedule", and their palette forms that work on the active .tw editor.
import * as vscode from 'vscode';
import { launchConfig } from './debugConfig';
import { indexScenario } from './scenarioIndex';

function targetUri(uri: unknown): vscode.Uri | undefined {
  if (uri instanceof vscode.Uri) return uri;
  const doc = vscode.window.activeTextEditor?.document;
  return doc?.languageId === 'tw' ? doc.uri : undefined;
}

async function debugScenario(uri?: unknown, variant?: string | null): Promise<boolean> {
  const file = targetUri(uri);
  if (!file) { void vscode.window.showWarningMessage('tw: open a .tw scenario first.'); return false; }
  const name = variant ? `Debug ${file.path.split('/').pop()} (${variant})` : undefined;
  return vscode.debug.startDebugging(vscode.workspace.getWorkspaceFolder(file), launchConfig(file, { variant, name }));
}

async function debugSchedule(uri?: unknown, variant?: string | null, schedule?: string): Promise<boolean> {
  const file = targetUri(uri);
  if (!file) { void vscode.window.showWarningMessage('tw: open a .tw scenario first.'); return false; }
  let name = schedule;
  if (!name) {
    const doc = await vscode.workspace.openTextDocument(file);
    const picks = indexScenario(doc.getText()).schedules.map((s) => ({ label: s.name, description: s.text }));
    if (!picks.length) { void vscode.window.showWarningMessage('tw: this scenario declares no schedule.'); return false; }
    name = picks.length === 1 ? picks[0]?.label : (await vscode.window.showQuickPick(picks, { placeHolder: 'Schedule to replay' }))?.label;
    if (!name) return false;
  }
  const title = `Replay ${name}${variant ? ` (${variant})` : ''}`;
  return vscode.debug.startDebugging(vscode.workspace.getWorkspaceFolder(file), launchConfig(file, { variant, schedule: name, name: title }));
}

export function registerCommands(context: vscode.ExtensionContext): void {
  context.subscriptions.push(
    vscode.commands.registerCommand('tw.debugScenario', debugScenario),
    vscode.commands.registerCommand('tw.debugSchedule', debugSchedule),
  );
}
