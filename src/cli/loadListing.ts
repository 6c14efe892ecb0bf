// Reading a model listing (kernel-style C, a variant given as a file) for the commands: every
// diagnostic printed as `file:line:col: error TWnnn: message` (notes too), a missing file in one line.
import { readFileSync } from 'node:fs';
import { compileListing, formatModelDiagnostic, Listing } from '../model';
import { Io, fsErrorText } from './load';

/** Compiles a listing file; prints its diagnostics; undefined when it has errors or cannot be read. */
export function loadListing(file: string, io: Io): { listing: Listing; hash: string } | undefined {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (e) {
    io.err(`tw: cannot read ${file}: ${fsErrorText(e)}`);
    return undefined;
  }
  const { listing, diagnostics, hash } = compileListing(file, text);
  for (const d of diagnostics) io.err(formatModelDiagnostic(file, d));
  return listing ? { listing, hash } : undefined;
}
