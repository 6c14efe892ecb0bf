// Diagnostics for model listings (.c) as they are typed: the same codes and messages as `tw check
// FILE.c`. Which .c documents are listings: see `isTwListing` (a C file that is no listing of
// ours gets nothing). A .tw file's `variant "FILE.c";` naming no file gets TW230 at the statement.
import { DiagnosticSeverity } from 'vscode-languageserver-types';
import type { Diagnostic as LspDiagnostic } from 'vscode-languageserver-types';
import { compileListing, ModelDiagnostic } from '../model';
import { SourceText, lex } from '../lang/lexer';
import { DiagnosticSink } from '../lang/diagnostics';
import { parseScript } from '../lang/parser';
import type { Script } from '../lang/ast';
import { toLspRange } from './positions';
import { DIAGNOSTIC_SOURCE } from './diagnostics';

const SEVERITY = { error: DiagnosticSeverity.Error, warning: DiagnosticSeverity.Warning, info: DiagnosticSeverity.Information } as const;

/** The marker the shipped listings open with; a user may put it on their own file too. */
const MARKER = /^\/\/ tw model listing/;

function toLsp(d: ModelDiagnostic): LspDiagnostic {
  return { range: toLspRange(d.range), severity: SEVERITY[d.severity], code: d.code, source: DIAGNOSTIC_SOURCE, message: d.message };
}

/** The listing's diagnostics, as `tw check` gives them. */
export function listingDiagnostics(uri: string, text: string): LspDiagnostic[] {
  return compileListing(decodeURIComponent(uri.split('/').pop() ?? uri), text).diagnostics.map(toLsp);
}

/** The `variant "FILE.c";` statement of a parsed scenario: the file as written and where it stands. */
export function variantFileOf(script: Script): { spec: string; range: LspDiagnostic['range'] } | undefined {
  for (const d of script.decls) if (d.kind === 'variant' && d.file) return { spec: d.name.text, range: toLspRange(d.name.range) };
  return undefined;
}

/** The URI a scenario's `variant "FILE.c"` names: relative to the scenario's folder, or absolute. */
export function resolveListingUri(scenarioUri: string, spec: string): string | undefined {
  try {
    return new URL(spec.replace(/\\/g, '/'), scenarioUri).href;
  } catch {
    return undefined; // a URI no URL parser takes: nothing to resolve against
  }
}

/** A URI in one spelling (clients differ in what they percent-encode), for comparisons. */
export function sameUri(uri: string): string {
  try { return new URL(uri).href; } catch { return uri; }
}

/** What the server may look at on disk (the entry point gives Node's file system; tests may give another). */
export interface Disk {
  /** The .tw files saved in the folder of a file: URI, with their texts ([] for another scheme or an unreadable folder). */
  scenariosBeside(uri: string): { uri: string; text: string }[];
  /** Whether a file: URI names an existing file (true for any other scheme: nothing to check there). */
  exists(uri: string): boolean;
}

/** Whether a saved scenario next to the listing (same folder) names it in its `variant` statement. */
function namedBySibling(uri: string, disk: Disk): boolean {
  const want = sameUri(uri);
  return disk.scenariosBeside(uri).some((tw) => {
    if (!tw.text.includes('variant')) return false;
    const v = variantFileOf(parseScript(lex(new SourceText(tw.text), new DiagnosticSink()), new DiagnosticSink()));
    return v !== undefined && resolveListingUri(tw.uri, v.spec) === want;
  });
}

/**
 * A .c document is a tw listing when it sits in a `listings/` folder, opens with the
 * `// tw model listing` marker, is named by the `variant "FILE.c";` of an open scenario
 * (`named`), or by that of a scenario saved in the same folder.
 */
export function isTwListing(uri: string, text: string, named: boolean, disk: Disk): boolean {
  // The shipped listings VS Code shows read-only (tw-listing:) are checked by the tests, not the user.
  if (!uri.endsWith('.c') || uri.startsWith('tw-listing:')) return false;
  return named || /\/listings\//.test(uri) || MARKER.test(text) || namedBySibling(uri, disk);
}

/** TW230 at a scenario's `variant "FILE.c";` when the file is neither open nor on disk. */
export function missingListing(scenarioUri: string, script: Script, isOpen: (uri: string) => boolean, disk: Disk): LspDiagnostic[] {
  const v = variantFileOf(script);
  if (!v || !v.spec.endsWith('.c')) return [];
  const uri = resolveListingUri(scenarioUri, v.spec);
  if (!uri || isOpen(uri) || disk.exists(uri)) return [];
  return [{ range: v.range, severity: DiagnosticSeverity.Error, code: 'TW230', source: DIAGNOSTIC_SOURCE, message: `cannot read the listing '${v.spec}': no such file (it is looked for next to this file)` }];
}
