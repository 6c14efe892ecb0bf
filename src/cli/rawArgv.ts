// File names that are not UTF-8: Node decodes the command line as UTF-8 and puts U+FFFD where a
// byte is invalid, so such a name cannot be opened by its string. On Linux the real bytes are in
// /proc/self/cmdline; this maps each damaged argument to them (and to a printable name).
import { readFileSync } from 'node:fs';

/** The argument as text: valid UTF-8 kept, every invalid byte shown as \xNN. */
export function showBytes(b: Buffer): string {
  let out = '';
  let i = 0;
  while (i < b.length) {
    const n = utf8Length(b, i);
    out += n > 0 ? b.subarray(i, i + n).toString('utf8') : `\\x${(b[i] ?? 0).toString(16).toUpperCase().padStart(2, '0')}`;
    i += Math.max(n, 1);
  }
  return out;
}

/** Length of the well-formed UTF-8 sequence at i, or 0. */
function utf8Length(b: Buffer, i: number): number {
  const c = b[i] ?? 0;
  const n = c < 0x80 ? 1 : c >= 0xc2 && c < 0xe0 ? 2 : c >= 0xe0 && c < 0xf0 ? 3 : c >= 0xf0 && c < 0xf5 ? 4 : 0;
  if (n <= 1) return n;
  const seq = b.subarray(i, i + n);
  if (seq.length < n) return 0;
  return Buffer.from(seq.toString('utf8'), 'utf8').equals(seq) ? n : 0;
}

/**
 * Rewrites args (process.argv.slice(2)) so that a damaged argument reads as its \xNN form, and
 * returns the map from that form to the real bytes. Elsewhere than Linux: args unchanged.
 */
export function recoverArgs(args: readonly string[]): { args: string[]; rawPaths: Map<string, Buffer> } {
  const rawPaths = new Map<string, Buffer>();
  if (!args.some((a) => a.includes('\uFFFD'))) return { args: [...args], rawPaths };
  let all: Buffer[];
  try {
    const cmd = readFileSync('/proc/self/cmdline');
    all = [];
    for (let s = 0; s < cmd.length;) { const e = cmd.indexOf(0, s); const end = e < 0 ? cmd.length : e; all.push(cmd.subarray(s, end)); s = end + 1; }
  } catch {
    return { args: [...args], rawPaths };
  }
  const mine = all.slice(all.length - args.length); // the script's own arguments come last
  const out = args.map((a, i) => {
    const raw = mine[i];
    if (!raw || !a.includes('\uFFFD') || raw.toString('utf8') !== a) return a;
    const shown = showBytes(raw);
    rawPaths.set(shown, raw);
    return shown;
  });
  return { args: out, rawPaths };
}
