// Shared by the real-VS-Code suites: bundles the extension-host tests (out/exthost/*.js), makes a
// scratch workspace with copies of the examples, and packs the .vsix once per run.
import { build } from 'esbuild';
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';

export const ROOT = path.resolve(__dirname, '..', '..');
export const EXTHOST_OUT = path.join(ROOT, 'out', 'exthost');

/** Bundles test/exthost/suite/{index,*.test}.ts for the extension host; returns the index path. */
export async function bundleExtHostTests(): Promise<string> {
  const dir = path.join(ROOT, 'test', 'exthost', 'suite');
  const entries = fs.readdirSync(dir).filter((f) => f === 'index.ts' || f.endsWith('.test.ts')).map((f) => path.join(dir, f));
  fs.rmSync(EXTHOST_OUT, { recursive: true, force: true });
  await build({
    entryPoints: entries, outdir: EXTHOST_OUT, bundle: true, platform: 'node', target: 'node20', format: 'cjs',
    sourcemap: 'inline', external: ['vscode', 'mocha'], logLevel: 'warning',
  });
  return path.join(EXTHOST_OUT, 'index.js');
}

/** A fresh folder holding copies of examples/*.tw (tests may write into it). */
export function scratchWorkspace(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tw-ws-'));
  const ex = path.join(ROOT, 'examples');
  for (const f of fs.readdirSync(ex).filter((n) => n.endsWith('.tw'))) fs.copyFileSync(path.join(ex, f), path.join(dir, f));
  return dir;
}

let packed: string | undefined;

/** The packaged .vsix (`npm run package` output); packs it unless TW_E2E_VSIX names one or it is fresh. */
export function packagedVsix(): string {
  if (packed) return packed;
  const fromEnv = process.env.TW_E2E_VSIX;
  if (fromEnv) return (packed = path.resolve(fromEnv));
  const r = spawnSync(process.execPath, [path.join(ROOT, 'scripts', 'package.mjs')], { cwd: ROOT, encoding: 'utf8', timeout: 300_000 });
  if (r.status !== 0) throw new Error(`npm run package failed:\n${r.stdout}\n${r.stderr}`);
  const line = r.stdout.trim().split('\n').pop() ?? '';
  packed = path.resolve(ROOT, line);
  if (!fs.existsSync(packed)) throw new Error(`package.mjs printed '${line}', which does not exist`);
  return packed;
}

/** Where code-server unpacks this package's .vsix inside an extensions dir (publisher.name-version). */
export function installedExtensionDir(extensionsDir: string): string {
  const pkg = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as { publisher: string; name: string; version: string };
  return path.join(extensionsDir, `${pkg.publisher}.${pkg.name}-${pkg.version}`);
}
