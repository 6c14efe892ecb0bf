// Reading a model listing (kernel-style C, a variant given as a file) for the commands: its
// diagnostics as `file:line:col: error TWnnn: message` (notes too), a file that cannot be read as
// one error, never a throw.
import { compileListing, formatModelDiagnostic, Listing, ModelDiagnostic, variantOfListing, historyVariant, HISTORY_VARIANTS } from '../model';
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

export function compileListingFile(file: string, io: Io): CompiledListing {
  const shown = escapeText(file);
  let text: string;
  try {
    text = readInput(file, io).toString('utf8');
  } catch (e) {
    return { file: shown, diagnostics: [], error: fsErrorText(e) };
  }
  const { listing, diagnostics, hash } = compileListing(file, text);
  return { file: shown, listing, hash, diagnostics };
}

/** The text line of a listing diagnostic, as `tw check` prints it. */
export function listingDiagnosticText(file: string, d: ModelDiagnostic): string {
  return formatModelDiagnostic(file, d);
}

/** A file name rather than a variant name: `./mine.c`, `/src/kernel/task_work.c`. */
export function isListingPath(spec: string): boolean {
  return spec.endsWith('.c') || spec.includes('/') || spec.includes('\\');
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
  let text: string;
  try {
    text = readInput(spec, io).toString('utf8');
  } catch (e) {
    throw new UsageError(`--variant ${escapeText(spec)}: ${fsErrorText(e)}`);
  }
  const r = variantOfListing(spec, spec, text);
  const shown = escapeText(spec);
  for (const d of r.diagnostics) if (d.severity === 'error' || !r.variant) io.err(listingDiagnosticText(shown, d));
  if (!r.variant) throw new UsageError(`--variant ${shown}: the listing has errors (tw check ${shown} lists them)`);
  return r.variant;
}

/** How results name a variant: its name (a release, v5.10) or the file as given: what a replay command passes. */
export function variantTitle(v: string | Variant): string {
  return escapeText(typeof v === 'string' ? v : v.name);
}
