// The editor features of .tw files and model listings come from the tw language server
// (src/lsp, bundled as dist/lspServer.js): VS Code is one of its clients, like Neovim and Emacs.
// What stays here is VS Code's own part: the settings, and turning the code lenses' document
// URI into a vscode.Uri for the extension's debug commands.
import * as vscode from 'vscode';
import { LanguageClient, LanguageClientOptions, ServerOptions, TransportKind } from 'vscode-languageclient/node';
import { LISTING_ROOT } from './listingDocs';

const DEBUG_COMMANDS = new Set(['tw.debugScenario', 'tw.debugSchedule']);

function settings() {
  const c = vscode.workspace.getConfiguration('tw');
  return {
    diagnostics: c.get<boolean>('diagnostics.enabled', true),
    delay: c.get<number>('diagnostics.delay', 150),
    lenses: c.get<boolean>('codeLens.enabled', true),
  };
}

/** The lenses' first argument is the document URI as a string (LSP); our commands take a vscode.Uri. */
function withUri(lens: vscode.CodeLens): vscode.CodeLens {
  const cmd = lens.command;
  if (cmd && DEBUG_COMMANDS.has(cmd.command) && typeof cmd.arguments?.[0] === 'string') {
    cmd.arguments = [vscode.Uri.parse(cmd.arguments[0] as string), ...cmd.arguments.slice(1)];
  }
  return lens;
}

function clientOptions(): LanguageClientOptions {
  return {
    // C files go to the server too: it diagnoses those that are tw listings (a listings/ folder,
    // the marker line, or named by a scenario's `variant "FILE.c";`) and leaves every other alone.
    documentSelector: [{ language: 'tw' }, { language: 'tw-listing' }, { scheme: 'file', language: 'c' }],
    diagnosticCollectionName: 'tw',
    // Step-label definitions open the read-only listings VS Code shows, not the installed files.
    initializationOptions: { debounceMs: settings().delay, codicons: true, listingsUri: LISTING_ROOT },
    middleware: {
      handleDiagnostics: (uri, diagnostics, next) => next(uri, settings().diagnostics ? diagnostics : []),
      provideCodeLenses: async (doc, token, next) => {
        if (!settings().lenses) return [];
        return (await next(doc, token))?.map(withUri);
      },
    },
  };
}

/**
 * Starts the client (and with it the server) without holding up activation; a failure is shown.
 * `ready` settles once the server has answered initialize and its features are registered.
 */
export function registerLanguageFeatures(context: vscode.ExtensionContext): { client: LanguageClient; ready: Promise<void> } {
  const module = context.asAbsolutePath('dist/lspServer.js');
  const server: ServerOptions = {
    run: { module, transport: TransportKind.stdio },
    debug: { module, transport: TransportKind.stdio, options: { execArgv: ['--enable-source-maps'] } },
  };
  const client = new LanguageClient('tw', 'tw language server', server, clientOptions());
  context.subscriptions.push(
    client,
    // The delay and the switches are read when the server starts: a change restarts it.
    vscode.workspace.onDidChangeConfiguration((e) => {
      if (e.affectsConfiguration('tw.diagnostics') || e.affectsConfiguration('tw.codeLens')) void client.restart();
    }),
  );
  const ready = client.start().catch((e: unknown) => {
    void vscode.window.showErrorMessage(`tw: the language server did not start: ${e instanceof Error ? e.message : String(e)}`);
  });
  return { client, ready };
}
