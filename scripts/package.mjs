// `npm run package`: builds the bundles, type-checks the webview (the root tsconfig leaves its DOM
// code out), and packs the extension into out/<name>-<version>.vsix with vsce (pinned 3.9.2).
// Prints the .vsix path and size; exits non-zero on any failure.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));
const bin = (name) => join(root, 'node_modules', '.bin', name);

function step(title, cmd, args) {
  const started = Date.now();
  const r = spawnSync(cmd, args, { cwd: root, stdio: ['ignore', 'inherit', 'inherit'], env: { ...process.env, CI: 'true' } });
  if (r.status !== 0) {
    console.error(`package: ${title} failed (${r.error?.message ?? `exit ${r.status}`})`);
    process.exit(1);
  }
  console.error(`package: ${title} (${Date.now() - started} ms)`);
}

step('build', process.execPath, [join(root, 'scripts', 'build.mjs')]);
step('type-check the webview', bin('tsc'), ['--noEmit', '-p', join(root, 'src', 'webview', 'tsconfig.json')]);
for (const f of ['dist/extension.js', 'dist/webview.js', 'dist/timeline.js']) {
  if (!existsSync(join(root, f))) { console.error(`package: ${f} is missing after the build`); process.exit(1); }
}
mkdirSync(join(root, 'out'), { recursive: true });
const vsix = join(root, 'out', `${pkg.name}-${pkg.version}.vsix`);
// Everything is bundled by esbuild: no node_modules in the package. No repository URL and no
// LICENSE file yet, so vsce must not prompt about them; README links stay relative (a local install).
step('vsce package', bin('vsce'), ['package', '--no-dependencies', '--allow-missing-repository', '--skip-license',
  '--no-rewrite-relative-links', '--no-update-package-json', '--out', vsix]);
console.log(relative(process.cwd(), vsix) || vsix);
console.error(`package: ${(statSync(vsix).size / 1024).toFixed(0)} KiB`);
