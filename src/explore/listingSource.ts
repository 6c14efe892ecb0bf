// A listing variant crosses to worker threads as its text: compiled code (closures) cannot be
// posted, so each worker compiles the same text again and gets the same listing.
import { Variant } from '../core';
import { variantOfListing } from '../model';

export interface ListingSource { name: string; file: string; text: string }

export function listingSourceOf(v: Variant): ListingSource | undefined {
  return v.listing && v.source !== undefined ? { name: v.name, file: v.file ?? v.name, text: v.source } : undefined;
}

export function variantOfSource(src: ListingSource): Variant {
  const r = variantOfListing(src.name, src.file, src.text);
  if (!r.variant) throw new Error(`the listing ${src.file} no longer compiles in a worker thread`);
  return r.variant;
}
