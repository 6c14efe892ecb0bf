/**
 * Drives a real VS Code for end-to-end tests: code-server 4.100.3 (VS Code 1.100.3) from npm,
 * installed by scripts/setupCodeServer.sh into .tw-cache/code-server, plus Debian's Chromium
 * through playwright-core.
 *
 *   const cs = await startCodeServer({ workspace });            // real server, fresh profile
 *   const b = await launchBrowser();                            // headless Chromium
 *   await b.page.goto(cs.url);                                  // the workbench
 *   ...
 *   await b.close(); await cs.stop();
 *
 *   const code = await runExtensionHostTests({ workspace, extensionDevelopmentPath,
 *                                              extensionTestsPath });   // 0 = passed
 *
 * Linux only (the process-tree cleanup reads /proc). Environment knobs:
 *   TW_CODE_SERVER_ENTRY  use this out/node/entry.js instead of running the setup script
 *   TW_E2E_VERBOSE=1      echo code-server's own output and the whole browser console to stderr
 *   TW_E2E_KEEP=1         keep the temporary profile directories after stop()
 */
import { execFile, spawn, type ChildProcess } from 'child_process';
import * as fs from 'fs';
import * as http from 'http';
import * as os from 'os';
import * as path from 'path';
import { chromium, type BrowserContext, type Page } from 'playwright-core';
import {
  Tail, alive, deadlineTimer, delay, freePort, onAbnormalExit, processesMentioning, runToEnd, signal, treeOf, waitUntil,
} from './processes';

export const PROJECT_ROOT = path.resolve(__dirname, '..', '..');
export const CHROMIUM_PATH = '/usr/bin/chromium';

const VERBOSE = process.env.TW_E2E_VERBOSE === '1';
const KEEP = process.env.TW_E2E_KEEP === '1';

/** Settings written into every fresh profile. */
export const DEFAULT_SETTINGS: Readonly<Record<string, unknown>> = {
  'security.workspace.trust.enabled': false,
  'files.autoSave': 'off',
  'chat.disableAIFeatures': true,
  'workbench.startupEditor': 'none',
  // No gallery / update traffic (there is no network for it anyway) and no pop-ups over the UI.
  'extensions.autoCheckUpdates': false,
  'extensions.autoUpdate': false,
  'extensions.ignoreRecommendations': true,
  'telemetry.telemetryLevel': 'off',
  'update.mode': 'none',
};

export interface StartOptions {
  /** Folder opened in the workbench (absolute or relative to cwd). */
  workspace: string;
  /** A .vsix installed into the fresh extensions dir before the server starts. */
  vsix?: string;
  /**
   * Extension under development. Only used to build `url` (adds the `payload` query parameter
   * so the workbench loads it from source, like F5 / --extensionDevelopmentPath does).
   */
  extensionDevelopmentPath?: string;
  /** Extra user settings merged over DEFAULT_SETTINGS. */
  settings?: Record<string, unknown>;
  /** Overall time allowed for install + start + first healthy /healthz. Default 90 s. */
  timeoutMs?: number;
  /** Receives the install script's progress text (a first install takes minutes). */
  progress?: (text: string) => void;
}

export interface CodeServer {
  /** The workbench URL with the workspace folder (and the dev extension, if any). */
  url: string;
  /** http://127.0.0.1:<port> */
  origin: string;
  port: number;
  /** `vscode-remote` authority the workbench uses for files on this server: 127.0.0.1:<port>. */
  remoteAuthority: string;
  userDataDir: string;
  extensionsDir: string;
  /** Everything code-server printed so far (last 256 KiB). */
  output(): string;
  /** false once the code-server process has exited. */
  running(): boolean;
  /** Kills code-server and every process it started (extension host, pty host, shells...). */
  stop(): Promise<void>;
}

// ------------------------------------------------------------------------------------------
// Install

let entryPromise: Promise<string> | undefined;

/**
 * Path of code-server's out/node/entry.js; runs scripts/setupCodeServer.sh (instant once
 * installed, minutes on a fresh machine: see the script) unless TW_CODE_SERVER_ENTRY is set.
 */
export function ensureCodeServer(progress?: (text: string) => void): Promise<string> {
  const fromEnv = process.env.TW_CODE_SERVER_ENTRY;
  if (fromEnv) return Promise.resolve(path.resolve(fromEnv));
  entryPromise ??= new Promise<string>((resolve, reject) => {
    const script = path.join(PROJECT_ROOT, 'scripts', 'setupCodeServer.sh');
    const child = execFile('bash', [script], { cwd: PROJECT_ROOT, maxBuffer: 16 << 20, timeout: 15 * 60_000 },
      (err, stdout, stderr) => {
        const entry = stdout.trim().split('\n').pop() ?? '';
        if (err || !entry || !fs.existsSync(entry)) {
          reject(new Error(`scripts/setupCodeServer.sh failed: ${err?.message ?? 'no entry.js'}\n${stderr}`));
        } else {
          resolve(entry);
        }
      });
    // The script's progress lines (stderr) as they come: a first install takes minutes.
    if (progress) child.stderr?.on('data', (d: Buffer) => progress(d.toString()));
  });
  entryPromise.catch(() => { entryPromise = undefined; });
  return entryPromise;
}

// ------------------------------------------------------------------------------------------
// Server

export async function startCodeServer(opts: StartOptions): Promise<CodeServer> {
  const deadline = Date.now() + (opts.timeoutMs ?? 90_000);
  const workspace = path.resolve(opts.workspace);
  if (!fs.statSync(workspace).isDirectory()) throw new Error(`workspace is not a folder: ${workspace}`);
  const entry = await ensureCodeServer(opts.progress);

  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'tw-code-server-'));
  const userDataDir = path.join(root, 'user-data');
  const extensionsDir = path.join(root, 'extensions');
  fs.mkdirSync(path.join(userDataDir, 'User'), { recursive: true });
  fs.mkdirSync(extensionsDir, { recursive: true });
  fs.writeFileSync(path.join(userDataDir, 'User', 'settings.json'),
    JSON.stringify({ ...DEFAULT_SETTINGS, ...opts.settings }, null, 2));
  const cleanupDirs = () => { if (!KEEP) fs.rmSync(root, { recursive: true, force: true }); };

  const baseArgs = (configFile: string) => [
    entry, '--config', configFile, '--user-data-dir', userDataDir, '--extensions-dir', extensionsDir,
    '--disable-telemetry', '--disable-update-check', '--disable-workspace-trust',
  ];
  const writeConfig = (port: number) => {
    const file = path.join(root, 'config.yaml');
    fs.writeFileSync(file, `bind-addr: 127.0.0.1:${port}\nauth: none\ncert: false\n`);
    return file;
  };

  try {
    if (opts.vsix) {
      const vsix = path.resolve(opts.vsix);
      const r = await runToEnd(process.execPath, serverEnv(),
        [...baseArgs(writeConfig(0)), '--install-extension', vsix], deadline - Date.now());
      if (r.code !== 0) {
        throw new Error(`code-server --install-extension ${vsix} exited with ${r.code}:\n${r.output}`);
      }
    }

    // The free port is found by binding port 0; another process could grab it before
    // code-server does, so a start that fails with EADDRINUSE is retried on a new port.
    for (let attempt = 1; ; attempt++) {
      const port = await freePort();
      const child = spawn(process.execPath, [...baseArgs(writeConfig(port)), workspace], {
        cwd: workspace,
        detached: true, // own process group: stop() can signal the whole group
        stdio: ['ignore', 'pipe', 'pipe'],
        env: serverEnv(),
      });
      const log = new Tail(256 << 10);
      child.stdout!.on('data', (d: Buffer) => { log.push(d); if (VERBOSE) process.stderr.write(d); });
      child.stderr!.on('data', (d: Buffer) => { log.push(d); if (VERBOSE) process.stderr.write(d); });
      const exited = new Promise<number | null>((res) => child.once('exit', (code) => res(code)));
      child.once('error', (e) => log.push(Buffer.from(`spawn error: ${e.message}\n`)));

      const unregister = onAbnormalExit(() => {
        if (child.pid !== undefined) for (const p of treeOf(child.pid)) signal(p, 'SIGKILL');
        cleanupDirs();
      });
      const stop = makeStopper(child, exited, () => { unregister(); cleanupDirs(); });
      const outcome = await waitHealthy(port, exited, deadline);
      if (outcome === 'healthy') {
        const origin = `http://127.0.0.1:${port}`;
        const remoteAuthority = `127.0.0.1:${port}`;
        const url = workbenchUrl(origin, workspace, opts.extensionDevelopmentPath
          ? { remoteAuthority, extensionDevelopmentPath: opts.extensionDevelopmentPath } : undefined);
        return {
          url, origin, port, remoteAuthority, userDataDir, extensionsDir, stop,
          output: () => log.text(),
          running: () => child.exitCode === null && child.signalCode === null,
        };
      }
      await stop();
      const out = log.text();
      if (outcome === 'exited' && /EADDRINUSE/.test(out) && attempt < 3 && Date.now() < deadline) continue;
      throw new Error(
        (outcome === 'exited'
          ? `code-server exited before /healthz answered`
          : `code-server did not answer GET /healthz within ${opts.timeoutMs ?? 90_000} ms`) +
        ` (port ${port}). Its output:\n${out}`);
    }
  } catch (e) {
    cleanupDirs();
    throw e;
  }
}

/** The workbench URL for a folder, optionally with an extension-development payload. */
export function workbenchUrl(
  origin: string,
  workspace: string,
  dev?: { remoteAuthority: string; extensionDevelopmentPath: string; extensionTestsPath?: string },
): string {
  const u = new URL('/', origin);
  u.searchParams.set('folder', path.resolve(workspace));
  if (dev) {
    // The browser workbench reads `payload` as JSON [key, value][] and URI.parse()s the values;
    // files on the server are vscode-remote://<authority><path>.
    const remote = (p: string) => `vscode-remote://${dev.remoteAuthority}${encodeURI(path.resolve(p))}`;
    const payload: [string, string][] = [['extensionDevelopmentPath', remote(dev.extensionDevelopmentPath)]];
    if (dev.extensionTestsPath) payload.push(['extensionTestsPath', remote(dev.extensionTestsPath)]);
    u.searchParams.set('payload', JSON.stringify(payload));
  }
  return u.toString();
}

/**
 * Our environment minus what would change how code-server starts: PORT overrides the config's
 * bind-addr, VSCODE_IPC_HOOK_CLI (set in VS Code's own terminals) makes it hand the folder to
 * that VS Code instead of starting, PASSWORD & co. switch auth on.
 */
function serverEnv(): NodeJS.ProcessEnv {
  const env = { ...process.env };
  for (const k of Object.keys(env)) {
    if (/^(VSCODE_|CODE_SERVER_|CS_)/.test(k) ||
        ['PORT', 'PASSWORD', 'HASHED_PASSWORD', 'GITHUB_TOKEN', 'EXTENSIONS_GALLERY'].includes(k)) {
      delete env[k];
    }
  }
  return env;
}

function makeStopper(child: ChildProcess, exited: Promise<number | null>, cleanup: () => void) {
  let stopping: Promise<void> | undefined;
  return () => (stopping ??= (async () => {
    const pid = child.pid;
    if (pid !== undefined) {
      const initial = treeOf(pid);
      for (const p of initial) signal(p, 'SIGTERM');
      const gone = await Promise.race([exited.then(() => true), deadlineTimer(5_000).then(() => false)]);
      // Interactive shells ignore SIGTERM (they go with SIGHUP when the pty closes); anything
      // still there now gets SIGKILL.
      const rest = [...new Set([...initial, ...treeOf(pid)])].filter(alive);
      for (const p of rest) signal(p, 'SIGKILL');
      if (!gone) await exited;
      await waitUntil(() => !initial.some(alive), 5_000);
    }
    cleanup();
  })());
}

async function waitHealthy(port: number, exited: Promise<number | null>, deadline: number)
  : Promise<'healthy' | 'exited' | 'timeout'> {
  let hasExited = false;
  void exited.then(() => { hasExited = true; });
  while (Date.now() < deadline) {
    if (hasExited) return 'exited';
    if (await healthz(port)) return 'healthy';
    await Promise.race([delay(200), exited]);
  }
  return 'timeout';
}

/** true when GET /healthz answers 200 with code-server's JSON ({"status": ...}). */
function healthz(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const req = http.get({ host: '127.0.0.1', port, path: '/healthz', timeout: 2_000 }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (c: string) => { body += c; });
      res.on('end', () => {
        try {
          resolve(res.statusCode === 200 && typeof JSON.parse(body).status === 'string');
        } catch {
          resolve(false);
        }
      });
    });
    req.on('timeout', () => req.destroy());
    req.on('error', () => resolve(false));
  });
}

// ------------------------------------------------------------------------------------------
// Browser

export interface BrowserSession {
  context: BrowserContext;
  /** The first tab, ready to use. */
  page: Page;
  userDataDir: string;
  close(): Promise<void>;
}

export const CHROMIUM_ARGS: readonly string[] = [
  '--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
  '--disable-background-networking', '--disable-component-update', '--disable-sync',
];

/** Debian's Chromium, headless, with a fresh profile that close() deletes. */
export async function launchBrowser(opts: { viewport?: { width: number; height: number } } = {})
  : Promise<BrowserSession> {
  const userDataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'tw-chromium-'));
  let context: BrowserContext;
  try {
    // Playwright rejects --user-data-dir in args; a persistent context is how it takes one.
    context = await chromium.launchPersistentContext(userDataDir, {
      executablePath: CHROMIUM_PATH,
      headless: true,
      args: [...CHROMIUM_ARGS],
      viewport: opts.viewport ?? { width: 1400, height: 900 },
      timeout: 60_000,
      env: { ...process.env, BREAKPAD_DUMP_LOCATION: path.join(userDataDir, 'crash') },
    });
  } catch (e) {
    fs.rmSync(userDataDir, { recursive: true, force: true });
    throw e;
  }
  const page = context.pages()[0] ?? await context.newPage();
  // Playwright kills its browsers itself when Node exits; this only removes the profile.
  const unregister = onAbnormalExit(() => fs.rmSync(userDataDir, { recursive: true, force: true }));
  let closing: Promise<void> | undefined;
  const close = () => (closing ??= (async () => {
    await context.close().catch(() => undefined);
    // Chromium's crashpad handlers daemonize (parent: init), so they are not in the browser's
    // tree. BREAKPAD_DUMP_LOCATION puts their --database into our profile dir, which is how we
    // recognise them; they end on their own shortly after the browser, we make sure.
    const mine = () => processesMentioning(userDataDir);
    if (!(await waitUntil(() => mine().length === 0, 5_000))) for (const p of mine()) signal(p, 'SIGKILL');
    unregister();
    fs.rmSync(userDataDir, { recursive: true, force: true });
  })());
  return { context, page, userDataDir, close };
}

/** Waits until the workbench (`.monaco-workbench`) is visible. */
export async function waitForWorkbench(page: Page, timeoutMs = 60_000): Promise<void> {
  await page.locator('.monaco-workbench').first().waitFor({ state: 'visible', timeout: timeoutMs });
}

// ------------------------------------------------------------------------------------------
// Extension-host tests

export interface ExtensionHostTestOptions {
  workspace: string;
  /** Folder with the extension's package.json. */
  extensionDevelopmentPath: string;
  /** Module exporting `run(): Promise<void>` (CommonJS), run inside the extension host. */
  extensionTestsPath: string;
  vsix?: string;
  settings?: Record<string, unknown>;
  /** For the whole run, from server start to the exit code. Default 180 s. */
  timeoutMs?: number;
  /** Where the extension host's console goes; default process.stdout. */
  out?: NodeJS.WritableStream;
}

/**
 * Runs an extension's tests inside the real extension host of code-server, the way
 * `code --extensionDevelopmentPath --extensionTestsPath` does on the desktop, and returns the
 * exit code (0 = the run() promise resolved). The extension host's console output is written
 * to `out` (stdout).
 *
 * How it works (VS Code 1.100.3 sources, lib/vscode/src/vs/...):
 * - code/browser/workbench/workbench.ts reads the `payload` query parameter as JSON
 *   [key, value][]; extensionDevelopmentPath / extensionTestsPath are URI.parse()d, so files on
 *   the server are given as vscode-remote://127.0.0.1:<port>/<path>.
 * - workbench/services/extensions/browser/extensionService.ts, after run() settles and the
 *   extension host is stopped, calls `window.codeAutomationExit(code, logs)` if it is a
 *   function. We define it with page.exposeFunction before the page loads.
 * - In this mode the extension host's console.* calls arrive in the workbench through
 *   MainThreadConsole.$logExtensionHostMessage and are printed by the workbench's
 *   ConsoleLogger, indistinguishable by text from the workbench's own log lines. An init
 *   script wraps the page's console and forwards only the calls whose stack passes through
 *   $logExtensionHostMessage (an RPC method name, so it survives minification).
 */
export async function runExtensionHostTests(opts: ExtensionHostTestOptions): Promise<number> {
  const timeoutMs = opts.timeoutMs ?? 180_000;
  const deadline = Date.now() + timeoutMs;
  const out = opts.out ?? process.stdout;
  const cs = await startCodeServer({
    workspace: opts.workspace, vsix: opts.vsix, settings: opts.settings, timeoutMs,
  });
  let browser: BrowserSession | undefined;
  try {
    browser = await launchBrowser();
    const { page } = browser;
    const consoleTail = new Tail(64 << 10);

    type Outcome = { code: number } | { failure: string };
    let settle!: (o: Outcome) => void;
    const outcome = new Promise<Outcome>((res) => { settle = res; });
    await page.exposeFunction('codeAutomationExit', (code: unknown) => {
      settle({ code: typeof code === 'number' ? code : 1 });
    });
    await page.exposeFunction('__twExtHostConsole', (severity: unknown, text: unknown) => {
      const line = `${severity === 'error' || severity === 'warn' ? `[${String(severity)}] ` : ''}${String(text)}\n`;
      out.write(line);
    });
    await page.addInitScript(EXT_HOST_CONSOLE_TAP);
    page.on('console', (m) => {
      const line = `[browser ${m.type()}] ${m.text()}\n`;
      consoleTail.push(Buffer.from(line));
      if (VERBOSE) process.stderr.write(line);
    });
    page.on('pageerror', (e) => consoleTail.push(Buffer.from(`[pageerror] ${e.message}\n`)));
    page.on('crash', () => settle({ failure: 'the workbench page crashed' }));
    page.on('close', () => settle({ failure: 'the workbench page closed' }));
    const serverGone = setInterval(() => {
      if (!cs.running()) settle({ failure: 'code-server exited' });
    }, 500);
    const timer = setTimeout(() => settle({ failure: `no result within ${timeoutMs} ms` }),
      Math.max(1, deadline - Date.now()));

    try {
      const url = workbenchUrl(cs.origin, opts.workspace, {
        remoteAuthority: cs.remoteAuthority,
        extensionDevelopmentPath: opts.extensionDevelopmentPath,
        extensionTestsPath: opts.extensionTestsPath,
      });
      await page.goto(url, { waitUntil: 'domcontentloaded', timeout: Math.max(1, deadline - Date.now()) });
      const o = await outcome;
      if ('failure' in o) {
        throw new Error(`extension tests: ${o.failure}.\nBrowser console (tail):\n${consoleTail.text()}\n` +
          `code-server output (tail):\n${cs.output().slice(-8000)}`);
      }
      return o.code;
    } finally {
      clearInterval(serverGone);
      clearTimeout(timer);
    }
  } finally {
    await browser?.close();
    await cs.stop();
  }
}

/** Page init script: see runExtensionHostTests. Plain JS, runs in the browser. */
const EXT_HOST_CONSOLE_TAP = `(() => {
  const forward = window.__twExtHostConsole;
  if (typeof forward !== 'function') return;
  const fmt = (a) => {
    if (typeof a === 'string') return a;
    if (a instanceof Error) return a.stack || String(a);
    try { return JSON.stringify(a); } catch { return String(a); }
  };
  for (const [method, severity] of [['log', 'log'], ['info', 'info'], ['warn', 'warn'], ['error', 'error']]) {
    const original = console[method];
    console[method] = function (...args) {
      const limit = Error.stackTraceLimit;
      Error.stackTraceLimit = 40;
      const stack = new Error().stack || '';
      Error.stackTraceLimit = limit;
      if (stack.includes('$logExtensionHostMessage')) {
        // ConsoleLogger prints ('%c INFO', 'color: #33f', message, ...args)
        const rest = typeof args[0] === 'string' && args[0].startsWith('%c') ? args.slice(2) : args;
        forward(severity, rest.map(fmt).join(' ')).catch(() => {});
      }
      return original.apply(this, args);
    };
  }
})();`;
