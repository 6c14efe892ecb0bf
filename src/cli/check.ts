// `tw check FILE... [--json]`: diagnostics for every file; exit 2 when any file has an error.
import { Parsed, bool } from './args';
import { Io, compileFile } from './load';
import { formatDiagnostic } from '../lang';
import { jsonText } from './jsonText';

export const CHECK_USAGE = 'tw check FILE... [--json]';
export const CHECK_FLAGS = { json: 'bool' } as const;

/** What `tw check` does, whoever calls it: the files in order, and the output form. */
export interface CheckOptions {
  files: string[];
  /** One JSON array of {file, error?, diagnostics} on stdout instead of text lines on stderr. */
  json: boolean;
}

export function checkOptions(p: Parsed): CheckOptions {
  return { files: p.positional, json: bool(p, 'json') };
}

export function cmdCheck(o: CheckOptions, io: Io): number {
  if (o.files.length === 0) { io.err(`usage: ${CHECK_USAGE}`); return 2; }
  let bad = 0;
  const json: unknown[] = [];
  for (const file of o.files) {
    const r = compileFile(file, io);
    if (!r.program) bad++;
    if (o.json) {
      json.push({ file, ...(r.error ? { error: r.error } : {}), diagnostics: r.diagnostics.map((d) => ({ ...d, text: formatDiagnostic(file, d) })) });
    } else if (r.error) io.err(`tw: cannot read ${r.file}: ${r.error}`);
    else for (const d of r.diagnostics) io.err(formatDiagnostic(r.file, d));
  }
  if (o.json) io.out(jsonText(json));
  else if (bad === 0) io.out(`${o.files.length} file(s) ok`);
  return bad ? 2 : 0;
}
