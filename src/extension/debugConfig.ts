// Debug configurations: F5 with no launch.json (resolveDebugConfiguration fills type, request and
// program from the scenario the user is working on, even when a model listing is the active tab),
// dynamic "replay schedule" entries, and the launch configurations the commands and CodeLenses start.
import * as vscode from 'vscode';
import { indexScenario } from './scenarioIndex';
import { ScenarioMemory, isListing } from './scenarioMemory';

export interface LaunchConfig extends vscode.DebugConfiguration {
  program: string;
  stopOnEntry?: boolean;
  variant?: string;
  schedule?: string;
  scheduler?: string;
  seed?: number;
  engine?: string;
}

/** The launch configuration for one scenario file, optionally under a variant and replaying a schedule. */
export function launchConfig(file: vscode.Uri, opts: { variant?: string | null; schedule?: string; name?: string; stopOnEntry?: boolean; memory?: string } = {}): LaunchConfig {
  const base = file.path.slice(file.path.lastIndexOf('/') + 1);
  const cfg: LaunchConfig = {
    type: 'tw', request: 'launch', name: opts.name ?? `Debug ${base}`, program: file.fsPath, stopOnEntry: opts.stopOnEntry ?? true,
  };
  if (opts.variant) cfg.variant = opts.variant;
  if (opts.schedule) cfg.schedule = opts.schedule;
  if (opts.memory) cfg.memory = opts.memory; // an `expect V MEMORY:` line's model, over the file's
  return cfg;
}

function activeTwFile(): vscode.Uri | undefined {
  const doc = vscode.window.activeTextEditor?.document;
  return doc?.languageId === 'tw' ? doc.uri : undefined;
}

const LISTING_PATH = /(?:^|[\\/])listings[\\/][^\\/]+\.c$/;

export class TwConfigurationProvider implements vscode.DebugConfigurationProvider {
  constructor(private readonly memory: ScenarioMemory) {}

  resolveDebugConfiguration(_folder: vscode.WorkspaceFolder | undefined, config: vscode.DebugConfiguration): vscode.DebugConfiguration | undefined {
    const empty = !config.type && !config.request && !config.name;
    // `${file}` means "the scenario I am on": with a listing (or any non-.tw file) active, that is
    // the scenario debugged last or visible, never the active file itself.
    const fileVariable = typeof config.program === 'string' && config.program.includes('${file}') && !activeTwFile();
    if (empty || !config.program || fileVariable) {
      const file = this.memory.current();
      if (!file) return this.refuse();
      config = { ...(empty ? launchConfig(file) : config), program: file.fsPath };
    }
    config.type ??= 'tw';
    config.request ??= 'launch';
    config.name ??= 'Debug scenario';
    const settings = vscode.workspace.getConfiguration('tw.debug');
    if (config.scheduler === undefined && settings.get('defaultScheduler', 'round-robin') !== 'round-robin') {
      config.scheduler = settings.get('defaultScheduler');
    }
    if (config.engine === undefined && settings.get('defaultEngine', 'workers') !== 'workers') config.engine = settings.get('defaultEngine');
    return config;
  }

  /** A model listing is never parsed as a scenario (a launch.json naming one, a variable that resolved to one). */
  resolveDebugConfigurationWithSubstitutedVariables(_folder: vscode.WorkspaceFolder | undefined, config: vscode.DebugConfiguration): vscode.DebugConfiguration | undefined {
    if (typeof config.program !== 'string' || !LISTING_PATH.test(config.program)) return config;
    const file = this.memory.current();
    if (!file) return this.refuse();
    return { ...config, program: file.fsPath };
  }

  private refuse(): undefined {
    const doc = vscode.window.activeTextEditor?.document;
    const why = doc && isListing(doc) ? ' (the active editor is a model listing, not a scenario)' : '';
    void vscode.window.showErrorMessage(`tw: open a .tw scenario to debug it${why}, or set 'program' in launch.json.`);
    return undefined; // abort the launch
  }
}

/** In the "Run and Debug" dropdown: the active scenario, and one replay per named schedule in it. */
export class TwDynamicConfigurations implements vscode.DebugConfigurationProvider {
  provideDebugConfigurations(): vscode.DebugConfiguration[] {
    const doc = vscode.window.activeTextEditor?.document;
    if (doc?.languageId !== 'tw') return [];
    const index = indexScenario(doc.getText());
    return [launchConfig(doc.uri), ...index.schedules.map((s) => launchConfig(doc.uri, { schedule: s.name, name: `Replay schedule ${s.name}` }))];
  }
}

export function registerDebugConfigurations(context: vscode.ExtensionContext, memory: ScenarioMemory): TwConfigurationProvider {
  const provider = new TwConfigurationProvider(memory);
  context.subscriptions.push(
    vscode.debug.registerDebugConfigurationProvider('tw', provider),
    vscode.debug.registerDebugConfigurationProvider('tw', new TwDynamicConfigurations(), vscode.DebugConfigurationProviderTriggerKind.Dynamic),
  );
  return provider;
}
