// A tripwire: "which thread runs next" lives in src/core/chooser.ts alone. Any other file in src
// that grows its own generator, round-robin scan, random pick from a list of threads or PCT
// priorities fails here, naming the file and line, so a second copy cannot drift from the first.
import assert from 'node:assert/strict';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';

const SRC = resolve(__dirname, '..', '..', 'src');
const HOME = 'core/chooser.ts';

/** Shapes of a scheduling policy written outside its home, each with what to use instead. */
const COPIES: readonly { re: RegExp; what: string }[] = [
  { re: /0x6d2b79f5/i, what: "a second mulberry32 generator (use core's seededRandom)" },
  { re: /\bseededRandom\b/, what: "a seeded generator outside the chooser (choose threads with core's uniformRandom, pct, roundRobin, replay)" },
  { re: /\(\)\s*\*\s*[\w.?]+\.length\b/, what: "a random pick from a list (core's uniformRandom)" },
  { re: /\blast\s*\+[^;\n]*\)\s*%/, what: "a round-robin scan after the last thread (core's roundRobin)" },
  { re: /\bprio(rity|rities)?\s*\[/, what: "thread priorities (core's pct)" },
];
/** Non-deterministic randomness: nowhere in the layers that decide or replay a run. */
const MATH_RANDOM = /\bMath\.random\s*\(/;
const UI_FOLDERS = new Set(['extension', 'webview']);
/**
 * Files that may use the generator for something other than choosing threads: free-running
 * workers draw their random delays from it (the OS schedules those threads, not tw).
 */
const GENERATOR_OK = new Set(['workers/workerLoop.ts']);

function tsFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((f) => {
    const p = join(dir, f);
    return statSync(p).isDirectory() ? tsFiles(p) : p.endsWith('.ts') ? [p] : [];
  });
}

/** "file:line: what" for every copy in one file's text. */
function copiesIn(file: string, text: string): string[] {
  const out: string[] = [];
  text.split('\n').forEach((line, i) => {
    for (const { re, what } of COPIES) {
      if (re.source.includes('seededRandom') && GENERATOR_OK.has(file)) continue;
      if (re.test(line)) out.push(`src/${file}:${i + 1}: ${what}: ${line.trim()}`);
    }
    if (!UI_FOLDERS.has(file.split('/')[0] ?? '') && MATH_RANDOM.test(line)) out.push(`src/${file}:${i + 1}: Math.random (runs must replay: use core's seededRandom)`);
  });
  return out;
}

describe('one chooser: which thread runs next lives only in src/core/chooser.ts', () => {
  it('no other file in src has its own scheduling policy or generator', () => {
    const found = tsFiles(SRC)
      .map((p) => relative(SRC, p).split('\\').join('/'))
      .filter((f) => f !== HOME)
      .flatMap((f) => copiesIn(f, readFileSync(join(SRC, f), 'utf8')));
    assert.deepEqual(found, []);
  });

  it('the chooser module itself has every shape the tripwire looks for (so the patterns are live)', () => {
    const home = readFileSync(join(SRC, HOME), 'utf8');
    for (const { re, what } of COPIES.filter((c) => !c.re.source.includes('seededRandom') && !c.re.source.includes('last'))) {
      assert.ok(re.test(home), `the pattern for ${what} no longer matches the chooser module`);
    }
  });

  it('catches each copy that was removed (the shapes as they were written)', () => {
    const removed: Record<string, string> = {
      'core/runner.ts': '    a = (a + 0x6d2b79f5) >>> 0;\n      const t = (last + i) % n;',
      'debug/scheduler.ts': "import { Machine, State, seededRandom } from '../core';\n      return ready.length ? (ready[Math.floor(this.rnd() * ready.length)] ?? null) : null;\n      const t = (((last + i) % n) + n) % n;",
      'explore/sampling.ts': '    return (en) => en[Math.floor(rnd() * en.length)] ?? -1;\n      const a = prio[i] ?? 0;',
      'explore/explain.ts': '      const t = (last + i + n) % n;',
      'workers/runOnWorkers.ts': '      return en.length ? (en[Math.floor(rnd() * en.length)] ?? null) : null;',
      'cli/run.ts': 'const seed = Math.random();',
    };
    const counts = Object.fromEntries(Object.entries(removed).map(([f, text]) => [f, copiesIn(f, text).length]));
    assert.deepEqual(counts, { 'core/runner.ts': 2, 'debug/scheduler.ts': 3, 'explore/sampling.ts': 2, 'explore/explain.ts': 1, 'workers/runOnWorkers.ts': 1, 'cli/run.ts': 1 });
  });
});
