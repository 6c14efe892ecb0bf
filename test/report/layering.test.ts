// src/report builds on core and explore only: no Node built-ins, no debug adapter, no vscode, so
// the CLI, the extension and a webview host can all draw the same pictures.
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

describe('report: layering', () => {
  it('imports only ../core, ../explore and its own files', () => {
    const dir = join(__dirname, '..', '..', 'src', 'report');
    const bad = readdirSync(dir).filter((f) => f.endsWith('.ts')).flatMap((f) => {
      const text = readFileSync(join(dir, f), 'utf8');
      return [...text.matchAll(/^(?:import|export)[^'";]*from\s+'([^']+)'/gm)].map((m) => m[1] ?? '')
        .filter((i) => !['../core', '../explore'].includes(i) && !i.startsWith('./')).map((i) => `${f} imports ${i}`);
    });
    assert.deepEqual(bad, []);
  });
});
