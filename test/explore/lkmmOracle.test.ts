// The LKMM explorer against a brute-force oracle (lkmmOracle.ts: every read's value guessed, every
// read-from and coherence order judged by the axioms): on small scenarios the explorer must find
// every execution the oracle finds, and no other. The shapes exercise the explorer's limits on
// reads of later writes (docs/memory-model-scenarios.md, "Limits").
import assert from 'node:assert/strict';
import { compileSource } from '../../src/lang';
import { Op, listing, scenarioText } from './shapeListing';
import { bruteForce, explored } from './lkmmOracle';

function compare(threads: Op[][]): { oracle: number; explorer: number; missed: string[]; extra: string[] } {
  const p = compileSource('shape.tw', scenarioText(threads.length)).program;
  assert.ok(p);
  const v = listing(threads);
  const o = bruteForce(p, v);
  const e = explored(p, v);
  assert.equal(e.complete, true);
  const missed = [...o.graphs].filter((k) => !e.graphs.has(k));
  const extra = [...e.graphs].filter((k) => !o.graphs.has(k));
  assert.deepEqual([...e.returns].sort(), [...o.returns].sort(), 'the same returned values');
  return { oracle: o.graphs.size, explorer: e.graphs.size, missed, extra };
}

const SHAPES: [string, Op[][]][] = [
  ['LB', [['r x', 'w y'], ['r y', 'w x']]],
  ['LB+mbs', [['r x', 'mb', 'w y'], ['r y', 'mb', 'w x']]],
  ['LB+ctrl+po', [['r x', 'ctrl w y'], ['r y', 'w x']]],
  ['LB+xchgs', [['x x', 'xw y'], ['x y', 'xw x']]],
  ['LB+cmpxchgs', [['c x', 'cw y'], ['c y', 'cw x']]],
  ['SB', [['w x', 'r y'], ['w y', 'r x']]],
  ['MP', [['w x', 'w y'], ['r y', 'r x']]],
];

describe('memory lkmm: the explorer finds every execution a brute-force oracle finds', function () {
  this.timeout(120000);
  for (const [name, threads] of SHAPES) {
    it(`${name}`, () => {
      const r = compare(threads);
      assert.deepEqual(r.missed, [], 'executions the explorer missed');
      assert.deepEqual(r.extra, [], 'executions the oracle does not have');
      assert.ok(r.oracle > 0);
    });
  }
});
