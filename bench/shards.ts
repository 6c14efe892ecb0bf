// `npm run bench -- shards`: how even the shards of the stateful search are. Every shard of n runs
// in this process, one after the other (`shard: {index, count}`); per n, the biggest shard's states
// and CPU time, and all shards together, against the unsharded search. TW_SHARD_SCENARIOS picks
// scenarios by name (comma-separated, e.g. `fam5,s04-double-add`), TW_SHARD_COUNTS the counts.
import { Program } from '../src/core';
import { compileSource } from '../src/lang';
import { exploreSync, mergeResults, ExploreResult, ExploreOptions } from '../src/explore';
import { familyOf, familyTw } from './family';
import { loadExamples, fmt } from './util';

interface Case { name: string; program: Program; options: ExploreOptions }

function cases(): Case[] {
  const out: Case[] = [];
  for (const threads of [4, 5, 6]) {
    const { program } = compileSource(`fam${threads}.tw`, familyTw(familyOf(threads)));
    if (program) out.push({ name: `fam${threads}`, program, options: { variant: 'mainline', maxSteps: 1000 } });
  }
  for (const { name, program } of loadExamples()) out.push({ name, program, options: { variant: 'mainline', maxSteps: 1000 } });
  const only = process.env.TW_SHARD_SCENARIOS?.split(',');
  return only ? out.filter((c) => only.includes(c.name)) : out.filter((c) => c.name !== 'fam6');
}

/** CPU milliseconds of one call (steadier than wall time on a shared machine). */
function cpuTimed(fn: () => ExploreResult): { r: ExploreResult; ms: number } {
  const c0 = process.cpuUsage();
  const r = fn();
  const c = process.cpuUsage(c0);
  return { r, ms: (c.user + c.system) / 1000 };
}

const verdict = (r: ExploreResult): string => JSON.stringify({ v: r.violations.map((v) => [v.kind, v.schedule]), o: r.outcomes, c: r.complete });

export async function benchShards(): Promise<void> {
  const counts = (process.env.TW_SHARD_COUNTS ?? '2,4,8').split(',').map(Number);
  console.log('shards of the stateful search: states (CPU ms) of the unsharded search, the biggest shard, all shards');
  for (const c of cases()) {
    // The first search of a scenario warms the JIT up: the unsharded figure is the second.
    exploreSync(c.program, c.options);
    const one = cpuTimed(() => exploreSync(c.program, c.options));
    console.log(`${c.name}: unsharded ${fmt(one.r.states)} states (${fmt(one.ms)} ms)`);
    for (const n of counts) {
      const parts = Array.from({ length: n }, (_, index) => cpuTimed(() => exploreSync(c.program, { ...c.options, shard: { index, count: n } })));
      const big = parts.reduce((a, b) => (b.r.states > a.r.states ? b : a));
      const slow = Math.max(...parts.map((p) => p.ms));
      const sum = parts.reduce((a, p) => a + p.r.states, 0);
      const same = verdict(mergeResults(parts.map((p) => p.r))) === verdict(one.r);
      console.log(`  n=${n}: max ${fmt(big.r.states)} (${fmt(big.r.states / one.r.states, 2)}x), slowest ${fmt(slow)} ms (${fmt(slow / one.ms, 2)}x), ` +
        `sum ${fmt(sum)} (${fmt(sum / one.r.states, 2)}x), shards ${parts.map((p) => fmt(p.r.states)).join(' / ')}${same ? '' : '  MERGED VERDICT DIFFERS'}`);
    }
  }
}
