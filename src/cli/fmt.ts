// `tw fmt FILE... [--check] [--stdout]`: formats .tw files the way the language server does
// (src/lsp/format.ts). A file with errors is never touched: its diagnostics are printed and the
// exit code is 2. --check writes nothing and exits 1 when some file is not formatted (for CI).
import { writeFileSync } from 'node:fs';
import { Parsed, bool } from './args';
import { Io, compileFile, readInput, fsErrorText } from './load';
import { formatDiagnostic } from '../lang';
import { formatText } from '../lsp/format';

export const FMT_USAGE = 'tw fmt FILE... [--check] [--stdout]';
export const FMT_FLAGS = { check: 'bool', stdout: 'bool' } as const;

export interface FmtOptions {
  files: string[];
  /** Report the files that are not formatted (exit 1), write nothing. */
  check: boolean;
  /** Print the formatted text instead of writing the file. */
  stdout: boolean;
}

export function fmtOptions(p: Parsed): FmtOptions {
  return { files: p.positional, check: bool(p, 'check'), stdout: bool(p, 'stdout') };
}

type Verdict = 'ok' | 'changed' | 'bad';
const BOM = '\uFEFF';

function fmtOne(file: string, o: FmtOptions, io: Io): Verdict {
  const c = compileFile(file, io);
  if (c.error) { io.err(`tw: cannot read ${c.file}: ${c.error}`); return 'bad'; }
  if (c.diagnostics.some((d) => d.severity === 'error')) {
    for (const d of c.diagnostics) io.err(formatDiagnostic(c.file, d));
    io.err(`tw fmt: ${c.file} not formatted: fix the errors first`);
    return 'bad';
  }
  const raw = readInput(file, io).toString('utf8');
  const bom = raw.startsWith(BOM) ? BOM : '';
  const text = raw.slice(bom.length);
  const r = formatText(file, text);
  if (!r.ok) { io.err(`tw fmt: ${c.file} ${r.reason}`); return 'bad'; }
  if (o.stdout) { io.out(r.text.replace(/\r?\n$/, '')); return r.text === text ? 'ok' : 'changed'; }
  if (r.text === text) return 'ok';
  if (o.check) { io.out(`${c.file}: not formatted`); return 'changed'; }
  try {
    writeFileSync(io.rawPaths?.get(file) ?? file, bom + r.text);
  } catch (e) {
    io.err(`tw: cannot write ${c.file}: ${fsErrorText(e)}`);
    return 'bad';
  }
  io.out(`${c.file}: formatted`);
  return 'changed';
}

export function cmdFmt(o: FmtOptions, io: Io): number {
  if (o.files.length === 0) { io.err(`usage: ${FMT_USAGE}`); return 2; }
  if (o.check && o.stdout) { io.err('tw fmt: --check and --stdout do not go together'); return 2; }
  const verdicts = o.files.map((f) => fmtOne(f, o, io));
  if (verdicts.includes('bad')) return 2;
  if (o.check && verdicts.includes('changed')) return 1;
  if (o.check) io.out(`${o.files.length} file(s) formatted`);
  return 0;
}
