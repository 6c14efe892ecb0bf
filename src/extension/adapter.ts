// Where the tw debug adapter runs: inline in the extension host (no process to spawn, snapshots
// arrive through the same tracker), with the model listings shipped in the extension's listings/.
import * as vscode from 'vscode';
import * as fs from 'fs';
import { TwDebugSession, nodeHost } from '../debug';

export function createAdapter(context: vscode.ExtensionContext): vscode.DebugAdapterDescriptor {
  const listings = vscode.Uri.joinPath(context.extensionUri, 'listings').fsPath;
  // Without the folder (a build that did not write it) the adapter serves listings by sourceReference.
  const host = nodeHost(fs.existsSync(listings) ? listings : undefined);
  return new vscode.DebugAdapterInlineImplementation(new TwDebugSession(host));
}
