// Commands backed by the explorer, the worker-thread backend, the reports and the kernel memory model
// (explore, merge, stress, diff, litmus).
import { FlagSpec, Parsed } from './args';
import { Io } from './load';
import { cmdExplore, exploreOptions, EXPLORE_FLAGS, EXPLORE_USAGE } from './explore';
import { cmdMerge, mergeOptions, MERGE_FLAGS, MERGE_USAGE } from './merge';
import { cmdStress, stressOptions, STRESS_FLAGS, STRESS_USAGE } from './stress';
import { cmdDiff, diffOptions, DIFF_FLAGS, DIFF_USAGE } from './diff';
import { cmdLitmus, litmusOptions, LITMUS_FLAGS, LITMUS_USAGE } from './litmus';

/**
 * A subcommand: its flags, its handler and its line in `tw --help` (the synopsis its usage error
 * prints too). `run` maps the parsed flags onto the command's options object, then runs it.
 */
export interface Command {
  flags: FlagSpec;
  run: (p: Parsed, io: Io) => number | Promise<number>;
  help: string;
}

export const COMMANDS_EXTRA: Record<string, Command> = {
  explore: { flags: EXPLORE_FLAGS, run: (p, io) => cmdExplore(exploreOptions(p), io), help: EXPLORE_USAGE },
  merge: { flags: MERGE_FLAGS, run: (p, io) => cmdMerge(mergeOptions(p), io), help: `${MERGE_USAGE}   combine \`tw explore --shard i/n --json\` results` },
  stress: { flags: STRESS_FLAGS, run: (p, io) => cmdStress(stressOptions(p), io), help: STRESS_USAGE },
  diff: { flags: DIFF_FLAGS, run: (p, io) => cmdDiff(diffOptions(p), io), help: `${DIFF_USAGE}   two schedules side by side` },
  litmus: { flags: LITMUS_FLAGS, run: (p, io) => cmdLitmus(litmusOptions(p), io), help: `${LITMUS_USAGE}   herd7 C litmus tests under the kernel memory model (LKMM)` },
};
