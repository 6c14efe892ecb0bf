// `tw lsp [--stdio] [--socket=PORT]`: the tw language server (src/lsp) for any editor, over stdio
// (the default; --stdio is accepted because clients pass it) or connecting to a client on PORT.
import { Parsed, int } from './args';
import { Io } from './load';
import { runLanguageServer } from '../lsp/main';

export const LSP_USAGE = 'tw lsp [--stdio] [--socket=PORT]';
export const LSP_FLAGS = { stdio: 'bool', socket: 'int' } as const;

export interface LspOptions {
  /** Connect to a client listening on this TCP port instead of speaking over stdio. */
  socket?: number;
  /** Stray arguments (a usage error). */
  extra: string[];
}

export function lspOptions(p: Parsed): LspOptions {
  return { socket: int(p, 'socket'), extra: p.positional };
}

export function cmdLsp(o: LspOptions, io: Io): Promise<number> | number {
  const port = o.socket;
  if (o.extra.length) { io.err(`usage: ${LSP_USAGE}`); return 2; }
  if (port !== undefined && (port < 1 || port > 65535)) { io.err(`tw lsp: --socket expects a TCP port (1-65535), found ${port}`); return 2; }
  runLanguageServer(port === undefined ? [] : [`--socket=${port}`]);
  // The server ends the process itself on the protocol's exit notification (or when stdin closes).
  return new Promise<number>(() => undefined);
}
