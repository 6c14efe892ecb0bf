// Where the tw debug adapter runs: inline in the extension host (no process to spawn, snapshots
// arrive through the same tracker), with the model listings served read-only under tw-listing:.
import * as vscode from 'vscode';
import * as fs from 'fs';
import { TwDebugSession, type DebugHost } from '../debug';
import { LISTING_ROOT } from './listingDocs';

export function createAdapter(): vscode.DebugAdapterDescriptor {
  const host: DebugHost = {
    readFile: (path) => fs.readFileSync(path, 'utf8'),
    join: (dir, name) => `${dir}/${name}`,
    listingsDir: LISTING_ROOT,
  };
  return new vscode.DebugAdapterInlineImplementation(new TwDebugSession(host));
}
