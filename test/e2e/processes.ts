// Process bookkeeping for the real-VS-Code harness (codeServer.ts): code-server and Chromium start
// trees of processes that outlive a plain kill, so they are found through /proc and ended as a
// whole, also when this test process is interrupted. Linux only.
import { spawn } from 'child_process';
import * as fs from 'fs';
import * as net from 'net';
import * as path from 'path';

/**
 * code-server's processes: the leader, its descendants (node-pty starts shells in their own
 * sessions, so the process group alone misses them) and whatever is left in its process group
 * (orphans re-parented to init when the leader already died).
 */
export function treeOf(pid: number): number[] {
  return [...new Set([pid, ...descendants(pid), ...groupMembers(pid)])].filter(alive);
}


export function runToEnd(cmd: string, env: NodeJS.ProcessEnv, args: string[], timeoutMs: number)
  : Promise<{ code: number | null; output: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(cmd, args, { stdio: ['ignore', 'pipe', 'pipe'], detached: true, env });
    const log = new Tail(256 << 10);
    child.stdout!.on('data', (d: Buffer) => log.push(d));
    child.stderr!.on('data', (d: Buffer) => log.push(d));
    const timer = setTimeout(() => {
      if (child.pid !== undefined) for (const p of treeOf(child.pid)) signal(p, 'SIGKILL');
      reject(new Error(`${path.basename(cmd)} ${args.slice(-2).join(' ')} timed out:\n${log.text()}`));
    }, Math.max(1, timeoutMs));
    child.once('error', (e) => { clearTimeout(timer); reject(e); });
    child.once('exit', (code) => {
      clearTimeout(timer);
      if (child.pid !== undefined) for (const p of groupMembers(child.pid)) signal(p, 'SIGKILL'); // leftovers
      resolve({ code, output: log.text() });
    });
  });
}

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = net.createServer();
    s.unref();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const port = (s.address() as net.AddressInfo).port;
      s.close(() => resolve(port));
    });
  });
}

/** The fields of /proc/<pid>/stat we use, or undefined once the process is gone. */
function procStat(pid: string | number): { state: string; ppid: number; pgrp: number } | undefined {
  let stat: string;
  try {
    stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
  } catch {
    return undefined; // exited meanwhile
  }
  // pid (comm) state ppid pgrp ... ; comm may contain spaces and parentheses
  const [state = '', ppid, pgrp] = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return { state, ppid: Number(ppid), pgrp: Number(pgrp) };
}

/** Pids listed in /proc. */
function pids(): string[] {
  return safeReaddir('/proc').filter((name) => /^\d+$/.test(name));
}

/** Live members of process group `pgid` (from /proc). */
function groupMembers(pgid: number): number[] {
  return pids().filter((name) => {
    const st = procStat(name);
    return st !== undefined && st.pgrp === pgid && st.state !== 'Z';
  }).map(Number);
}

/** All descendants of pid (from /proc), children before grandchildren. */
function descendants(pid: number): number[] {
  const children = new Map<number, number[]>();
  for (const name of pids()) {
    const st = procStat(name);
    if (!st) continue;
    const list = children.get(st.ppid) ?? [];
    list.push(Number(name));
    children.set(st.ppid, list);
  }
  const result: number[] = [];
  const queue = [pid];
  while (queue.length) {
    for (const c of children.get(queue.shift()!) ?? []) {
      result.push(c);
      queue.push(c);
    }
  }
  return result;
}

/** Live (non-zombie) processes whose command line contains `needle`. */
export function processesMentioning(needle: string): number[] {
  const result: number[] = [];
  for (const name of pids()) {
    if (Number(name) === process.pid) continue;
    try {
      if (fs.readFileSync(`/proc/${name}/cmdline`, 'utf8').includes(needle) && alive(Number(name))) {
        result.push(Number(name));
      }
    } catch {
      // exited meanwhile
    }
  }
  return result;
}

const abnormalExitHandlers = new Set<() => void>();
let exitHooksInstalled = false;

/**
 * Runs `fn` synchronously if this Node process exits (process.exit, end of the event loop, or
 * SIGINT/SIGTERM/SIGHUP) before the returned unregister function is called. code-server runs
 * in its own process group (so stop() can signal all of it), which also means a Ctrl-C in the
 * terminal no longer reaches it: this is what keeps an aborted test run from leaking servers.
 */
export function onAbnormalExit(fn: () => void): () => void {
  if (!exitHooksInstalled) {
    exitHooksInstalled = true;
    const runAll = () => {
      for (const h of [...abnormalExitHandlers]) {
        try { h(); } catch { /* keep going */ }
      }
      abnormalExitHandlers.clear();
    };
    process.on('exit', runAll);
    for (const sig of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) {
      const onSignal = () => {
        runAll();
        // If nobody else handles the signal, restore the default action (terminate).
        if (process.listenerCount(sig) === 1) {
          process.removeListener(sig, onSignal);
          process.kill(process.pid, sig);
        }
      };
      process.on(sig, onSignal);
    }
  }
  abnormalExitHandlers.add(fn);
  return () => { abnormalExitHandlers.delete(fn); };
}

function safeReaddir(dir: string): string[] {
  try {
    return fs.readdirSync(dir);
  } catch {
    return [];
  }
}

export function alive(pid: number): boolean {
  const st = procStat(pid);
  return st !== undefined && st.state !== 'Z';
}

export function signal(pid: number, sig: NodeJS.Signals): void {
  try {
    process.kill(pid, sig);
  } catch {
    // already gone
  }
}

export function delay(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/** A delay that does not keep the process alive (for timeouts raced against real events). */
export function deadlineTimer(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms).unref());
}

export async function waitUntil(cond: () => boolean, timeoutMs: number): Promise<boolean> {
  const end = Date.now() + timeoutMs;
  while (!cond()) {
    if (Date.now() > end) return false;
    await delay(50);
  }
  return true;
}

/** Keeps the last `max` bytes of a stream of chunks. */
export class Tail {
  private chunks: Buffer[] = [];
  private size = 0;
  constructor(private readonly max: number) {}
  push(b: Buffer): void {
    this.chunks.push(b);
    this.size += b.length;
    while (this.size > this.max && this.chunks.length > 1) this.size -= this.chunks.shift()!.length;
  }
  text(): string {
    return Buffer.concat(this.chunks).toString('utf8');
  }
}
