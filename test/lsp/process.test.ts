// `tw lsp` as a process (dist/cli.js, built by npm test): over a TCP socket with --socket=PORT it
// connects to the client listening there and answers initialize; a bad port is a usage error.
// Also the layering: src/lsp never imports 'vscode' or the extension, and only the entry points
// touch Node's process-level modules.
import { strict as assert } from 'node:assert';
import { spawn, spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as net from 'node:net';
import * as path from 'node:path';
import { createMessageConnection, StreamMessageReader, StreamMessageWriter } from 'vscode-jsonrpc/node';

const ROOT = path.join(__dirname, '..', '..');
const CLI = path.join(ROOT, 'dist', 'cli.js');

describe('lsp: tw lsp as a process', function () {
  this.timeout(30_000);
  before(function () { if (!fs.existsSync(CLI)) this.skip(); }); // `npm test` builds first

  it('--socket=PORT connects to the client and answers initialize, then exits after shutdown/exit', async () => {
    const server = net.createServer();
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    const port = (server.address() as net.AddressInfo).port;
    const accepted = new Promise<net.Socket>((r) => server.once('connection', r));
    const child = spawn(process.execPath, [CLI, 'lsp', `--socket=${port}`], { stdio: 'ignore' });
    const exited = new Promise<number | null>((r) => child.once('exit', r));
    try {
      const socket = await accepted;
      const client = createMessageConnection(new StreamMessageReader(socket), new StreamMessageWriter(socket));
      client.listen();
      const r = await client.sendRequest('initialize', { processId: null, rootUri: null, capabilities: {} }) as { serverInfo: { name: string } };
      assert.equal(r.serverInfo.name, 'tw');
      await client.sendRequest('shutdown');
      void client.sendNotification('exit');
      assert.equal(await exited, 0);
      client.dispose();
    } finally {
      child.kill();
      server.close();
    }
  });

  it('says so (exit 2, no stack trace) when no client listens on the port', async () => {
    const server = net.createServer();
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    const port = (server.address() as net.AddressInfo).port;
    await new Promise<void>((r) => server.close(() => r()));
    const r = spawnSync(process.execPath, [CLI, 'lsp', `--socket=${port}`], { encoding: 'utf8', timeout: 20_000 });
    assert.equal(r.status, 2);
    assert.match(r.stderr, new RegExp(`^tw lsp: cannot connect to a client on 127\\.0\\.0\\.1:${port}: .*ECONNREFUSED`));
    assert.doesNotMatch(r.stderr, /\n\s+at /);
  });

  it('refuses a bad port or a stray argument with exit 2', () => {
    for (const args of [['--socket=70000'], ['--socket=x'], ['file.tw']]) {
      const r = spawnSync(process.execPath, [CLI, 'lsp', ...args], { encoding: 'utf8', input: '' });
      assert.equal(r.status, 2, `${args.join(' ')}: ${r.stderr}`);
      assert.match(r.stderr, /tw lsp|usage/);
    }
  });
});

describe('lsp: layering', () => {
  const ENTRIES = new Set(['main.ts', 'standalone.ts', 'server.ts']);
  it('imports no vscode and no extension code; only the entry points use vscode-languageserver or Node', () => {
    const dir = path.join(ROOT, 'src', 'lsp');
    const bad: string[] = [];
    for (const f of fs.readdirSync(dir).filter((n) => n.endsWith('.ts'))) {
      const imports = [...fs.readFileSync(path.join(dir, f), 'utf8').matchAll(/^(?:import|export)[^'";]*from\s+'([^']+)'/gm)].map((m) => m[1] ?? '');
      for (const i of imports) {
        if (i === 'vscode' || i.includes('/extension')) bad.push(`${f} imports ${i}`);
        if (!ENTRIES.has(f) && (i.startsWith('node:') || i.startsWith('vscode-languageserver/') || i === 'vscode-languageserver')) bad.push(`${f} imports ${i}`);
      }
    }
    assert.deepEqual(bad, []);
  });
});
