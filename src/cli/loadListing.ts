// Reading a model listing (kernel-style C, a variant given as a file) for the commands: its
// diagnostics as `file:line:col: error TWnnn: message` (notes too), a file that cannot be read as
// one error, never a throw.
import { compileListing, formatModelDiagnostic, Listing, ModelDiagnostic, variantOfListing, historyVariant, isListingPath, HISTORY_VARIANTS } from '../model';
import { dirname, isAbsolute, join } from 'node:path';
import { Program, Variant, findVariant } from '../core';
import { Io, readInput, fsErrorText, checkVariant } from './load';
import { UsageError } from './args';
import { escapeText } from '../lang/diagnostics';

export interface CompiledListing {
  /** The name as shown in messages (unsafe characters escaped). */
  file: string;
  listing?: Listing;
  /** A content hash of the text, so a result can name what it ran. */
  hash?: string;
  diagnostics: ModelDiagnostic[];
  error?: string;
}

/** A listing file's text, or why it cannot be read (never a throw). */
function readListing(file: string, io: Io): { text: string } | { error: string } {
  try {
    return { text: readInput(file, io).toString('utf8') };
  } catch (e) {
    return { error: fsErrorText(e) };
  }
}

export function compileListingFile(file: string, io: Io): CompiledListing {
  const shown = escapeText(file);
  const read = readListing(file, io);
  if ('error' in read) return { file: shown, diagnostics: [], error: read.error };
  const { listing, diagnostics, hash } = compileListing(file, read.text);
  return { file: shown, listing, hash, diagnostics };
}

/** The text line of a listing diagnostic, as `tw check` prints it. */
export function listingDiagnosticText(file: string, d: ModelDiagnostic): string {
  return formatModelDiagnostic(file, d);
}

/**
 * `--variant NAME` or `--variant FILE.c`: a shipped variant by name, or the user's listing compiled
 * into a variant that runs it. A listing with errors prints them (file:line:col) and exits 2.
 */
export function variantArg(spec: string, io: Io): string | Variant {
  const history = historyVariant(spec);
  if (history) {
    if (history.variant) return history.variant;
    throw new UsageError(`--variant ${escapeText(spec)}: ${history.diagnostics.map((d) => d.message).join('; ')}`);
  }
  if (findVariant(spec) || !isListingPath(spec)) return checkVariant(spec, HISTORY_VARIANTS);
  return listingVariant(spec, `--variant ${escapeText(spec)}`, io);
}

/** A listing file compiled into a variant; `where` starts the message when it cannot be read or has errors. */
function listingVariant(file: string, where: string, io: Io): Variant {
  const read = readListing(file, io);
  if ('error' in read) throw new UsageError(`${where}: cannot read the listing ${escapeText(file)}: ${read.error}`);
  const r = variantOfListing(file, file, read.text);
  const shown = escapeText(file);
  for (const d of r.diagnostics) if (d.severity === 'error' || !r.variant) io.err(listingDiagnosticText(shown, d));
  if (!r.variant) throw new UsageError(`${where}: the listing ${shown} has errors (tw check ${shown} lists them)`);
  return r.variant;
}

/** Where a scenario's own `variant` statement is, as `file:line:col` (messages about its listing start there). */
function variantStatementAt(program: Program): string {
  const at = program.variantAt;
  return `${escapeText(program.file)}${at ? `:${at.line}:${at.column}` : ''}`;
}

/**
 * The listing file a scenario's `variant "FILE.c";` names, relative to the scenario's folder
 * (absolute as written); undefined when the variant is a name.
 */
export function scenarioListingPath(program: Program): string | undefined {
  const spec = program.variant;
  if (findVariant(spec) || !isListingPath(spec)) return undefined;
  return isAbsolute(spec) ? spec : join(dirname(program.file), spec);
}

/**
 * The variant a command runs a scenario under: `--variant` as given (a file relative to the working
 * folder), else the scenario's own `variant` statement (a file relative to the scenario). A listing
 * that cannot be read or has errors is exit 2 with the statement's file:line:col.
 */
export function scenarioVariant(program: Program, given: string | undefined, io: Io): string | Variant {
  if (given !== undefined) return variantArg(given, io);
  const file = scenarioListingPath(program);
  if (file === undefined) return variantArg(program.variant, io);
  return listingVariant(file, `${variantStatementAt(program)}: error TW230: variant "${escapeText(program.variant)}"`, io);
}

/** `tw check`'s look at the listing a scenario names: its diagnostics as text lines, bad when it cannot be used. */
export function scenarioListingProblems(program: Program, io: Io): { lines: string[]; bad: boolean } {
  const file = scenarioListingPath(program);
  if (file === undefined) return { lines: [], bad: false };
  const r = compileListingFile(file, io);
  if (r.error) return { lines: [`${variantStatementAt(program)}: error TW230: variant "${escapeText(program.variant)}": cannot read the listing ${r.file}: ${r.error}`], bad: true };
  return { lines: r.diagnostics.map((d) => listingDiagnosticText(r.file, d)), bad: !r.listing };
}

/** How results name a variant: its name (a release, v5.10) or the file as given: what a replay command passes. */
export function variantTitle(v: string | Variant): string {
  return escapeText(typeof v === 'string' ? v : v.name);
}
