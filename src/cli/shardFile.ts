// Reading `tw explore --shard i/n --json` outputs for `tw merge`: every field checked (a shard
// file is user input: hand-edited, truncated or from another version), and the set of shards
// checked as a whole (the same files, variants, strategy and shard count; no shard twice; none
// missing unless the merge is explicitly partial). Every refusal is one line naming the file.
import { VIOLATION_KINDS, ViolationKind } from '../core';
import { ExploreResult, STRATEGY_NAMES, StrategyName } from '../explore';
import { UsageError } from './args';

export interface ShardEntry {
  file: string;
  results: Record<string, ExploreResult>;
  /** The shard's own (partial) verdicts: empty when it explored a variant given by --variant. */
  verdicts?: unknown[];
}
export interface ShardInput { path: string; entries: ShardEntry[]; shard?: { index: number; count: number } }

const isObj = (x: unknown): x is Record<string, unknown> => typeof x === 'object' && x !== null && !Array.isArray(x);
const isCount = (x: unknown): boolean => typeof x === 'number' && Number.isSafeInteger(x) && x >= 0;
const show = (x: unknown): string => { const s = JSON.stringify(x) ?? String(x); return s.length > 40 ? `${s.slice(0, 40)}...` : s; };

/** Throws `<where> must be <what>, found <value>` unless ok. */
function need(ok: boolean, where: string, what: string, value: unknown): void {
  if (!ok) throw new UsageError(`${where} must be ${what}, found ${show(value)}`);
}

function checkViolation(v: unknown, where: string): void {
  need(isObj(v), where, 'an object', v);
  const o = v as Record<string, unknown>;
  need(VIOLATION_KINDS.includes(o.kind as ViolationKind), `${where}.kind`, 'a violation kind', o.kind);
  for (const k of ['message', 'schedule', 'explanation', 'outcome']) need(typeof o[k] === 'string', `${where}.${k}`, 'a string', o[k]);
  for (const k of ['steps', 'preemptions']) need(isCount(o[k]), `${where}.${k}`, 'a whole number', o[k]);
  need(Array.isArray(o.path) && o.path.every(isCount), `${where}.path`, 'an array of thread indices', o.path);
  need(typeof o.minimal === 'boolean', `${where}.minimal`, 'true or false', o.minimal);
}

/** `tw explore --coverage --json`'s coverage: [label, count][], [line, count][], [label, label][]. */
function isCoverage(c: unknown): boolean {
  if (!isObj(c)) return false;
  const pairs = (x: unknown, first: (v: unknown) => boolean, second: (v: unknown) => boolean): boolean =>
    Array.isArray(x) && x.every((p) => Array.isArray(p) && p.length === 2 && first(p[0]) && second(p[1]));
  const text = (v: unknown): boolean => typeof v === 'string';
  return pairs(c.labels, text, isCount) && pairs(c.lines, isCount, isCount) && pairs(c.orders, text, text);
}

function checkResult(r: unknown, variant: string, where: string): asserts r is ExploreResult {
  need(isObj(r), where, 'an exploration result (an object)', r);
  const o = r as Record<string, unknown>;
  need(STRATEGY_NAMES.includes(o.strategy as StrategyName), `${where}.strategy`, `one of ${STRATEGY_NAMES.join(', ')}`, o.strategy);
  need(o.variant === variant, `${where}.variant`, `'${variant}' (its key)`, o.variant);
  for (const k of ['executions', 'states', 'pruned', 'steps']) need(isCount(o[k]), `${where}.${k}`, 'a whole number', o[k]);
  need(typeof o.timeMs === 'number' && o.timeMs >= 0, `${where}.timeMs`, 'a number', o.timeMs);
  need(Array.isArray(o.violations), `${where}.violations`, 'an array', o.violations);
  (o.violations as unknown[]).forEach((v, i) => checkViolation(v, `${where}.violations[${i}]`));
  need(Array.isArray(o.outcomes) && o.outcomes.every((x) => typeof x === 'string'), `${where}.outcomes`, 'an array of strings', o.outcomes);
  need(typeof o.complete === 'boolean', `${where}.complete`, 'true or false', o.complete);
  if (o.coverage !== undefined) need(isCoverage(o.coverage), `${where}.coverage`, '{labels, lines, orders} as --coverage writes them', o.coverage);
  if (o.shard !== undefined) {
    const s = o.shard as Record<string, unknown>;
    need(isObj(s) && isCount(s.index) && isCount(s.count) && (s.count as number) > 0 && (s.index as number) < (s.count as number),
      `${where}.shard`, '{index, count} with index < count', o.shard);
  }
}

/** Parses and checks one shard file's JSON text. */
export function parseShard(path: string, text: string): ShardInput {
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (e) {
    throw new UsageError(`${path} is not JSON (${e instanceof Error ? e.message : String(e)}): give the --json output of 'tw explore --shard i/n'`);
  }
  need(Array.isArray(data) && data.length > 0, path, "the --json output of 'tw explore' (a non-empty array)", data);
  const entries = data as unknown[];
  let shard: ShardInput['shard'];
  entries.forEach((e, i) => {
    need(isObj(e) && typeof e.file === 'string' && isObj(e.results), `${path}[${i}]`, 'an object with a file and its results', e);
    const results = (e as { results: Record<string, unknown> }).results;
    need(Object.keys(results).length > 0, `${path}[${i}].results`, 'at least one variant', results);
    for (const [v, r] of Object.entries(results)) {
      checkResult(r, v, `${path}: results['${v}']`);
      const s = r.shard;
      if (i === 0 && v === Object.keys(results)[0]) shard = s;
      else if (s?.index !== shard?.index || s?.count !== shard?.count) throw new UsageError(`${path}: its results are not all of one shard`);
    }
  });
  return { path, entries: entries as ShardEntry[], shard };
}

const shardText = (s: ShardInput['shard']): string => (s ? `shard ${s.index}/${s.count}` : 'not a shard (explored without --shard)');

/** What every shard must agree on: the files, and for each its variants and strategies. */
function coverage(x: ShardInput): string {
  return x.entries.map((e) => `${e.file}: ${Object.entries(e.results).map(([v, r]) => `${v}/${r.strategy}`).join(' ')}`).join('; ');
}

/**
 * Checks that the inputs are distinct shards of one exploration. Returns the missing shard
 * indices (non-empty only when `partial` allows a subset).
 */
export function checkShardSet(inputs: readonly ShardInput[], partial: boolean): number[] {
  const [first] = inputs;
  if (!first) return [];
  if (!first.shard) {
    if (inputs.length > 1) throw new UsageError(`${first.path} is ${shardText(first.shard)}: only shards of one exploration can be merged`);
    return [];
  }
  const count = first.shard.count;
  const byIndex = new Map<number, string>();
  for (const x of inputs) {
    if (!x.shard || x.shard.count !== count) throw new UsageError(`${x.path} is ${shardText(x.shard)} but ${first.path} is shard ${first.shard.index}/${count}`);
    const dup = byIndex.get(x.shard.index);
    if (dup !== undefined) throw new UsageError(`${dup} and ${x.path} are both shard ${x.shard.index}/${count}`);
    byIndex.set(x.shard.index, x.path);
    if (coverage(x) !== coverage(first)) {
      throw new UsageError(`${x.path} and ${first.path} explored different things (${coverage(x)} vs ${coverage(first)}): shards must come from the same command`);
    }
  }
  const missing = Array.from({ length: count }, (_, i) => i).filter((i) => !byIndex.has(i));
  if (missing.length > 0 && !partial) {
    throw new UsageError(`shard(s) ${missing.map((i) => `${i}/${count}`).join(', ')} missing: a verdict needs every shard (--partial merges a subset, its verdicts marked partial)`);
  }
  return missing;
}
