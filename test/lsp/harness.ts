// An in-process LSP client for the server's tests: the real server (startServer) and a real
// JSON-RPC client over a pair of in-memory streams, speaking the protocol byte for byte as an
// editor would. The server's exit is recorded instead of ending the test process.
import { PassThrough } from 'node:stream';
import { createMessageConnection, MessageConnection, StreamMessageReader, StreamMessageWriter } from 'vscode-jsonrpc/node';
import { createConnection } from 'vscode-languageserver/lib/common/server';
import { createProtocolConnection } from 'vscode-languageserver/node';
import type { PublishDiagnosticsParams } from 'vscode-languageserver-protocol';
import { startServer } from '../../src/lsp/server';

export interface Harness {
  client: MessageConnection;
  /** Raw bytes to the server, for malformed-message tests. */
  raw: PassThrough;
  diagnostics: PublishDiagnosticsParams[];
  messages: { type: number; message: string }[];
  exitCode: () => number | undefined;
  nextDiagnostics: (uri: string, pred?: (p: PublishDiagnosticsParams) => boolean) => Promise<PublishDiagnosticsParams>;
  open: (uri: string, text: string, version?: number) => void;
  dispose: () => void;
}

export function startHarness(options: { debounceMs?: number; listingsUri?: string } = {}): Harness {
  const toServer = new PassThrough();
  const toClient = new PassThrough();
  let exitCode: number | undefined;
  const watchDog = { shutdownReceived: false, initialize: () => undefined, exit: (code: number) => { exitCode = code; } };
  const connection = createConnection((logger) => createProtocolConnection(new StreamMessageReader(toServer), new StreamMessageWriter(toClient), logger), watchDog);
  startServer(connection, options);
  const client = createMessageConnection(new StreamMessageReader(toClient), new StreamMessageWriter(toServer));
  const diagnostics: PublishDiagnosticsParams[] = [];
  const messages: { type: number; message: string }[] = [];
  const waiters: (() => void)[] = [];
  client.onNotification('textDocument/publishDiagnostics', (p: PublishDiagnosticsParams) => { diagnostics.push(p); waiters.splice(0).forEach((w) => w()); });
  client.onNotification('window/showMessage', (p: { type: number; message: string }) => { messages.push(p); });
  client.onNotification('window/logMessage', () => undefined);
  client.onRequest('client/registerCapability', () => null);
  client.listen();
  const nextDiagnostics = (uri: string, pred: (p: PublishDiagnosticsParams) => boolean = () => true) => {
    const from = diagnostics.length;
    return new Promise<PublishDiagnosticsParams>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`no diagnostics for ${uri} within 5 s`)), 5000);
      const check = () => {
        const hit = diagnostics.slice(from).find((d) => d.uri === uri && pred(d));
        if (hit) { clearTimeout(timer); resolve(hit); } else waiters.push(check);
      };
      check();
    });
  };
  const open = (uri: string, text: string, version = 1) => {
    void client.sendNotification('textDocument/didOpen', { textDocument: { uri, languageId: uri.endsWith('.c') ? 'tw-listing' : 'tw', version, text } });
  };
  return {
    client, raw: toServer, diagnostics, messages, exitCode: () => exitCode, nextDiagnostics, open,
    dispose: () => { client.dispose(); toServer.end(); toClient.end(); },
  };
}

export async function initialize(h: Harness, initializationOptions: object = {}): Promise<{ capabilities: Record<string, unknown> }> {
  const r = await h.client.sendRequest('initialize', {
    processId: null, rootUri: null, initializationOptions,
    capabilities: { textDocument: { completion: { completionItem: { snippetSupport: true } } } },
  });
  await h.client.sendNotification('initialized', {});
  return r as { capabilities: Record<string, unknown> };
}
