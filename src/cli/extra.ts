// Commands backed by the explorer and the worker-thread backend (explore, merge, stress).
import { FlagKind, Parsed } from './args';
import { Io } from './load';
import { cmdExplore, cmdMerge, EXPLORE_FLAGS, EXPLORE_USAGE, MERGE_USAGE } from './explore';
import { cmdStress, STRESS_FLAGS, STRESS_USAGE } from './stress';

/** A subcommand: its flags, its handler and its line in `tw --help` (the synopsis its usage error prints too). */
export interface Command {
  flags: Readonly<Record<string, FlagKind>>;
  run: (p: Parsed, io: Io) => number | Promise<number>;
  help: string;
}

export const COMMANDS_EXTRA: Record<string, Command> = {
  explore: { flags: EXPLORE_FLAGS, run: cmdExplore, help: EXPLORE_USAGE },
  merge: { flags: { json: 'bool' }, run: cmdMerge, help: `${MERGE_USAGE}   combine \`tw explore --shard i/n --json\` results` },
  stress: { flags: STRESS_FLAGS, run: cmdStress, help: STRESS_USAGE },
};
