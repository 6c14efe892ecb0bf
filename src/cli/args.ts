// Command-line flags through node:util parseArgs (strict, with positionals; `--` ends the flags),
// with tw's own wording: every flag is declared, an unknown, repeated or malformed flag is a user
// error that names the flag and the command (exit 2), never a stack trace. Each command then maps
// the parsed values onto one explicit options object of its own (see run.ts, explore.ts, ...).
// A new flag: declare it in the command's *_FLAGS, add a field to its options interface, and
// set that field in its *Options(p) function; nothing else reads flags.
import { parseArgs as nodeParseArgs } from 'node:util';
import { escapeText } from '../lang/diagnostics';
import { MAX_STEPS_CEILING } from '../core';

/** 'bool' is a switch (`--json`; `--json=false` is an error); 'int' a whole number; 'string' non-empty text. */
export type FlagKind = 'string' | 'int' | 'bool';
export type FlagSpec = Readonly<Record<string, FlagKind>>;

export class UsageError extends Error {}

export interface Parsed {
  positional: string[];
  flags: Map<string, string | number | boolean>;
}

/** The largest number an 'int' flag takes (beyond it, a number is not exact in JavaScript). */
const MAX_INT = Number.MAX_SAFE_INTEGER;

function expected(spec: FlagSpec): string {
  const names = Object.keys(spec).map((k) => `--${k}`);
  return names.length ? `expected one of ${names.join(', ')}` : 'it takes no options';
}

/** Parses argv of command `tw <command>` against spec. Throws UsageError with one clear sentence. */
export function parseArgs(command: string, argv: readonly string[], spec: FlagSpec): Parsed {
  const options: Record<string, { type: 'string' | 'boolean' }> = {};
  for (const [name, kind] of Object.entries(spec)) options[name] = { type: kind === 'bool' ? 'boolean' : 'string' };
  const where = `for 'tw ${command}'`;
  // A lenient pass first, to word the errors ourselves (node's own texts vary between versions).
  const loose = nodeParseArgs({ args: [...argv], options, strict: false, allowPositionals: true, tokens: true });
  const seen = new Set<string>();
  for (const tok of loose.tokens ?? []) {
    if (tok.kind !== 'option') continue;
    const flag = escapeText(tok.rawName);
    const kind = spec[tok.name];
    if (!kind || !tok.rawName.startsWith('--')) throw new UsageError(`unknown option '${flag}' ${where}; ${expected(spec)}`);
    if (seen.has(tok.name)) throw new UsageError(`option '${flag}' is given twice`);
    seen.add(tok.name);
    if (kind === 'bool' && tok.value !== undefined) {
      throw new UsageError(`option '${flag}' takes no value, found '${escapeText(tok.value)}' (write ${flag} to turn it on, or leave it out)`);
    }
    if (kind !== 'bool' && tok.value === undefined) throw new UsageError(`option '${flag}' needs a value`);
  }
  let strict: ReturnType<typeof nodeParseArgs>;
  try {
    strict = nodeParseArgs({ args: [...argv], options, strict: true, allowPositionals: true });
  } catch (e) {
    // What the lenient pass lets through: a value that starts with '-' (`--seed -1`).
    throw new UsageError(`${e instanceof Error ? escapeText(e.message.split('\n')[0] ?? '') : 'bad option'} (a value starting with '-' is written --flag=-value)`);
  }
  const flags = new Map<string, string | number | boolean>();
  for (const [name, value] of Object.entries(strict.values)) {
    const kind = spec[name];
    if (kind === 'bool' || typeof value !== 'string') { flags.set(name, value === true); continue; }
    if (value === '') throw new UsageError(`option '--${name}' needs a value, found an empty one`);
    if (kind === 'int') {
      if (!/^[0-9]+$/.test(value) || Number(value) > MAX_INT) throw new UsageError(`option '--${name}' expects a whole number, found '${escapeText(value)}'`);
      flags.set(name, Number(value));
    } else flags.set(name, value);
  }
  return { positional: strict.positionals, flags };
}

export function str(p: Parsed, name: string): string | undefined {
  const v = p.flags.get(name);
  return typeof v === 'string' ? v : undefined;
}

export function int(p: Parsed, name: string): number | undefined {
  const v = p.flags.get(name);
  return typeof v === 'number' ? v : undefined;
}

/** `--max-steps`: from 1 to the core's ceiling (a longer run is a livelock and fills the memory). */
export function maxSteps(p: Parsed): number | undefined {
  const n = int(p, 'max-steps');
  if (n !== undefined && (n < 1 || n > MAX_STEPS_CEILING)) {
    throw new UsageError(`--max-steps must be from 1 to ${MAX_STEPS_CEILING} (a run longer than that is a livelock, and its trace would not fit in memory), found ${n}`);
  }
  return n;
}

export function bool(p: Parsed, name: string): boolean {
  return p.flags.get(name) === true;
}
