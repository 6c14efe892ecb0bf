// Standalone debug adapter: `node dist/debugAdapter.js` speaks DAP over stdin/stdout, and
// `--server=PORT` accepts one session per connection. Nothing else may write to stdout.
import * as net from 'node:net';
import { TwDebugSession } from './session';
import { nodeHost } from './nodeHost';

function serverPort(argv: readonly string[]): number | undefined {
  for (const a of argv) {
    const m = /^--server=(\d+)$/.exec(a);
    if (m && m[1]) return Number(m[1]);
  }
  return undefined;
}

/** Accepts DAP connections on `port` (0: any free port); resolves with the bound port. */
export function serve(port: number): Promise<{ port: number; server: net.Server }> {
  const host = nodeHost();
  const server = net.createServer((socket) => {
    const session = new TwDebugSession(host);
    session.setRunAsServer(true);
    session.start(socket, socket);
  });
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => {
      const addr = server.address();
      resolve({ port: typeof addr === 'object' && addr ? addr.port : port, server });
    });
  });
}

/** Last resort: an error no handler caught (a timer, a stream) is logged; the adapter lives on. */
function survive(): void {
  const log = (e: unknown): void => { process.stderr.write(`tw debug adapter: internal error: ${e instanceof Error && e.stack ? e.stack : String(e)}\n`); };
  process.on('uncaughtException', log);
  process.on('unhandledRejection', log);
}

function main(): void {
  survive();
  const port = serverPort(process.argv.slice(2));
  if (port !== undefined) {
    serve(port).then(({ port: p }) => process.stderr.write(`tw debug adapter listening on port ${p}\n`),
      (e: Error) => { process.stderr.write(`tw debug adapter: cannot listen on port ${port}: ${e.message}\n`); process.exit(1); });
    return;
  }
  const session = new TwDebugSession(nodeHost());
  process.on('SIGTERM', () => session.shutdown());
  session.start(process.stdin, process.stdout);
}

if (require.main === module) main();
