// The Node side of a debug session: file reading and where the shipped model listings live.
// Only the entry points (standalone.ts, the extension) use it; the session itself imports no fs.
import { readFileSync, existsSync } from 'node:fs';
import { join, dirname } from 'node:path';
import { DebugHost } from './launch';

/** The `listings` folder next to (or above) this module: dist/../listings, src/debug/../../listings. */
export function findListingsDir(from: string = __dirname): string | undefined {
  let dir = from;
  for (let i = 0; i < 5; i++) {
    const candidate = join(dir, 'listings');
    if (existsSync(join(candidate, 'mainline.c'))) return candidate;
    const up = dirname(dir);
    if (up === dir) break;
    dir = up;
  }
  return undefined;
}

/** A host reading real files; `listingsDir` overrides the search (the extension passes its own). */
export function nodeHost(listingsDir: string | undefined = findListingsDir()): DebugHost {
  const host: DebugHost = {
    readFile: (path) => readFileSync(path, 'utf8'),
    join: (dir, name) => join(dir, name),
  };
  if (listingsDir) host.listingsDir = listingsDir;
  return host;
}
