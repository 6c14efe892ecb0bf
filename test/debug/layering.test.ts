// The debug adapter's layering: the presenter is pure (no protocol session, no Node), only the
// entry points touch Node builtins, and nothing in src/debug imports 'vscode' or the extension.
import * as assert from 'node:assert';
import * as fs from 'node:fs';
import * as path from 'node:path';

const DIR = path.join(__dirname, '..', '..', 'src', 'debug');

function sources(): { file: string; imports: string[] }[] {
  const out: { file: string; imports: string[] }[] = [];
  const walk = (d: string): void => {
    for (const f of fs.readdirSync(d)) {
      const p = path.join(d, f);
      if (fs.statSync(p).isDirectory()) walk(p);
      else if (f.endsWith('.ts')) {
        const text = fs.readFileSync(p, 'utf8');
        const imports = [...text.matchAll(/^(?:import|export)[^'";]*from\s+'([^']+)'/gm)].map((m) => m[1] ?? '');
        out.push({ file: path.relative(DIR, p).replace(/\\/g, '/'), imports });
      }
    }
  };
  walk(DIR);
  return out;
}

const NODE_ENTRIES = new Set(['nodeHost.ts', 'standalone.ts', 'index.ts']);
const PURE = ['presenter.ts', 'presenterVars.ts', 'snapshot.ts', 'evaluate.ts', 'exprs.ts', 'breakpoints.ts', 'arrival.ts', 'timeline.ts', 'traceDebugger.ts', 'listing/table.ts', 'listing/listing.ts'];

describe('debug: layering', () => {
  it('only the entry points import Node builtins; nothing imports vscode or the extension', () => {
    const bad = sources().flatMap(({ file, imports }) => imports
      .filter((i) => i === 'vscode' || i.includes('/extension') || (!NODE_ENTRIES.has(file) && (i.startsWith('node:') || ['fs', 'path', 'net', 'os', 'child_process'].includes(i))))
      .map((i) => `${file} imports ${i}`));
    assert.deepStrictEqual(bad, []);
  });

  it('the presenter, the debugger and the listings use no protocol session', () => {
    const bad = sources().filter(({ file }) => PURE.includes(file)).flatMap(({ file, imports }) => imports
      .filter((i) => i.startsWith('@vscode/debugadapter') || i.endsWith('/session') || i === './session')
      .map((i) => `${file} imports ${i}`));
    assert.deepStrictEqual(bad, []);
  });
});
