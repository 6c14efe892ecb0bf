// The VS Code extension's entry: starts the language server's client (src/lsp: diagnostics, hovers,
// lenses, ...), wires the debug sessions, the queue picture, the timeline and the Test Explorer. The only layer that imports 'vscode' (see architecture.md).
import * as vscode from 'vscode';
import { registerLanguageFeatures } from './languageFeatures';
import { registerDebugConfigurations, TwConfigurationProvider } from './debugConfig';
import { registerDebugSessions, saveScheduleText, SessionEvents } from './debugSessions';
import { registerTimeline, TimelinePanel } from './timelinePanel';
import { QueuePanel, registerQueuePanel } from './queuePanel';
import { registerTests, TwTests } from './testing';
import { registerCommands } from './commands';
import { registerRaceDiagram } from './raceDiagram';
import { registerScenarioMemory } from './scenarioMemory';
import { registerListingDocs } from './listingDocs';
import { registerCoverageGutter } from './coverageGutter';

/** What activate() returns: handles for the extension-host tests (`extension.exports`). */
export interface TwApi {
  queue: QueuePanel;
  timeline: TimelinePanel;
  sessions: SessionEvents;
  tests: TwTests;
  /** The language server's diagnostics, as VS Code holds them. */
  diagnostics: vscode.DiagnosticCollection | undefined;
  /** Settles once the language server runs and its features (hover, definition, ...) are registered. */
  languageServerReady: Promise<void>;
  configurations: TwConfigurationProvider;
}

export function activate(context: vscode.ExtensionContext): TwApi {
  const queue = new QueuePanel(context.extensionUri);
  const configurations = registerDebugConfigurations(context, registerScenarioMemory(context));
  registerQueuePanel(context, queue);
  registerListingDocs(context);
  const timeline = new TimelinePanel(context.extensionUri, saveScheduleText);
  registerTimeline(context, timeline);
  const sessions = registerDebugSessions(context, queue, timeline);
  registerCommands(context);
  registerRaceDiagram(context);
  registerCoverageGutter(context);
  const tests = registerTests(context);
  const { client, ready } = registerLanguageFeatures(context);
  return { queue, timeline, sessions, tests, get diagnostics() { return client.diagnostics; }, languageServerReady: ready, configurations };
}

export function deactivate(): void {
  // Everything is disposed through context.subscriptions.
}
