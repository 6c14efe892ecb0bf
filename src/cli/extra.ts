// Commands backed by the explorer and the worker-thread backend (explore, merge, stress).
import { FlagKind, Parsed } from './args';
import { Io } from './load';
import { cmdExplore, cmdMerge, EXPLORE_FLAGS } from './explore';
import { cmdStress, STRESS_FLAGS } from './stress';

export const COMMANDS_EXTRA: Record<string, { flags: Readonly<Record<string, FlagKind>>; run: (p: Parsed, io: Io) => number | Promise<number>; help: string }> = {
  explore: { flags: EXPLORE_FLAGS, run: cmdExplore, help: 'tw explore FILE... [--variant V] [--strategy stateful|dpor|dfs|random|pct] [--bound N] [--max-executions N] [--timeout S] [--workers N] [--shard i/n] [--json] [--junit FILE]' },
  merge: { flags: { json: 'bool' }, run: cmdMerge, help: 'tw merge SHARD.json... [--json]   combine `tw explore --shard i/n --json` results' },
  stress: { flags: STRESS_FLAGS, run: cmdStress, help: 'tw stress FILE [--variant V] [--runs N] [--timeout S] [--no-delays] [--seed N] [--json]' },
};
