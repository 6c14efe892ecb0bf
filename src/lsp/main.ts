// Runs the language server in this process (dist/lspServer.js through standalone.ts, and `tw lsp`):
// LSP over stdio, or over a TCP socket with --socket=PORT (the server connects to a client listening
// there, as vscode-languageclient's socket transport and most editors expect).
import { Connection, createConnection, ProposedFeatures, StreamMessageReader, StreamMessageWriter } from 'vscode-languageserver/node';
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
/** The server answers and goes on after an error nothing caught (a bug in tw), logging it to the client. */
function keepAlive(connection: Connection): void {
  const report = (e: unknown) => {
    try { connection.console.error(`tw lsp: unexpected error (a bug in tw); the server goes on: ${e instanceof Error ? e.stack ?? e.message : String(e)}`); } catch { /* closed */ }
  };
  process.on('uncaughtException', report);
  process.on('unhandledRejection', report);
}

/** stdout is the protocol stream: a stray console.log would corrupt it, so the console goes to the client's log. */
function consoleToClient(connection: Connection): void {
  console.log = (...args: unknown[]) => connection.console.log(format(...args));
  console.info = console.log;
  console.warn = (...args: unknown[]) => connection.console.warn(format(...args));
  console.error = (...args: unknown[]) => connection.console.error(format(...args));
}

function socketConnection(port: number): Connection {
  const socket = net.connect(port, '127.0.0.1');
  socket.once('error', (e) => {
    process.stderr.write(`tw lsp: cannot connect to a client on 127.0.0.1:${port}: ${e.message}\n`);
    process.exit(2);
  });
  return createConnection(ProposedFeatures.all, new StreamMessageReader(socket), new StreamMessageWriter(socket));
}

/** Starts the server on stdio, or with `--socket=PORT` on a connection to a client listening there. */
export function runLanguageServer(argv: readonly string[]): void {
  const socketArg = argv.find((a) => a.startsWith('--socket='));
  const port = socketArg ? Number(socketArg.slice('--socket='.length)) : undefined;
  if (port !== undefined && (!Number.isInteger(port) || port <= 0 || port > 65535)) throw new Error(`--socket expects a TCP port (1-65535), found '${socketArg?.slice(9)}'`);
  const connection = port === undefined ? createConnection(ProposedFeatures.all, process.stdin, process.stdout) : socketConnection(port);
  if (port === undefined) consoleToClient(connection);
  keepAlive(connection);
  startServer(connection, serverOptions());
}
