// Reading a model listing (kernel-style C, a variant given as a file) for the commands: its
// diagnostics as `file:line:col: error TWnnn: message` (notes too), a file that cannot be read as
// one error, never a throw.
import { compileListing, formatModelDiagnostic, Listing, ModelDiagnostic } from '../model';
import { Io, readInput, fsErrorText } from './load';
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
