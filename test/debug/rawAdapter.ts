// The standalone adapter as a child process, driven by raw bytes: for framing tests and the fuzzer,
// which must send what DebugClient cannot (garbage, bad headers) and see a death or a hang.
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { ChildProcess, spawn } from 'node:child_process';
import * as net from 'node:net';
import { build } from 'esbuild';
import { WAIT_MS, within } from './harness';

export interface Msg { type: string; seq: number; request_seq?: number; command?: string; event?: string; success?: boolean; message?: string; body?: Record<string, unknown> }

let bundled: Promise<string> | undefined;

/** src/debug/standalone.ts bundled once per test run, as dist/debugAdapter.js is. */
export function adapterBundle(): Promise<string> {
  bundled ??= (async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tw-raw-adapter-'));
    const out = path.join(dir, 'debugAdapter.js');
    await build({ entryPoints: [path.join(__dirname, '..', '..', 'src', 'debug', 'standalone.ts')], bundle: true, platform: 'node', format: 'cjs', outfile: out, logLevel: 'silent' });
    process.on('exit', () => fs.rmSync(dir, { recursive: true, force: true }));
    return out;
  })();
  return bundled;
}

export function frame(body: string | object): string {
  const json = typeof body === 'string' ? body : JSON.stringify(body);
  return `Content-Length: ${Buffer.byteLength(json)}\r\n\r\n${json}`;
}

/** A DAP peer on raw streams: writes bytes, parses what comes back, matches responses to requests. */
export class RawPeer {
  readonly messages: Msg[] = [];
  private buf = Buffer.alloc(0);
  private seq = 1000;
  /** The seq of the last request sent. */
  get lastSeq(): number { return this.seq - 1; }
  private readonly waiters: { match: (m: Msg) => boolean; resolve: (m: Msg) => void }[] = [];

  constructor(private readonly write: (b: string | Buffer) => void) {}

  receive(data: Buffer): void {
    this.buf = Buffer.concat([this.buf, data]);
    for (;;) {
      const end = this.buf.indexOf('\r\n\r\n');
      if (end < 0) return;
      const m = /Content-Length: (\d+)/.exec(this.buf.toString('latin1', 0, end));
      const len = Number(m?.[1] ?? -1);
      if (this.buf.length < end + 4 + len) return;
      const msg = JSON.parse(this.buf.toString('utf8', end + 4, end + 4 + len)) as Msg;
      this.buf = this.buf.subarray(end + 4 + len);
      this.messages.push(msg);
      for (const w of this.waiters.splice(0)) (w.match(msg) ? w.resolve(msg) : this.waiters.push(w));
    }
  }

  send(bytes: string | Buffer): void {
    this.write(bytes);
  }

  /** The first message (already received or to come) that `match` accepts. */
  wait(match: (m: Msg) => boolean, what: string, ms = WAIT_MS): Promise<Msg> {
    const seen = this.messages.find(match);
    if (seen) return Promise.resolve(seen);
    return within(new Promise<Msg>((resolve) => this.waiters.push({ match, resolve })), what, ms);
  }

  /** Sends a request (arguments exactly as given, even malformed) and resolves with its response. */
  request(command: unknown, args?: unknown, ms = WAIT_MS): Promise<Msg> {
    const seq = this.seq++;
    const req: Record<string, unknown> = { seq, type: 'request', command };
    if (args !== undefined) req.arguments = args;
    this.send(frame(req));
    return this.wait((m) => m.type === 'response' && m.request_seq === seq, `the response to ${JSON.stringify(command)} (seq ${seq})`, ms);
  }
}

/** `node debugAdapter.js` over stdio. */
export class StdioAdapter extends RawPeer {
  readonly exited: Promise<number | null>;
  stderr = '';

  private constructor(readonly child: ChildProcess) {
    super((b) => { if (child.stdin?.writable) child.stdin.write(b); });
    child.stdout?.on('data', (d: Buffer) => this.receive(d));
    child.stderr?.on('data', (d: Buffer) => { this.stderr += d.toString(); });
    child.stdin?.on('error', () => undefined); // writing to an adapter that died is what the fuzzer counts
    this.exited = new Promise((resolve) => child.on('exit', (code) => resolve(code)));
  }

  static async start(): Promise<StdioAdapter> {
    return new StdioAdapter(spawn(process.execPath, [await adapterBundle()], { stdio: ['pipe', 'pipe', 'pipe'] }));
  }

  get alive(): boolean {
    return this.child.exitCode === null && this.child.signalCode === null;
  }

  async kill(): Promise<void> {
    if (this.alive) this.child.kill();
    await this.exited;
  }
}

/** A socket to `node debugAdapter.js --server=0` (a child of its own). */
export async function serverAdapter(): Promise<{ peer: RawPeer; close: () => Promise<void> }> {
  const child = spawn(process.execPath, [await adapterBundle(), '--server=0'], { stdio: ['ignore', 'pipe', 'pipe'] });
  const port = await within(new Promise<number>((resolve) => {
    child.stderr.on('data', (d: Buffer) => { const m = /listening on port (\d+)/.exec(d.toString()); if (m?.[1]) resolve(Number(m[1])); });
  }), 'the listening message');
  const socket = net.connect(port, '127.0.0.1');
  await within(new Promise((r) => socket.once('connect', r)), 'connect');
  const peer = new RawPeer((b) => socket.write(b));
  socket.on('data', (d: Buffer) => peer.receive(d));
  const exited = new Promise((r) => child.on('exit', r));
  return { peer, close: async () => { socket.destroy(); child.kill(); await exited; } };
}
