// Runs the language server in this process (dist/lspServer.js through standalone.ts, and `tw lsp`):
// LSP over stdio, or over a TCP socket with --socket=PORT (the server connects to a client listening
// there, as vscode-languageclient's socket transport and most editors expect).
import { createConnection, ProposedFeatures, StreamMessageReader, StreamMessageWriter } from 'vscode-languageserver/node';
import * as net from 'node:net';
import { format } from 'node:util';
import { pathToFileURL } from 'node:url';
import { startServer, ServerOptions } from './server';
import { findListingsDir } from '../debug/nodeHost';

/** The shipped model listings (dist/../listings), so that step labels lead to their listing line. */
function serverOptions(): ServerOptions {
  const dir = findListingsDir(__dirname);
  return dir ? { listingsUri: pathToFileURL(dir).href } : {};
}

/** Starts the server; resolves once it is listening. Throws only for a bad port. */
export function runLanguageServer(argv: readonly string[]): void {
  const socketArg = argv.find((a) => a.startsWith('--socket='));
  if (socketArg) {
    const port = Number(socketArg.slice('--socket='.length));
    if (!Number.isInteger(port) || port <= 0 || port > 65535) throw new Error(`--socket expects a TCP port (1-65535), found '${socketArg.slice(9)}'`);
    const socket = net.connect(port, '127.0.0.1');
    startServer(createConnection(ProposedFeatures.all, new StreamMessageReader(socket), new StreamMessageWriter(socket)), serverOptions());
    return;
  }
  const connection = createConnection(ProposedFeatures.all, process.stdin, process.stdout);
  // stdout is the protocol stream: a stray console.log would corrupt it, so the console goes to the client's log.
  console.log = (...args: unknown[]) => connection.console.log(format(...args));
  console.info = console.log;
  console.warn = (...args: unknown[]) => connection.console.warn(format(...args));
  console.error = (...args: unknown[]) => connection.console.error(format(...args));
  startServer(connection, serverOptions());
}

