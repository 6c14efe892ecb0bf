// The tw language server over vscode-languageserver: .tw scenarios get every feature, model
// listings (.c) their diagnostics (listingDiagnostics.ts says which .c files are listings),
// step-label hovers, definitions and outline. Each handler is guarded: a failure is logged and
// answered with an empty result (a refusal with its reason is an error response), so the server
// answers every request and never dies on a document or a request.
import {
  Connection, TextDocuments, TextDocumentSyncKind, InitializeParams, InitializeResult, ResponseError, ErrorCodes,
  MessageType, ShowMessageNotification, ServerCapabilities, ExecuteCommandParams, TextDocumentPositionParams,
} from 'vscode-languageserver';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { Analysis } from './analysis';
import { diagnosticsOf } from './diagnostics';
import { hover } from './hover';
import { definition, highlights, prepareRename, references, rename } from './navigation';
import { completions } from './completion';
import { documentSymbols, foldingRanges } from './structure';
import { LEGEND, semanticTokens } from './semanticTokens';
import { codeActions } from './codeActions';
import { formatEdits } from './format';
import { codeLenses, EXPLORE_COMMAND } from './codeLens';
import { exploreDocument } from './exploreCommand';
import { isListing, listingHover, listingSymbols } from './listing';
import { Disk, isTwListing, listingDiagnostics, missingListing, resolveListingUri, sameUri, variantFileOf } from './listingDiagnostics';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

/** The local path of a file: URI, or undefined for another scheme or a URI Node cannot map. */
function localPath(uri: string): string | undefined {
  try { return uri.startsWith('file:') ? fileURLToPath(uri) : undefined; } catch { return undefined; }
}

/** Node's file system, as the listing diagnostics see it (never a throw: unreadable is empty). */
const NODE_DISK: Disk = {
  scenariosBeside(uri) {
    const path = localPath(uri);
    if (!path) return [];
    const dir = dirname(path);
    try {
      return readdirSync(dir).filter((n) => n.endsWith('.tw')).flatMap((n) => {
        try { return [{ uri: pathToFileURL(join(dir, n)).href, text: readFileSync(join(dir, n), 'utf8') }]; } catch { return []; }
      });
    } catch { return []; }
  },
  exists(uri) {
    const path = localPath(uri);
    return path === undefined || existsSync(path);
  },
};
import { labelDefinition, listingVariant } from './labelDefinition';

export interface ServerOptions {
  /** Milliseconds between the last change and the diagnostics (default 150; the client may override). */
  debounceMs?: number;
  /** The shipped listings folder as a file URI, for definitions of step labels (none: no such definitions). */
  listingsUri?: string;
}

/** Options a client may send in initializationOptions. */
interface InitOptions {
  debounceMs?: number;
  /** Code lens titles with VS Code's $(icon) syntax. */
  codicons?: boolean;
  /** Where the client shows the listings (VS Code: its read-only tw-listing: folder). */
  listingsUri?: string;
}

const CAPABILITIES: ServerCapabilities = {
  textDocumentSync: TextDocumentSyncKind.Incremental,
  hoverProvider: true,
  definitionProvider: true,
  referencesProvider: true,
  documentHighlightProvider: true,
  renameProvider: { prepareProvider: true },
  completionProvider: { triggerCharacters: ['"', ' ', '.', ':', '('] },
  documentSymbolProvider: true,
  foldingRangeProvider: true,
  semanticTokensProvider: { legend: LEGEND, full: true },
  codeActionProvider: { codeActionKinds: ['quickfix'] },
  documentFormattingProvider: true,
  codeLensProvider: { resolveProvider: false },
  executeCommandProvider: { commands: [EXPLORE_COMMAND] },
};

type DocParams = { textDocument: { uri: string } };

class TwServer {
  private readonly documents = new TextDocuments(TextDocument);
  private readonly analyses = new Map<string, { version: number; analysis: Analysis }>();
  private readonly timers = new Map<string, NodeJS.Timeout>();
  private debounceMs: number;
  private listingsUri: string | undefined;
  private codicons = false;
  private snippets = false;
  private readonly disk: Disk = NODE_DISK;

  constructor(private readonly connection: Connection, options: ServerOptions) {
    this.debounceMs = options.debounceMs ?? 150;
    this.listingsUri = options.listingsUri;
  }

  /** The analysis of an open .tw document (not a listing), for its current version. */
  private analysisOf(uri: string): Analysis | null {
    const doc = this.documents.get(uri);
    if (!doc || isListing(uri, doc.getText())) return null;
    const hit = this.analyses.get(uri);
    if (hit && hit.version === doc.version) return hit.analysis;
    const analysis = new Analysis(uri, doc.getText());
    this.analyses.set(uri, { version: doc.version, analysis });
    return analysis;
  }

  /** The lines of an open model listing, or null. */
  private listingLines(uri: string): string[] | null {
    const d = this.documents.get(uri);
    return d && isListing(uri, d.getText()) ? d.getText().split(/\r?\n/) : null;
  }

  /** A plain window/showMessage (a notification: no client has to answer it). */
  private notify(type: MessageType, message: string): void {
    this.connection.sendNotification(ShowMessageNotification.type, { type, message }).catch(() => undefined);
  }

  /** To the client's log; nothing when the connection is already gone (the server is ending). */
  private log(message: string): void {
    try { this.connection.console.error(message); } catch { /* closed: nobody left to tell */ }
  }

  /** Runs a handler; on a throw, logs it and answers `fallback` so the client is never left waiting. */
  private guard<P, R>(what: string, fallback: R, fn: (p: P) => R): (p: P) => R {
    return (p: P) => {
      try { return fn(p); } catch (e) {
        if (e instanceof ResponseError) throw e; // a refusal with its reason, sent as the error response
        this.log(`tw lsp: ${what} failed (a bug in tw): ${e instanceof Error ? e.stack ?? e.message : String(e)}`);
        return fallback;
      }
    };
  }

  /** A guarded handler for .tw documents; any other document gets `fallback`. */
  private tw<P extends DocParams, R>(what: string, fallback: R, fn: (a: Analysis, p: P) => R): (p: P) => R {
    return this.guard(what, fallback, (p: P) => {
      const a = this.analysisOf(p.textDocument.uri);
      return a ? fn(a, p) : fallback;
    });
  }

  private publish(uri: string): void {
    this.guard('diagnostics', undefined, () => {
      const a = this.analysisOf(uri);
      const doc = this.documents.get(uri);
      const isOpen = (u: string): boolean => this.documents.all().some((d) => sameUri(d.uri) === u);
      const diagnostics = a ? [...diagnosticsOf(a), ...missingListing(uri, a.script, isOpen, this.disk)]
        : doc && isTwListing(uri, doc.getText(), this.namedByOpenScenario(uri), this.disk) ? listingDiagnostics(uri, doc.getText()) : [];
      // A rejection means the connection closed: the diagnostics have no one to go to.
      this.connection.sendDiagnostics({ uri, diagnostics }).catch(() => undefined);
    })(undefined);
  }

  /** Whether an open scenario's `variant "FILE.c";` names this listing. */
  private namedByOpenScenario(uri: string): boolean {
    const want = sameUri(uri);
    return this.documents.all().some((d) => {
      const a = d.uri.endsWith('.c') ? null : this.analysisOf(d.uri);
      const v = a ? variantFileOf(a.script) : undefined;
      return v !== undefined && resolveListingUri(d.uri, v.spec) === want;
    });
  }

  /** A scenario changed: the listings open beside it may have become (or stopped being) its variant. */
  private republishListings(): void {
    for (const d of this.documents.all()) if (d.uri.endsWith('.c')) this.schedule(d.uri, this.debounceMs);
  }

  private schedule(uri: string, delay: number): void {
    clearTimeout(this.timers.get(uri));
    this.timers.set(uri, setTimeout(() => { this.timers.delete(uri); this.publish(uri); }, delay));
  }

  private initialize(params: InitializeParams): InitializeResult {
    const init = (params.initializationOptions ?? {}) as InitOptions;
    if (typeof init.debounceMs === 'number' && init.debounceMs >= 0) this.debounceMs = init.debounceMs;
    this.codicons = init.codicons === true;
    if (typeof init.listingsUri === 'string' && init.listingsUri) this.listingsUri = init.listingsUri.replace(/\/$/, '');
    this.snippets = params.capabilities?.textDocument?.completion?.completionItem?.snippetSupport === true;
    return { capabilities: CAPABILITIES, serverInfo: { name: 'tw', version: '0.1.0' } };
  }

  private watchDocuments(): void {
    this.documents.onDidOpen((e) => {
      this.schedule(e.document.uri, 0);
      if (!e.document.uri.endsWith('.c')) this.republishListings();
    });
    this.documents.onDidChangeContent((e) => {
      this.schedule(e.document.uri, this.debounceMs);
      if (!e.document.uri.endsWith('.c')) this.republishListings();
    });
    this.documents.onDidClose((e) => {
      clearTimeout(this.timers.get(e.document.uri));
      this.timers.delete(e.document.uri);
      this.analyses.delete(e.document.uri);
      this.connection.sendDiagnostics({ uri: e.document.uri, diagnostics: [] }).catch(() => undefined);
    });
  }

  private hover(p: TextDocumentPositionParams) {
    const lines = this.listingLines(p.textDocument.uri);
    if (lines) return listingHover(lines, p.position);
    const a = this.analysisOf(p.textDocument.uri);
    return a ? hover(a, p.position) : null;
  }

  private definition(p: TextDocumentPositionParams) {
    const lines = this.listingLines(p.textDocument.uri);
    if (lines) return labelDefinition(lines[p.position.line] ?? '', p.position, listingVariant(lines[0] ?? ''), this.listingsUri);
    const a = this.analysisOf(p.textDocument.uri);
    if (!a) return null;
    return definition(a, p.position) ?? labelDefinition(a.lineText(p.position.line + 1), p.position, a.index.variant ?? 'mainline', this.listingsUri);
  }

  private symbols(p: DocParams) {
    const lines = this.listingLines(p.textDocument.uri);
    if (lines) return listingSymbols(lines);
    const a = this.analysisOf(p.textDocument.uri);
    return a ? documentSymbols(a) : [];
  }

  private format(a: Analysis) {
    const r = formatEdits(a);
    if (typeof r === 'string') { this.notify(MessageType.Warning, `tw: ${r}`); return []; }
    return r;
  }

  private executeCommand(p: ExecuteCommandParams) {
    if (p.command !== EXPLORE_COMMAND) throw new ResponseError(ErrorCodes.InvalidParams, `unknown command '${p.command}'`);
    const [uri, variant] = (p.arguments ?? []) as [unknown, unknown];
    const doc = typeof uri === 'string' ? this.documents.get(uri) : undefined;
    if (!doc) throw new ResponseError(ErrorCodes.InvalidParams, `tw.server.explore needs the URI of an open .tw document, got ${JSON.stringify(uri)}`);
    const name = decodeURIComponent(doc.uri.split('/').pop() ?? 'scenario');
    const answer = exploreDocument(name, doc.getText(), typeof variant === 'string' ? variant : null);
    this.notify(answer.ok ? MessageType.Info : MessageType.Warning, answer.message);
    return answer;
  }

  private rename(a: Analysis, p: TextDocumentPositionParams & { newName: string }) {
    const r = rename(a, p.position, p.newName);
    if (typeof r === 'string') throw new ResponseError(ErrorCodes.InvalidParams, r);
    return r;
  }

  listen(): void {
    const c = this.connection;
    c.onInitialize((p) => this.initialize(p));
    this.watchDocuments();
    c.onHover(this.guard('hover', null, (p: TextDocumentPositionParams) => this.hover(p)));
    c.onDefinition(this.guard('definition', null, (p: TextDocumentPositionParams) => this.definition(p)));
    c.onReferences(this.tw('references', [], (a, p) => references(a, p.position, p.context?.includeDeclaration !== false)));
    c.onDocumentHighlight(this.tw('documentHighlight', [], (a, p) => highlights(a, p.position)));
    c.onPrepareRename(this.tw('prepareRename', null, (a, p) => prepareRename(a, p.position)));
    c.onRenameRequest(this.tw('rename', null, (a, p) => this.rename(a, p)));
    c.onCompletion(this.tw('completion', [], (a, p) => completions(a, p.position, this.snippets, p.context?.triggerCharacter)));
    c.onDocumentSymbol(this.guard('documentSymbol', [], (p: DocParams) => this.symbols(p)));
    c.onFoldingRanges(this.tw('foldingRanges', [], (a) => foldingRanges(a)));
    c.languages.semanticTokens.on(this.tw('semanticTokens', { data: [] }, (a) => semanticTokens(a)));
    c.onCodeAction(this.tw('codeAction', [], (a, p) => codeActions(a, p.context?.diagnostics ?? [])));
    c.onDocumentFormatting(this.tw('formatting', [], (a) => this.format(a)));
    c.onCodeLens(this.tw('codeLens', [], (a) => codeLenses(a, this.codicons)));
    c.onExecuteCommand(this.guard('executeCommand', null, (p: ExecuteCommandParams) => this.executeCommand(p)));
    c.onShutdown(() => { this.timers.forEach((t) => clearTimeout(t)); this.timers.clear(); });
    this.documents.listen(c);
    c.listen();
  }
}

export function startServer(connection: Connection, options: ServerOptions = {}): void {
  new TwServer(connection, options).listen();
}
