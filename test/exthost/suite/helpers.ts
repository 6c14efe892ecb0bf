// Helpers for tests inside the extension host: the extension's API, the scratch workspace, and
// waiting on real events (never on fixed sleeps), each wait with its own timeout.
import * as vscode from 'vscode';
import * as path from 'path';
import type { TwApi } from '../../../src/extension/extension';

export const EXTENSION_ID = 'tw-tools.tw-task-work';

export async function twApi(): Promise<TwApi> {
  const ext = vscode.extensions.getExtension<TwApi>(EXTENSION_ID);
  if (!ext) throw new Error(`extension ${EXTENSION_ID} is not installed`);
  return ext.activate();
}

export function workspaceFile(...parts: string[]): vscode.Uri {
  const folder = vscode.workspace.workspaceFolders?.[0];
  if (!folder) throw new Error('no workspace folder open');
  return vscode.Uri.file(path.join(folder.uri.fsPath, ...parts));
}

/** Resolves with the first value `probe` returns that is not undefined, re-probing on each event. */
export function waitFor<T>(what: string, events: vscode.Event<unknown>[], probe: () => T | undefined, timeoutMs = 20_000): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const subs: vscode.Disposable[] = [];
    const done = (fn: () => void) => { clearTimeout(timer); subs.forEach((s) => s.dispose()); fn(); };
    const timer = setTimeout(() => done(() => reject(new Error(`timed out after ${timeoutMs} ms waiting for ${what}`))), timeoutMs);
    const check = () => {
      let v: T | undefined;
      try { v = probe(); } catch (e) { done(() => reject(e)); return; }
      if (v !== undefined) done(() => resolve(v as T));
    };
    for (const ev of events) subs.push(ev(check));
    check();
  });
}

/** The next event of `event` that satisfies `pred`. */
export function nextEvent<T>(what: string, event: vscode.Event<T>, pred: (e: T) => boolean = () => true, timeoutMs = 20_000): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const timer = setTimeout(() => { sub.dispose(); reject(new Error(`timed out after ${timeoutMs} ms waiting for ${what}`)); }, timeoutMs);
    const sub = event((e) => {
      if (!pred(e)) return;
      clearTimeout(timer);
      sub.dispose();
      resolve(e);
    });
  });
}

export async function closeAll(): Promise<void> {
  await vscode.commands.executeCommand('workbench.action.closeAllEditors');
}

/** Stops a debug session and waits until VS Code says it ended (nothing to do for undefined). */
export async function endSession(session: vscode.DebugSession | undefined): Promise<void> {
  if (!session) return;
  const ended = nextEvent('session end', vscode.debug.onDidTerminateDebugSession, (s) => s.id === session.id);
  await vscode.debug.stopDebugging(session);
  await ended;
}
