// Bundles every entry point with esbuild. Paths here are the ones package.json points at
// (bin, main, debuggers[].program); a test checks that they exist after a build.
import { build } from 'esbuild';
import { existsSync } from 'node:fs';
import './listingTexts.mjs'; // first: src/model/listingTexts.ts from listings/**/*.c

const node = { bundle: true, platform: 'node', target: 'node20', format: 'cjs', sourcemap: true, logLevel: 'warning' };
const entries = [
  { in: 'src/cli/main.ts', out: 'dist/cli.js', banner: '#!/usr/bin/env node' },
  { in: 'src/debug/standalone.ts', out: 'dist/debugAdapter.js' },
  { in: 'src/lsp/standalone.ts', out: 'dist/lspServer.js' },
  { in: 'src/workers/workerMain.ts', out: 'dist/worker.js' },
  { in: 'src/explore/exploreWorker.ts', out: 'dist/exploreWorker.js' },
  { in: 'src/extension/extension.ts', out: 'dist/extension.js', external: ['vscode'] },
  { in: 'bench/main.ts', out: 'dist/bench.js' },
  { in: 'bench/buildApi.ts', out: 'dist/benchApi.js' }, // loaded by a later build's bench (TW_OLD)
];
const jobs = entries.filter((e) => existsSync(e.in)).map((e) =>
  build({ ...node, entryPoints: [e.in], outfile: e.out, external: e.external ?? [], banner: e.banner ? { js: e.banner } : undefined }));
// The webviews: the queue picture and the timeline.
for (const [src, out] of [['src/webview/main.ts', 'dist/webview.js'], ['src/webview/timelineMain.ts', 'dist/timeline.js']]) {
  if (!existsSync(src)) continue;
  jobs.push(build({ bundle: true, platform: 'browser', target: 'es2022', format: 'iife', sourcemap: true, logLevel: 'warning',
    entryPoints: [src], outfile: out }));
}
await Promise.all(jobs);
