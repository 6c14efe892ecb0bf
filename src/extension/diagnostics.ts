// Diagnostics as you type: compiles each open .tw document with src/lang (the same codes and
// messages as `tw check`) after a short pause, and keeps the Problems panel in step.
import * as vscode from 'vscode';
import { compileSource, Diagnostic } from '../lang';

const DIAGNOSTIC_SOURCE = 'tw';

/** 1-based lang range (end exclusive) to a vscode range. */
export function toRange(r: Diagnostic['range']): vscode.Range {
  return new vscode.Range(r.line - 1, r.column - 1, r.endLine - 1, Math.max(r.endColumn - 1, 0));
}

function toVsDiagnostic(d: Diagnostic): vscode.Diagnostic {
  const severity = d.severity === 'error' ? vscode.DiagnosticSeverity.Error : vscode.DiagnosticSeverity.Warning;
  const out = new vscode.Diagnostic(toRange(d.range), d.message, severity);
  out.code = d.code;
  out.source = DIAGNOSTIC_SOURCE;
  return out;
}

export function registerDiagnostics(context: vscode.ExtensionContext): vscode.DiagnosticCollection {
  const collection = vscode.languages.createDiagnosticCollection(DIAGNOSTIC_SOURCE);
  const timers = new Map<string, NodeJS.Timeout>();
  const enabled = () => vscode.workspace.getConfiguration('tw').get<boolean>('diagnostics.enabled', true);
  const delay = () => vscode.workspace.getConfiguration('tw').get<number>('diagnostics.delay', 150);

  const check = (doc: vscode.TextDocument) => {
    if (doc.languageId !== 'tw') return;
    if (!enabled()) { collection.delete(doc.uri); return; }
    const { diagnostics } = compileSource(vscode.workspace.asRelativePath(doc.uri), doc.getText());
    collection.set(doc.uri, diagnostics.map(toVsDiagnostic));
  };
  const schedule = (doc: vscode.TextDocument) => {
    if (doc.languageId !== 'tw') return;
    const key = doc.uri.toString();
    clearTimeout(timers.get(key));
    timers.set(key, setTimeout(() => { timers.delete(key); check(doc); }, delay()));
  };

  context.subscriptions.push(
    collection,
    vscode.workspace.onDidOpenTextDocument(check),
    vscode.workspace.onDidChangeTextDocument((e) => schedule(e.document)),
    vscode.workspace.onDidCloseTextDocument((doc) => {
      clearTimeout(timers.get(doc.uri.toString()));
      collection.delete(doc.uri);
    }),
    vscode.workspace.onDidChangeConfiguration((e) => {
      if (e.affectsConfiguration('tw.diagnostics')) vscode.workspace.textDocuments.forEach(check);
    }),
    { dispose: () => timers.forEach((t) => clearTimeout(t)) },
  );
  vscode.workspace.textDocuments.forEach(check);
  return collection;
}
