// Starting an explore worker thread: the bundled script, or the TypeScript source under tsx.
import { Worker } from 'node:worker_threads';
import * as path from 'node:path';

/** The worker script: dist/exploreWorker.js beside the bundle, or the TypeScript source under tsx. */
export function spawn(): Worker {
  if (!__filename.endsWith('.ts')) return new Worker(path.join(__dirname, 'exploreWorker.js'));
  // Tests and scripts run from source: load the TypeScript worker through tsx's require hook.
  const hook = require.resolve(['tsx', 'cjs'].join('/'));
  const src = path.join(__dirname, 'exploreWorker.ts');
  return new Worker(`require(${JSON.stringify(hook)}); require(${JSON.stringify(src)});`, { eval: true });
}
