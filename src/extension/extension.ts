// The VS Code extension's entry: wires the language features, diagnostics, debug sessions, the
// queue picture and the Test Explorer. The only layer that imports 'vscode' (see architecture.md).
import * as vscode from 'vscode';
import { registerDiagnostics } from './diagnostics';
import { registerLanguageFeatures } from './languageFeatures';
import { registerDebugConfigurations, TwConfigurationProvider } from './debugConfig';
import { registerDebugSessions, SessionEvents } from './debugSessions';
import { QueuePanel, registerQueuePanel } from './queuePanel';
import { registerTests, TwTests } from './testing';
import { registerCommands } from './commands';
import { registerRaceDiagram } from './raceDiagram';
import { registerScenarioMemory } from './scenarioMemory';
import { registerListingDocs } from './listingDocs';

/** What activate() returns: handles for the extension-host tests (`extension.exports`). */
export interface TwApi {
  queue: QueuePanel;
  sessions: SessionEvents;
  tests: TwTests;
  diagnostics: vscode.DiagnosticCollection;
  configurations: TwConfigurationProvider;
}

export function activate(context: vscode.ExtensionContext): TwApi {
  const queue = new QueuePanel(context.extensionUri);
  const diagnostics = registerDiagnostics(context);
  registerLanguageFeatures(context);
  const configurations = registerDebugConfigurations(context, registerScenarioMemory(context));
  registerQueuePanel(context, queue);
  registerListingDocs(context);
  const sessions = registerDebugSessions(context, queue);
  registerCommands(context);
  registerRaceDiagram(context);
  const tests = registerTests(context);
  return { queue, sessions, tests, diagnostics, configurations };
}

export function deactivate(): void {
  // Everything is disposed through context.subscriptions.
}
