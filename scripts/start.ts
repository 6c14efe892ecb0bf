// `npm start`: builds and packages the extension, installs it into a real VS Code (code-server
// 4.100.3, set up by scripts/setupCodeServer.sh on first use), opens examples/ and prints the URL.
// Runs until Ctrl-C. `npm start -- --check` (or TW_START_CHECK=1) starts, verifies, prints, exits.
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as http from 'http';
import * as path from 'path';
import { startCodeServer, CodeServer } from '../test/e2e/codeServer';
import { installedExtensionDir } from '../test/exthost/prepare';

const ROOT = path.resolve(__dirname, '..');
const check = process.argv.includes('--check') || process.env.TW_START_CHECK === '1';
const folderArg = process.argv.find((a) => a.startsWith('--folder='));
const folder = path.resolve(ROOT, folderArg ? folderArg.slice('--folder='.length) : 'examples');

function say(text: string): void { process.stderr.write(`tw start: ${text}\n`); }

/** What the .vsix is made of: when none is newer than the last .vsix, packing again is skipped. */
const INPUTS = ['src', 'media', 'syntaxes', 'snippets', 'listings', 'package.json', 'language-configuration.json', 'README.md', 'scripts/build.mjs', 'scripts/package.mjs'];

function newestMtime(p: string): number {
  if (!fs.existsSync(p)) return 0;
  const st = fs.statSync(p);
  if (!st.isDirectory()) return st.mtimeMs;
  return Math.max(st.mtimeMs, ...fs.readdirSync(p).map((n) => newestMtime(path.join(p, n))));
}

/** The packed .vsix if it is newer than everything it is made of (a second `npm start` skips ~30-90 s). */
function upToDateVsix(): string | undefined {
  const pkg = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as { name: string; version: string };
  const vsix = path.join(ROOT, 'out', `${pkg.name}-${pkg.version}.vsix`);
  if (!fs.existsSync(vsix) || !fs.existsSync(path.join(ROOT, 'dist', 'extension.js'))) return undefined;
  const made = fs.statSync(vsix).mtimeMs;
  return INPUTS.every((i) => newestMtime(path.join(ROOT, i)) < made) ? vsix : undefined;
}

function packageVsix(): string {
  const r = spawnSync(process.execPath, [path.join(ROOT, 'scripts', 'package.mjs')], { cwd: ROOT, encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'] });
  if (r.status !== 0) { say('packaging failed'); process.exit(1); }
  return path.resolve(ROOT, r.stdout.trim().split('\n').pop() ?? '');
}

function get(url: string): Promise<number> {
  return new Promise((resolve) => {
    http.get(url, { timeout: 10_000 }, (res) => { res.resume(); resolve(res.statusCode ?? 0); }).on('error', () => resolve(0));
  });
}

/** The extension folder code-server unpacked the .vsix into, if the install worked. */
function installedExtension(cs: CodeServer): string | undefined {
  const dir = installedExtensionDir(cs.extensionsDir);
  return fs.existsSync(path.join(dir, 'dist', 'extension.js')) ? dir : undefined;
}

async function main(): Promise<void> {
  if (!fs.existsSync(folder)) { say(`no folder ${folder}`); process.exit(2); }
  const started = Date.now();
  const elapsed = () => `${((Date.now() - started) / 1000).toFixed(0)} s`;
  const cached = upToDateVsix();
  say(cached ? `reusing ${path.relative(ROOT, cached)}: nothing it is made of changed since it was packed` : 'building and packaging the extension (.vsix)');
  const vsix = cached ?? packageVsix();
  say(`${elapsed()}: ${cached ? 'using' : 'packaged'} ${path.relative(ROOT, vsix)}; setting up code-server (a real VS Code; the first run on a machine installs it: minutes, with progress below; later runs: seconds)`);
  const cs = await startCodeServer({ workspace: folder, vsix, timeoutMs: 20 * 60_000, progress: (text) => process.stderr.write(text) });
  const stop = async (code: number) => { await cs.stop(); process.exit(code); };
  process.on('SIGINT', () => void stop(0));
  process.on('SIGTERM', () => void stop(0));
  const installed = installedExtension(cs);
  const page = await get(cs.url);
  const health = await get(`${cs.origin}/healthz`);
  say(`ready in ${((Date.now() - started) / 1000).toFixed(1)} s: healthz ${health}, workbench ${page}, extension ${installed ? 'installed' : 'MISSING'}`);
  console.log(cs.url);
  if (check) { await stop(health === 200 && page === 200 && installed ? 0 : 1); return; }
  say(`open the URL above in a browser (it listens on 127.0.0.1 only; forward port ${cs.port} for a remote machine). Ctrl-C stops it.`);
}

main().catch((e: unknown) => { say(e instanceof Error ? e.message : String(e)); process.exit(1); });
