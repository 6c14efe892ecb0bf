// The `tw` command: check, run, explore, merge, stress. Exit codes: 0 ok, 1 violation found,
// 2 bad input (with a message naming the file:line:col or the flag), 3 internal error.
import { parseArgs, UsageError } from './args';
import { Io } from './load';
import { cmdCheck, CHECK_USAGE } from './check';
import { cmdRun, RUN_FLAGS, RUN_USAGE } from './run';
import { COMMANDS_EXTRA, Command } from './extra';
import { didYouMean } from '../lang/diagnostics';

const COMMANDS: Record<string, Command> = {
  check: { flags: {}, run: cmdCheck, help: `${CHECK_USAGE}                 diagnostics; exit 2 on errors` },
  run: { flags: RUN_FLAGS, run: cmdRun, help: RUN_USAGE },
  ...COMMANDS_EXTRA,
};

function usage(io: Io): void {
  io.out('tw — the task_work race debugger');
  for (const c of Object.values(COMMANDS)) io.out(`  ${c.help}`);
}

export async function main(argv: readonly string[], io: Io): Promise<number> {
  const [name, ...rest] = argv;
  if (!name || name === '--help' || name === '-h' || name === 'help') { usage(io); return name ? 0 : 2; }
  const cmd = COMMANDS[name];
  if (!cmd) { io.err(`tw: unknown command '${name}'${didYouMean(name, Object.keys(COMMANDS))}`); usage(io); return 2; }
  try {
    return await cmd.run(parseArgs(rest, cmd.flags), io);
  } catch (e) {
    if (e instanceof UsageError) { io.err(`tw ${name}: ${e.message}`); return 2; }
    io.err(`tw: internal error (a bug in tw, please report it): ${e instanceof Error ? e.stack ?? e.message : String(e)}`);
    return 3;
  }
}

if (require.main === module) {
  const io: Io = { out: (l) => process.stdout.write(`${l}\n`), err: (l) => process.stderr.write(`${l}\n`) };
  main(process.argv.slice(2), io).then((code) => { process.exitCode = code; }, () => { process.exitCode = 3; });
}
