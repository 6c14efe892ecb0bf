// `npm run bench`: every benchmark, or the ones named (`npm run bench -- core explore`).
import { benchCore } from './core';
import { benchDebug, benchDebugEngines, benchDebugTravel } from './debug';
import { benchWorkers } from './workers';
import { benchExplore } from './explore';
import { benchListing } from './listing';
import { benchLsp } from './lsp';
import { benchSpin } from './spin';
import { benchParallel } from './parallel';
import { benchLitmus } from './litmus';
import { benchShards } from './shards';

const BENCHES: Record<string, () => Promise<void>> = { core: benchCore, explore: benchExplore, debug: benchDebug, 'debug-engines': benchDebugEngines, 'debug-travel': benchDebugTravel, workers: benchWorkers, listing: benchListing, lsp: benchLsp, spin: benchSpin, parallel: benchParallel, litmus: benchLitmus, shards: benchShards };

async function main(): Promise<void> {
  const names = process.argv.slice(2).filter((a) => a in BENCHES);
  for (const name of names.length ? names : Object.keys(BENCHES)) {
    const fn = BENCHES[name];
    if (fn) await fn();
  }
}

main().catch((e: unknown) => { console.error(e); process.exitCode = 1; });
