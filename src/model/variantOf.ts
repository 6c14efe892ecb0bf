// A listing as a variant: compile the text once and hand the core a variant that runs it. The
// name is what the user gave (a path, a version name) so results say what they ran.
import { Variant, listingVariant } from '../core';
import { compileListing, ListingOptions } from './compile';
import { ModelDiagnostic } from './diagnostics';

export interface ListingVariantResult { variant?: Variant; diagnostics: ModelDiagnostic[] }

/** A variant given as a file rather than a name: `./mine.c`, `/src/kernel/task_work.c`. */
export function isListingPath(spec: string): boolean {
  return spec.endsWith('.c') || spec.includes('/') || spec.includes('\\');
}

export function variantOfListing(name: string, file: string, text: string, opts: ListingOptions = {}, summary?: string): ListingVariantResult {
  const r = compileListing(file, text, opts);
  if (!r.listing) return { diagnostics: r.diagnostics };
  return { variant: listingVariant(name, r.listing, file, text, r.hash, summary), diagnostics: r.diagnostics };
}
