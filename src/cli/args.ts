// A small, strict flag parser: every flag is declared, an unknown or malformed flag is a user
// error that names the flag (exit 2), never a stack trace.

export type FlagKind = 'string' | 'int' | 'bool';

export class UsageError extends Error {}

export interface Parsed {
  positional: string[];
  flags: Map<string, string | number | boolean>;
}

export function parseArgs(argv: readonly string[], spec: Readonly<Record<string, FlagKind>>): Parsed {
  const positional: string[] = [];
  const flags = new Map<string, string | number | boolean>();
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i] ?? '';
    if (!arg.startsWith('--') || arg === '--') { positional.push(arg); continue; }
    const eq = arg.indexOf('=');
    const name = arg.slice(2, eq < 0 ? undefined : eq);
    const kind = spec[name];
    if (!kind) throw new UsageError(`unknown option '--${name}' (expected one of ${Object.keys(spec).map((k) => `--${k}`).join(', ')})`);
    if (kind === 'bool') { flags.set(name, true); continue; }
    const value = eq >= 0 ? arg.slice(eq + 1) : argv[++i];
    if (value === undefined) throw new UsageError(`option '--${name}' needs a value`);
    if (kind === 'int') {
      if (!/^[0-9]+$/.test(value)) throw new UsageError(`option '--${name}' expects a whole number, found '${value}'`);
      flags.set(name, Number(value));
    } else flags.set(name, value);
  }
  return { positional, flags };
}

export function str(p: Parsed, name: string): string | undefined {
  const v = p.flags.get(name);
  return typeof v === 'string' ? v : undefined;
}

export function int(p: Parsed, name: string): number | undefined {
  const v = p.flags.get(name);
  return typeof v === 'number' ? v : undefined;
}

export function bool(p: Parsed, name: string): boolean {
  return p.flags.get(name) === true;
}
