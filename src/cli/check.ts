// `tw check FILE... [--json]`: diagnostics for every file (.tw scenarios, .c model listings); exit 2
// when any file has an error.
import { Parsed, bool } from './args';
import { Io, compileFile } from './load';
import { formatDiagnostic } from '../lang';
import { jsonText } from './jsonText';
import { compileListingFile, listingDiagnosticText, scenarioListingProblems } from './loadListing';

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
    const listing = file.endsWith('.c');
    const l = listing ? compileListingFile(file, io) : undefined;
    const c = listing ? undefined : compileFile(file, io);
    const r = l ?? (c as NonNullable<typeof c>);
    const text = listing ? listingDiagnosticText : formatDiagnostic;
    // A scenario's `variant "FILE.c";`: the listing is checked too, its lines after the scenario's.
    const named = c?.program ? scenarioListingProblems(c.program, io) : { lines: [], bad: false };
    if (!(l ? l.listing : c?.program) || named.bad) bad++;
    if (o.json) {
      json.push({ file, ...(r.error ? { error: r.error } : {}), diagnostics: r.diagnostics.map((d) => ({ ...d, text: text(file, d as never) })), ...(named.lines.length ? { variantListing: named.lines } : {}) });
    } else if (r.error) io.err(`tw: cannot read ${r.file}: ${r.error}`);
    else for (const line of [...r.diagnostics.map((d) => text(r.file, d as never)), ...named.lines]) io.err(line);
  }
  if (o.json) io.out(jsonText(json));
  else if (bad === 0) io.out(`${o.files.length} file(s) ok`);
  return bad ? 2 : 0;
}
