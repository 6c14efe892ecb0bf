// The layering of the whole tree (architecture.md): which folder may import which, no import
// cycles between files, Node built-ins only where a folder needs them, 'vscode' only in the
// extension, and the newer folders reached only through their index.
import assert from 'node:assert/strict';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, dirname, relative, resolve } from 'node:path';

const SRC = resolve(__dirname, '..', '..', 'src');

/** Folder -> the folders it may import. */
const ALLOWED: Readonly<Record<string, readonly string[]>> = {
  // The core's LKMM memory (weakMemory.ts) asks the checker whether a read keeps the graph consistent.
  core: ['lkmm'], protocol: [], lang: ['core'], model: ['core'],
  // The LKMM checker stands below the core (it depends on nothing); litmus runs it on herd7's C tests.
  lkmm: [], litmus: ['lkmm'],
  // The explorer's worker threads compile a listing variant's text again (closures cannot be posted).
  explore: ['core', 'model', 'lkmm'], workers: ['core'],
  // The drawings of a run (race diagram, SVG timeline, coverage, diff): pure, over core and explore.
  report: ['core', 'model', 'explore'],
  debug: ['core', 'lang', 'model', 'explore', 'workers', 'protocol', 'lkmm'],
  // The language server stands beside cli: it reads the listing table and the Node host of debug.
  lsp: ['core', 'lang', 'model', 'explore', 'debug'],
  cli: ['core', 'lang', 'model', 'explore', 'workers', 'debug', 'report', 'lsp', 'lkmm', 'litmus'],
  extension: ['core', 'lang', 'model', 'explore', 'workers', 'debug', 'protocol', 'lsp', 'report'],
  webview: ['protocol'],
};
/** Folders that may import Node built-ins (the core, the languages and the model stay portable and deterministic). */
const NODE_OK = new Set(['explore', 'workers', 'debug', 'cli', 'lsp', 'extension']);
/** Folders other folders must import through their index.ts. */
const INDEX_ONLY = new Set(['model', 'lkmm', 'litmus']);
/**
 * Folders held free of file-level import cycles (folder-level cycles are ruled out by ALLOWED).
 * Not yet lang: checkExpr and checkCall recurse into each other across two files.
 */
const CYCLE_FREE = new Set(['core', 'model', 'lkmm', 'litmus', 'explore', 'workers', 'debug', 'cli', 'lsp', 'report', 'protocol', 'webview']);
const BUILTINS = new Set(['fs', 'path', 'os', 'crypto', 'net', 'child_process', 'worker_threads', 'util', 'events', 'url']);

interface Src { file: string; folder: string; imports: string[] }

function sources(): Src[] {
  const out: Src[] = [];
  const walk = (d: string): void => {
    for (const f of readdirSync(d)) {
      const p = join(d, f);
      if (statSync(p).isDirectory()) walk(p);
      else if (f.endsWith('.ts')) {
        const text = readFileSync(p, 'utf8');
        const imports = [...text.matchAll(/^\s*(?:import|export)[^'";]*?from\s+'([^']+)'|^\s*import\s+'([^']+)'/gm)].map((m) => m[1] ?? m[2] ?? '');
        const file = relative(SRC, p).replace(/\\/g, '/');
        out.push({ file, folder: file.split('/')[0] ?? '', imports });
      }
    }
  };
  walk(SRC);
  return out;
}

/** A relative import as a path under src/ (no extension), or undefined for a package. */
function target(from: string, spec: string): string | undefined {
  if (!spec.startsWith('.')) return undefined;
  return relative(SRC, resolve(SRC, dirname(from), spec)).replace(/\\/g, '/');
}

describe('layering of the whole tree', () => {
  const all = sources();

  it('each folder imports only the folders below it', () => {
    const bad: string[] = [];
    for (const s of all) {
      for (const spec of s.imports) {
        const t = target(s.file, spec);
        const folder = t?.split('/')[0];
        if (!t || folder === s.folder || !folder) continue;
        if (!(ALLOWED[s.folder] ?? []).includes(folder)) bad.push(`${s.file} imports ${spec}`);
      }
    }
    assert.deepEqual(bad, []);
  });

  it('Node built-ins only in the folders that run on Node; vscode only in the extension', () => {
    const bad = all.flatMap((s) => s.imports.filter((spec) => {
      if (spec === 'vscode') return s.folder !== 'extension';
      const builtin = spec.startsWith('node:') || BUILTINS.has(spec);
      return builtin && !NODE_OK.has(s.folder);
    }).map((spec) => `${s.file} imports ${spec}`));
    assert.deepEqual(bad, []);
  });

  it(`${[...INDEX_ONLY].join(', ')} is imported through its index only`, () => {
    const bad = all.flatMap((s) => s.imports.filter((spec) => {
      const t = target(s.file, spec);
      const folder = t?.split('/')[0];
      return !!t && !!folder && folder !== s.folder && INDEX_ONLY.has(folder) && t !== folder && t !== `${folder}/index`;
    }).map((spec) => `${s.file} imports ${spec}`));
    assert.deepEqual(bad, []);
  });

  it(`no import cycles between files of ${[...CYCLE_FREE].join(', ')}`, () => {
    const graph = new Map<string, string[]>();
    const known = new Set(all.map((s) => s.file.replace(/\.ts$/, '')));
    for (const s of all) {
      const deps = s.imports.map((spec) => target(s.file, spec)).filter((t): t is string => !!t)
        .map((t) => (known.has(t) ? t : `${t}/index`)).filter((t) => known.has(t));
      graph.set(s.file.replace(/\.ts$/, ''), deps);
    }
    const state = new Map<string, 'open' | 'done'>();
    const cycles: string[] = [];
    const visit = (n: string, path: string[]): void => {
      if (state.get(n) === 'done') return;
      if (state.get(n) === 'open') { cycles.push([...path.slice(path.indexOf(n)), n].join(' -> ')); return; }
      state.set(n, 'open');
      for (const d of graph.get(n) ?? []) visit(d, [...path, n]);
      state.set(n, 'done');
    };
    for (const n of graph.keys()) visit(n, []);
    assert.deepEqual(cycles.filter((c) => CYCLE_FREE.has(c.split('/')[0] ?? '')), []);
  });
});
