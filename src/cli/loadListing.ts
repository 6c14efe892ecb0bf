// Reading a model listing (kernel-style C, a variant given as a file) for the commands: every
// diagnostic printed as `file:line:col: error TWnnn: message` (notes too), a missing file in one line.
import { compileListing, formatModelDiagnostic, Listing } from '../model';
import { Io, readSource } from './load';

/** Compiles a listing file; prints its diagnostics; undefined when it has errors or cannot be read. */
export function loadListing(file: string, io: Io): { listing: Listing; hash: string } | undefined {
  const text = readSource(file, io);
  if (text === undefined) return undefined;
  const { listing, diagnostics, hash } = compileListing(file, text);
  for (const d of diagnostics) io.err(formatModelDiagnostic(file, d));
  return listing ? { listing, hash } : undefined;
}
