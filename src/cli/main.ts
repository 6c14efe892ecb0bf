// The `tw` command: check, run, explore, merge, stress, diff, fmt, lsp. Exit codes: 0 ok, 1 violation found,
// 4 explore incomplete (a budget ran out, nothing found), 130/143 explore interrupted,
// 2 bad input (with a message naming the file:line:col or the flag), 3 internal error.
import { parseArgs, UsageError } from './args';
import { Io } from './load';
import { cmdCheck, checkOptions, CHECK_FLAGS, CHECK_USAGE } from './check';
import { cmdRun, runOptions, RUN_FLAGS, RUN_USAGE } from './run';
import { COMMANDS_EXTRA, Command } from './extra';
import { didYouMean, escapeText } from '../lang/diagnostics';
import { recoverArgs } from './rawArgv';
import { cmdFmt, fmtOptions, FMT_FLAGS, FMT_USAGE } from './fmt';
import { cmdLsp, lspOptions, LSP_FLAGS, LSP_USAGE } from './lsp';

const COMMANDS: Record<string, Command> = {
  check: { flags: CHECK_FLAGS, run: (p, io) => cmdCheck(checkOptions(p), io), help: `${CHECK_USAGE}          diagnostics; exit 2 on errors` },
  run: { flags: RUN_FLAGS, run: (p, io) => cmdRun(runOptions(p), io), help: RUN_USAGE },
  ...COMMANDS_EXTRA,
  fmt: { flags: FMT_FLAGS, run: (p, io) => cmdFmt(fmtOptions(p), io), help: `${FMT_USAGE}   format .tw files (--check: exit 1 if not formatted)` },
  lsp: { flags: LSP_FLAGS, run: (p, io) => cmdLsp(lspOptions(p), io), help: `${LSP_USAGE}   the language server for any editor` },
};

function usage(io: Io): void {
  io.out('tw — the task_work race debugger');
  for (const c of Object.values(COMMANDS)) io.out(`  ${c.help}`);
}

/** `tw CMD --help` (or -h) before any `--`. */
function wantsHelp(args: readonly string[]): boolean {
  const end = args.indexOf('--');
  return (end < 0 ? args : args.slice(0, end)).some((a) => a === '--help' || a === '-h');
}

/** Every line printed is free of raw control and bidi characters, whatever a command put in it. */
function safeIo(io: Io): Io {
  const safe = (l: string): string => l.split('\n').map(escapeText).join('\n');
  return { ...io, out: (l) => io.out(safe(l)), err: (l) => io.err(safe(l)) };
}

export async function main(argv: readonly string[], rawIo: Io): Promise<number> {
  const io = safeIo(rawIo);
  const [name, ...rest] = argv;
  if (!name || name === '--help' || name === '-h' || name === 'help') { usage(io); return name ? 0 : 2; }
  const cmd = COMMANDS[name];
  if (!cmd) { io.err(`tw: unknown command '${name}'${didYouMean(name, Object.keys(COMMANDS))}`); usage(io); return 2; }
  if (wantsHelp(rest)) { io.out(`usage: ${cmd.help}`); return 0; }
  try {
    return await cmd.run(parseArgs(name, rest, cmd.flags), io);
  } catch (e) {
    if (e instanceof UsageError) { io.err(`tw ${name}: ${e.message}`); return 2; }
    io.err(`tw: internal error (a bug in tw, please report it): ${e instanceof Error ? e.stack ?? e.message : String(e)}`);
    return 3;
  }
}

/**
 * A line writer for a standard stream. When the reader goes away (`tw run ... | head -1`: EPIPE)
 * the rest of the output is dropped quietly and the command still ends with its own exit code.
 */
function streamWriter(stream: NodeJS.WriteStream): (line: string) => void {
  let closed = false;
  stream.on('error', (e: NodeJS.ErrnoException) => {
    if (e.code !== 'EPIPE') throw e;
    closed = true;
  });
  return (line) => { if (!closed) stream.write(`${line}\n`); };
}

if (require.main === module) {
  const { args, rawPaths } = recoverArgs(process.argv.slice(2));
  const io: Io = { out: streamWriter(process.stdout), err: streamWriter(process.stderr), rawPaths };
  main(args, io).then((code) => {
    process.exitCode = code;
    // Interrupted (Ctrl-C, SIGTERM): the partial answer is printed (stdout and stderr are synchronous
    // on Linux files, pipes and terminals); ending worker threads must not delay the exit.
    if (code === 130 || code === 143) process.exit(code);
  }, () => { process.exitCode = 3; });
}
