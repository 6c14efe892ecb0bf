// "tw: Show Coverage on the Model Listing": explores the active scenario under one variant with
// coverage on and marks the listing's lines in the gutter: reached, never reached, raced both ways
// (docs/coverage.md). The marks come from src/report, the same data `tw explore --coverage` prints.
import * as vscode from 'vscode';
import { compileSource } from '../lang';
import { HISTORY_VARIANTS, variantByName } from '../model';
import { exploreSync } from '../explore';
import { listingFor } from '../debug';
import { coverageMarks, CoverageMark } from '../report';
import { LISTING_ROOT } from './listingDocs';

/** Bounded so that a huge scenario cannot freeze the extension host (the marks are then partial and say so). */
const EXPLORE_TIMEOUT_MS = 10_000;

const KINDS: readonly CoverageMark['kind'][] = ['reached', 'never', 'raced'];
const RULER: Record<CoverageMark['kind'], string> = { reached: '#3fb95080', never: '#8b949e80', raced: '#d2992280' };

export interface CoverageResult { listing: string; variant: string; complete: boolean; marks: CoverageMark[] }

export class CoverageGutter {
  private readonly types: Map<CoverageMark['kind'], vscode.TextEditorDecorationType>;
  /** Marks per listing URI, re-applied whenever an editor shows that listing again. */
  private readonly marks = new Map<string, CoverageMark[]>();

  constructor(extensionUri: vscode.Uri) {
    this.types = new Map(KINDS.map((k) => [k, vscode.window.createTextEditorDecorationType({
      gutterIconPath: vscode.Uri.joinPath(extensionUri, 'media', `coverage-${k}.svg`),
      gutterIconSize: 'contain',
      overviewRulerColor: RULER[k],
      overviewRulerLane: vscode.OverviewRulerLane.Left,
    })]));
  }

  dispose(): void { for (const t of this.types.values()) t.dispose(); }

  /** Decorates every visible editor of a listing that has marks. */
  apply(editors: readonly vscode.TextEditor[] = vscode.window.visibleTextEditors): void {
    for (const e of editors) {
      const marks = this.marks.get(e.document.uri.toString());
      if (!marks) continue;
      for (const k of KINDS) {
        e.setDecorations(this.types.get(k) as vscode.TextEditorDecorationType, marks.filter((m) => m.kind === k).map((m) => ({
          range: new vscode.Range(m.line - 1, 0, m.line - 1, 0),
          hoverMessage: m.text,
        })));
      }
    }
  }

  async show(uri?: unknown, variant?: string): Promise<CoverageResult | undefined> {
    const doc = uri instanceof vscode.Uri ? await vscode.workspace.openTextDocument(uri) : vscode.window.activeTextEditor?.document;
    if (doc?.languageId !== 'tw') { void vscode.window.showWarningMessage('tw: open a .tw scenario first.'); return undefined; }
    const { program } = compileSource(doc.uri.fsPath, doc.getText(), { releases: HISTORY_VARIANTS });
    if (!program) { void vscode.window.showWarningMessage('tw: the scenario has errors (see Problems): nothing to explore.'); return undefined; }
    const choices = [...new Set([program.variant, ...program.expectations.map((e) => e.variant)])];
    const chosen = variant ?? (choices.length > 1 ? await vscode.window.showQuickPick(choices, { placeHolder: 'Variant to explore' }) : choices[0]);
    const runs = chosen ? variantByName(chosen) : undefined; // a release runs its listing
    const listing = runs ? listingFor(runs) : undefined;
    if (!chosen || !runs || !listing) return undefined;
    // The LKMM search has no coverage (it walks execution graphs): a `memory lkmm;` file is covered
    // over its SC interleavings, and the message says so rather than failing the command.
    const scOnly = program.memory === 'lkmm';
    const r = exploreSync(program, { variant: runs, coverage: true, timeoutMs: EXPLORE_TIMEOUT_MS, ...(scOnly ? { memory: 'sc' as const } : {}) });
    if (!r.coverage) return undefined;
    const marks = coverageMarks(listing, r.coverage);
    const target = vscode.Uri.parse(`${LISTING_ROOT}/${listing.fileName}`);
    this.marks.set(target.toString(), marks);
    const editor = await vscode.window.showTextDocument(target, { viewColumn: vscode.ViewColumn.Beside, preview: false });
    this.apply([editor]);
    const never = marks.filter((m) => m.kind === 'never').length;
    const raced = marks.filter((m) => m.kind === 'raced').length;
    void vscode.window.showInformationMessage(`tw: coverage of ${chosen}${scOnly ? ' under sc (the file says memory lkmm; the LKMM search measures no coverage)' : ''}${r.complete ? '' : ' (the exploration stopped early: partial)'}: ${marks.length - never} of ${marks.length} steps reached, ${raced} raced both ways.`);
    return { listing: target.toString(), variant: chosen, complete: r.complete, marks };
  }
}

export function registerCoverageGutter(context: vscode.ExtensionContext): CoverageGutter {
  const gutter = new CoverageGutter(context.extensionUri);
  context.subscriptions.push(
    gutter,
    vscode.commands.registerCommand('tw.showCoverage', (uri?: unknown, variant?: string) => gutter.show(uri, variant)),
    vscode.window.onDidChangeVisibleTextEditors((editors) => gutter.apply(editors)),
  );
  return gutter;
}
