// `tw merge SHARD.json... [--partial] [--json] [--junit FILE]`: combines the `--shard i/n --json`
// outputs of one exploration run on several machines. The shard files are validated (shardFile.ts);
// a subset of the shards merges only with --partial, and its verdicts are then marked partial.
import { ExploreResult, mergeResults } from '../explore';
import { Parsed, bool, str, UsageError } from './args';
import { Io, loadScenario, readInput, fsErrorText } from './load';
import { FileReport, output, exitCode, verdictsOf, checkOutputs } from './exploreReport';
import { parseShard, checkShardSet, ShardInput } from './shardFile';

export const MERGE_USAGE = 'tw merge SHARD.json... [--partial] [--json] [--junit FILE]';
export const MERGE_FLAGS = { partial: 'bool', json: 'bool', junit: 'string' } as const;

/** What `tw merge` does: the shard files, whether a subset is acceptable, and the output forms. */
export interface MergeOptions { shards: string[]; partial: boolean; json: boolean; junit?: string }

export function mergeOptions(p: Parsed): MergeOptions {
  return { shards: p.positional, partial: bool(p, 'partial'), json: bool(p, 'json'), junit: str(p, 'junit') };
}

function readShard(path: string, io: Io): ShardInput {
  let text: string;
  try {
    text = readInput(path, io).toString('utf8');
  } catch (e) {
    throw new UsageError(`cannot read ${path}: ${fsErrorText(e)}`);
  }
  return parseShard(path, text);
}

export async function cmdMerge(o: MergeOptions, io: Io): Promise<number> {
  if (o.shards.length === 0) { io.err(`usage: ${MERGE_USAGE}`); return 2; }
  checkOutputs({ ...o, inputs: o.shards }, io);
  const inputs = o.shards.map((path) => readShard(path, io));
  const missing = checkShardSet(inputs, o.partial);
  const count = inputs[0]?.shard?.count ?? 1;
  const partial = missing.length > 0 ? `${count - missing.length} of ${count} shards (missing: ${missing.map((i) => `${i}/${count}`).join(', ')})` : undefined;
  const byFile = new Map<string, Map<string, ExploreResult[]>>();
  // Shards of `tw explore FILE --variant V` carry no verdicts (explore gives none for a variant it
  // was given): their merge gives none either, and so exits 1 on a violation as explore does,
  // rather than report the scenario's other expectations NOT-EXPLORED and exit 0.
  const given = new Set<string>();
  for (const x of inputs) {
    for (const f of x.entries) {
      if (Array.isArray(f.verdicts) && f.verdicts.length === 0) given.add(f.file);
      const variants = byFile.get(f.file) ?? new Map<string, ExploreResult[]>();
      byFile.set(f.file, variants);
      for (const [v, r] of Object.entries(f.results)) variants.set(v, [...(variants.get(v) ?? []), r]);
    }
  }
  const reports: FileReport[] = [];
  let bad = false;
  for (const [file, variants] of byFile) {
    const results: [string, ExploreResult][] = [...variants].map(([v, rs]) => {
      try { return [v, mergeResults(rs)]; } catch (e) { throw new UsageError(e instanceof Error ? e.message : String(e)); }
    });
    const program = loadScenario(file, io);
    if (!program) bad = true;
    reports.push({ file, results, verdicts: program && !given.has(file) ? verdictsOf(program, results, partial !== undefined) : [], ...(partial ? { partial } : {}) });
  }
  output(reports, { ...o, inputs: [...o.shards, ...byFile.keys()] }, io); // the scenarios are inputs too
  return bad ? 2 : exitCode(reports);
}
