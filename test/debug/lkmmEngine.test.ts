// The debugger's core engine under `memory lkmm`: it records the execution graph as it steps, a
// checkpoint holds the graph, so step back returns to the graph as it was; launch.json's 'memory'.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { compileSource } from '../../src/lang';
import { CoreEngine, validateLaunchArgs } from '../../src/debug';
import { listingVariantFor } from '../../src/model';

describe('debug: the core engine under memory lkmm', () => {
  const file = 'examples/s01-cancel-vs-run.tw';
  const program = compileSource(file, readFileSync(file, 'utf8')).program;
  const variant = listingVariantFor('mainline').variant;

  it('records events per step, and restore (step back) returns to the saved graph', async () => {
    assert.ok(program && variant);
    const e = new CoreEngine({ program, variant, limits: {}, memory: 'lkmm' });
    await e.init();
    const weak = e.machine.weak;
    assert.ok(weak?.g);
    e.step(0); // canceller's cancel.peek: a load of T.task_works
    const saved = e.save();
    const before = weak.g?.events.length ?? 0;
    e.step(0); e.step(1); e.step(1);
    assert.ok((weak.g?.events.length ?? 0) > before);
    e.restore(saved);
    assert.equal(weak.g?.events.length, before);
    assert.equal(e.state().threads[1]?.frames.length, 2); // owner still at its first step
  });

  it("launch.json 'memory': sc or lkmm; anything else names the attribute", () => {
    assert.equal(validateLaunchArgs({ program: file, memory: 'lkmm' }, ['core']).args?.memory, 'lkmm');
    const bad = validateLaunchArgs({ program: file, memory: 'tso' }, ['core']);
    assert.equal(bad.args, undefined);
    assert.match(bad.errors.join('\n'), /'memory'/);
  });
});
