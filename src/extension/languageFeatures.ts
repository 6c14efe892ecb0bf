// Editor features over the scenario index: go to definition (tasks, works, callbacks, threads,
// locals), hovers (API calls, TWA_* modes, step labels, variants, declared names) and CodeLens.
import * as vscode from 'vscode';
import { indexScenario, resolveAt, ScenarioIndex } from './scenarioIndex';
import { hoverAt, stepHoverAt } from './hoverText';
import { lensesFor } from './lenses';
import { toRange } from './diagnostics';

const SELECTOR: vscode.DocumentSelector = { language: 'tw' };

/** One index per document version: hovers and definitions on the same version reuse it. */
const cache = new WeakMap<vscode.TextDocument, { version: number; index: ScenarioIndex }>();

export function indexOf(doc: vscode.TextDocument): ScenarioIndex {
  const hit = cache.get(doc);
  if (hit && hit.version === doc.version) return hit.index;
  const index = indexScenario(doc.getText());
  cache.set(doc, { version: doc.version, index });
  return index;
}

class Definitions implements vscode.DefinitionProvider {
  provideDefinition(doc: vscode.TextDocument, pos: vscode.Position): vscode.Location | undefined {
    const sym = resolveAt(indexOf(doc), doc.lineAt(pos.line).text, pos.line + 1, pos.character + 1);
    return sym ? new vscode.Location(doc.uri, toRange(sym.range)) : undefined;
  }
}

class Hovers implements vscode.HoverProvider {
  provideHover(doc: vscode.TextDocument, pos: vscode.Position): vscode.Hover | undefined {
    const h = hoverAt(indexOf(doc), doc.lineAt(pos.line).text, pos.line + 1, pos.character + 1);
    if (!h) return undefined;
    return new vscode.Hover(new vscode.MarkdownString(h.markdown), new vscode.Range(pos.line, h.start - 1, pos.line, h.end - 1));
  }
}

/** Step labels in the model listings (listings/<variant>.c). */
class ListingHovers implements vscode.HoverProvider {
  provideHover(doc: vscode.TextDocument, pos: vscode.Position): vscode.Hover | undefined {
    const h = stepHoverAt(doc.lineAt(pos.line).text, pos.line + 1, pos.character + 1);
    return h ? new vscode.Hover(new vscode.MarkdownString(h.markdown), new vscode.Range(pos.line, h.start - 1, pos.line, h.end - 1)) : undefined;
  }
}

class Lenses implements vscode.CodeLensProvider {
  private readonly changed = new vscode.EventEmitter<void>();
  readonly onDidChangeCodeLenses = this.changed.event;

  refresh(): void { this.changed.fire(); }

  provideCodeLenses(doc: vscode.TextDocument): vscode.CodeLens[] {
    if (!vscode.workspace.getConfiguration('tw').get<boolean>('codeLens.enabled', true)) return [];
    return lensesFor(indexOf(doc)).map((l) => new vscode.CodeLens(new vscode.Range(l.line - 1, 0, l.line - 1, 0), {
      title: l.title, tooltip: l.tooltip, command: l.command, arguments: [doc.uri, ...l.args],
    }));
  }
}

export function registerLanguageFeatures(context: vscode.ExtensionContext): void {
  const lenses = new Lenses();
  context.subscriptions.push(
    vscode.languages.registerDefinitionProvider(SELECTOR, new Definitions()),
    vscode.languages.registerHoverProvider(SELECTOR, new Hovers()),
    vscode.languages.registerHoverProvider({ language: 'tw-listing' }, new ListingHovers()),
    vscode.languages.registerCodeLensProvider(SELECTOR, lenses),
    vscode.workspace.onDidChangeConfiguration((e) => { if (e.affectsConfiguration('tw.codeLens')) lenses.refresh(); }),
  );
}
