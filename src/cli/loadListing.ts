// Reading a model listing (kernel-style C, a variant given as a file) for the commands: its
// diagnostics as `file:line:col: error TWnnn: message` (notes too), a file that cannot be read as
// one error, never a throw.
import { compileListing, formatModelDiagnostic, Listing, ModelDiagnostic, variantOfListing, historyVariant, isListingPath, HISTORY_VARIANTS } from '../model';
import { Variant, findVariant } from '../core';
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
  const read = readListing(spec, io);
  if ('error' in read) throw new UsageError(`--variant ${escapeText(spec)}: ${read.error}`);
  const r = variantOfListing(spec, spec, read.text);
  const shown = escapeText(spec);
  for (const d of r.diagnostics) if (d.severity === 'error' || !r.variant) io.err(listingDiagnosticText(shown, d));
  if (!r.variant) throw new UsageError(`--variant ${shown}: the listing has errors (tw check ${shown} lists them)`);
  return r.variant;
}

/** How results name a variant: its name (a release, v5.10) or the file as given: what a replay command passes. */
export function variantTitle(v: string | Variant): string {
  return escapeText(typeof v === 'string' ? v : v.name);
}
