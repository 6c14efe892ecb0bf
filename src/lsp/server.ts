// The tw language server over vscode-languageserver: .tw scenarios get every feature, model
// listings (.c) their step-label hovers and outline. Each handler is guarded: a failure is logged
// and answered with an empty result (or an error response), so the server answers every request
// and never dies on a document or a request it does not understand.
import {
  Connection, TextDocuments, TextDocumentSyncKind, InitializeParams, InitializeResult, ResponseError, ErrorCodes,
  MessageType, ShowMessageNotification,
} from 'vscode-languageserver';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { Analysis } from './analysis';
import { diagnosticsOf } from './diagnostics';
import { hover } from './hover';
import { definition, prepareRename, references, rename } from './navigation';
import { completions } from './completion';
import { documentSymbols, foldingRanges } from './structure';
import { LEGEND, semanticTokens } from './semanticTokens';
import { codeActions } from './codeActions';
import { formatEdits } from './format';
import { codeLenses, EXPLORE_COMMAND } from './codeLens';
import { exploreDocument } from './exploreCommand';
import { isListing, listingHover, listingSymbols } from './listing';
import { labelDefinition, listingVariant } from './labelDefinition';

export interface ServerOptions {
  /** Milliseconds between the last change and the diagnostics (default 150; the client may override). */
  debounceMs?: number;
  /** The shipped listings folder as a file URI, for definitions of step labels (none: no such definitions). */
  listingsUri?: string;
}

/** Options a client may send in initializationOptions. */
interface InitOptions { debounceMs?: number; codicons?: boolean }

export function startServer(connection: Connection, options: ServerOptions = {}): void {
  const documents = new TextDocuments(TextDocument);
  const analyses = new Map<string, { version: number; analysis: Analysis }>();
  const timers = new Map<string, NodeJS.Timeout>();
  let debounceMs = options.debounceMs ?? 150;
  let codicons = false;
  let snippets = false;

  const analysisOf = (uri: string): Analysis | null => {
    const doc = documents.get(uri);
    if (!doc) return null;
    const hit = analyses.get(uri);
    if (hit && hit.version === doc.version) return hit.analysis;
    const analysis = new Analysis(uri, doc.getText());
    analyses.set(uri, { version: doc.version, analysis });
    return analysis;
  };
  /** A plain window/showMessage (not a request: no client has to answer it). */
  const notify = (type: MessageType, message: string) => { void connection.sendNotification(ShowMessageNotification.type, { type, message }); };
  const isTw = (uri: string): boolean => { const d = documents.get(uri); return !!d && !isListing(uri, d.getText()); };

  /** Runs a handler; on a throw, logs it and answers `fallback` so the client is never left waiting. */
  function guard<P, R>(what: string, fallback: R, fn: (p: P) => R): (p: P) => R {
    return (p: P) => {
      try { return fn(p); } catch (e) {
        if (e instanceof ResponseError) throw e; // a refusal with its reason, sent as the error response
        connection.console.error(`tw lsp: ${what} failed (a bug in tw): ${e instanceof Error ? e.stack ?? e.message : String(e)}`);
        return fallback;
      }
    };
  }

  const publish = guard('diagnostics', undefined, (uri: string) => {
    const a = isTw(uri) ? analysisOf(uri) : null;
    void connection.sendDiagnostics({ uri, diagnostics: a ? diagnosticsOf(a) : [] });
  });
  const schedule = (uri: string, delay: number) => {
    clearTimeout(timers.get(uri));
    timers.set(uri, setTimeout(() => { timers.delete(uri); publish(uri); }, delay));
  };

  connection.onInitialize((params: InitializeParams): InitializeResult => {
    const init = (params.initializationOptions ?? {}) as InitOptions;
    if (typeof init.debounceMs === 'number' && init.debounceMs >= 0) debounceMs = init.debounceMs;
    codicons = init.codicons === true;
    snippets = params.capabilities.textDocument?.completion?.completionItem?.snippetSupport === true;
    return {
      capabilities: {
        textDocumentSync: TextDocumentSyncKind.Incremental,
        hoverProvider: true,
        definitionProvider: true,
        referencesProvider: true,
        renameProvider: { prepareProvider: true },
        completionProvider: { triggerCharacters: ['"', ' ', '.', ':'] },
        documentSymbolProvider: true,
        foldingRangeProvider: true,
        semanticTokensProvider: { legend: LEGEND, full: true },
        codeActionProvider: { codeActionKinds: ['quickfix'] },
        documentFormattingProvider: true,
        codeLensProvider: { resolveProvider: false },
        executeCommandProvider: { commands: [EXPLORE_COMMAND] },
      },
      serverInfo: { name: 'tw', version: '0.1.0' },
    };
  });

  documents.onDidOpen((e) => schedule(e.document.uri, 0));
  documents.onDidChangeContent((e) => schedule(e.document.uri, debounceMs));
  documents.onDidClose((e) => {
    clearTimeout(timers.get(e.document.uri));
    timers.delete(e.document.uri);
    analyses.delete(e.document.uri);
    void connection.sendDiagnostics({ uri: e.document.uri, diagnostics: [] });
  });

  const tw = <P extends { textDocument: { uri: string } }, R>(what: string, fallback: R, fn: (a: Analysis, p: P) => R) =>
    guard(what, fallback, (p: P) => {
      const a = isTw(p.textDocument.uri) ? analysisOf(p.textDocument.uri) : null;
      return a ? fn(a, p) : fallback;
    });
  const listingLines = (uri: string): string[] | null => {
    const d = documents.get(uri);
    return d && isListing(uri, d.getText()) ? d.getText().split(/\r?\n/) : null;
  };

  connection.onHover(guard('hover', null, (p) => {
    const lines = listingLines(p.textDocument.uri);
    if (lines) return listingHover(lines, p.position);
    const a = isTw(p.textDocument.uri) ? analysisOf(p.textDocument.uri) : null;
    return a ? hover(a, p.position) : null;
  }));
  connection.onDefinition(guard('definition', null, (p) => {
    const lines = listingLines(p.textDocument.uri);
    if (lines) return labelDefinition(lines[p.position.line] ?? '', p.position, listingVariant(lines[0] ?? ''), options.listingsUri);
    const a = isTw(p.textDocument.uri) ? analysisOf(p.textDocument.uri) : null;
    if (!a) return null;
    return definition(a, p.position) ?? labelDefinition(a.lineText(p.position.line + 1), p.position, a.index.variant ?? 'mainline', options.listingsUri);
  }));
  connection.onReferences(tw('references', [], (a, p) => references(a, p.position, p.context.includeDeclaration)));
  connection.onPrepareRename(tw('prepareRename', null, (a, p) => prepareRename(a, p.position)));
  connection.onRenameRequest(tw('rename', null, (a, p) => {
    const r = rename(a, p.position, p.newName);
    if (typeof r === 'string') throw new ResponseError(ErrorCodes.InvalidParams, r);
    return r;
  }));
  connection.onCompletion(tw('completion', [], (a, p) => completions(a, p.position, snippets)));
  connection.onDocumentSymbol(guard('documentSymbol', [], (p) => {
    const lines = listingLines(p.textDocument.uri);
    if (lines) return listingSymbols(lines);
    const a = isTw(p.textDocument.uri) ? analysisOf(p.textDocument.uri) : null;
    return a ? documentSymbols(a) : [];
  }));
  connection.onFoldingRanges(tw('foldingRanges', [], (a) => foldingRanges(a)));
  connection.languages.semanticTokens.on(tw('semanticTokens', { data: [] }, (a) => semanticTokens(a)));
  connection.onCodeAction(tw('codeAction', [], (a, p) => codeActions(a, p.context.diagnostics)));
  connection.onDocumentFormatting(tw('formatting', [], (a) => {
    const r = formatEdits(a);
    if (typeof r === 'string') { notify(MessageType.Warning, `tw: ${r}`); return []; }
    return r;
  }));
  connection.onCodeLens(tw('codeLens', [], (a) => codeLenses(a, codicons)));
  connection.onExecuteCommand(guard('executeCommand', null, (p) => {
    if (p.command !== EXPLORE_COMMAND) throw new ResponseError(ErrorCodes.InvalidParams, `unknown command '${p.command}'`);
    const [uri, variant] = (p.arguments ?? []) as [unknown, unknown];
    const doc = typeof uri === 'string' ? documents.get(uri) : undefined;
    if (!doc) throw new ResponseError(ErrorCodes.InvalidParams, `tw.explore needs the URI of an open .tw document, got ${JSON.stringify(uri)}`);
    const answer = exploreDocument(decodeURIComponent((uri as string).split('/').pop() ?? 'scenario'), doc.getText(), typeof variant === 'string' ? variant : null);
    notify(answer.ok ? MessageType.Info : MessageType.Warning, answer.message);
    return answer;
  }));
  connection.onShutdown(() => { timers.forEach((t) => clearTimeout(t)); timers.clear(); });

  documents.listen(connection);
  connection.listen();
}
