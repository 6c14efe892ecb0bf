// The model listings: generated from one table into listings/<variant>.c (shipped files, stable
// paths for breakpoints), one line per atomic step, each step of a variant exactly once, and
// every step the core takes on the examples present in that variant's listing.
import * as assert from 'node:assert';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { Machine, StepLabel, VARIANTS, Variant, run } from '../../src/core';
import { compileSource } from '../../src/lang';
import { allListings, listingFor, LAUNCH_ATTRIBUTES } from '../../src/debug';

const ROOT = path.join(__dirname, '..', '..');
const LISTINGS = path.join(ROOT, 'listings');

/** The op steps a variant takes, stated from its flags (independently of the table). */
function expectedLabels(v: Variant): StepLabel[] {
  const out: StepLabel[] = ['add.load', 'add.check', 'add.link', 'add.cas', 'add.notify', 'cancel.peek'];
  if (v.cancelLocks) out.push('cancel.lock');
  out.push('cancel.load', 'cancel.match', 'cancel.step', 'cancel.cas');
  if (v.cancelLocks) out.push('cancel.unlock');
  out.push('run.load', 'run.check', v.detach === 'cas' ? 'run.cas' : v.detach === 'xchg' ? 'run.xchg' : 'run.store');
  if (v.runLockPair) out.push('run.lock', 'run.unlock');
  out.push('run.next', 'run.call');
  if (!v.sentinelOnlyWhenEmpty) out.push('run.exited');
  out.push('exit.flag', 'resume.clear', 'resume.check');
  return out.sort();
}

function scenarios(): { file: string; text: string }[] {
  const dirs = [path.join(ROOT, 'examples'), path.join(__dirname, 'fixtures')];
  return dirs.flatMap((d) => (fs.existsSync(d) ? fs.readdirSync(d) : []).filter((f) => f.endsWith('.tw')).map((f) => ({ file: path.join(d, f), text: fs.readFileSync(path.join(d, f), 'utf8') })));
}

describe('debug: model listings', () => {
  it('listings/<variant>.c are the generated text (TW_UPDATE_GOLDEN=1 rewrites them)', () => {
    const stale: string[] = [];
    for (const l of allListings()) {
      const file = path.join(LISTINGS, l.fileName);
      if (process.env.TW_UPDATE_GOLDEN === '1') fs.writeFileSync(file, l.text);
      if (!fs.existsSync(file) || fs.readFileSync(file, 'utf8') !== l.text) stale.push(l.fileName);
    }
    assert.deepStrictEqual(stale, []);
    assert.deepStrictEqual(fs.readdirSync(LISTINGS).filter((f) => f.endsWith('.c')).sort(), VARIANTS.map((v) => `${v.name}.c`).sort());
  });

  it('each variant\'s listing holds each step it takes exactly once, on its own line', () => {
    for (const v of VARIANTS) {
      const l = listingFor(v.name);
      assert.ok(l);
      assert.deepStrictEqual([...l.lineOfLabel.keys()].sort(), expectedLabels(v), v.name);
      const lines = l.text.split('\n');
      for (const [label, line] of l.lineOfLabel) {
        const marked = lines.filter((x) => x.includes(`// ${label}`) && (x.endsWith(`// ${label}`) || x.includes(`// ${label}:`)));
        assert.strictEqual(marked.length, 1, `${v.name}: ${label}`);
        assert.strictEqual(lines[line - 1], marked[0], `${v.name}: ${label} at line ${line}`);
      }
    }
  });

  it('every operation step the core takes on the examples is a line of that variant\'s listing', () => {
    const seen = new Map<string, Set<string>>(VARIANTS.map((v) => [v.name, new Set<string>()]));
    for (const { file, text } of scenarios()) {
      const program = compileSource(file, text).program;
      if (!program) continue;
      for (const v of VARIANTS) {
        for (let seed = 1; seed <= 8; seed++) {
          const r = run(new Machine(program, v.name, { maxSteps: 2000 }), { fill: seed === 1 ? { kind: 'round-robin' } : { kind: 'random', seed } });
          for (const s of r.steps) if (s.event.label.includes('.')) seen.get(v.name)?.add(s.event.label);
        }
      }
    }
    for (const v of VARIANTS) {
      const l = listingFor(v.name);
      const missing = [...(seen.get(v.name) ?? [])].filter((x) => !l?.lineOfLabel.has(x as StepLabel));
      assert.deepStrictEqual(missing, [], v.name);
      assert.ok((seen.get(v.name)?.size ?? 0) >= 15, `${v.name}: the examples reach only ${[...(seen.get(v.name) ?? [])].join(', ')}`);
    }
  });

  it('package.json declares exactly the launch attributes the adapter validates', () => {
    const pkg = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as { contributes?: { debuggers?: { type: string; configurationAttributes?: { launch?: { properties?: Record<string, unknown> } } }[] } };
    const tw = pkg.contributes?.debuggers?.find((d) => d.type === 'tw');
    assert.ok(tw, 'package.json contributes the tw debugger');
    assert.deepStrictEqual(Object.keys(tw.configurationAttributes?.launch?.properties ?? {}).sort(), Object.keys(LAUNCH_ATTRIBUTES).sort());
  });
});
