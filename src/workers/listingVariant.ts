// The variant the workers run, always as a listing: a shipped name runs listings/<name>.c, a
// history or user listing runs itself. Compiled code (closures) cannot be posted to a worker, so a
// worker gets the listing's text (ListingSource) and compiles it again into the same listing.
import { Program, Variant, findVariant } from '../core';
import { variantOfListing, LISTING_TEXTS } from '../model';

export interface ListingSource { name: string; file: string; text: string; summary: string }

/** The named or given variant as one that runs a listing; throws on an unknown name (callers validate first). */
export function listingVariantOf(program: Program, variant?: string | Variant): Variant {
  const v = typeof variant === 'object' ? variant : findVariant(variant ?? program.variant);
  if (!v) throw new Error(`unknown variant '${String(variant ?? program.variant)}'`);
  if (v.listing) return v;
  const text = LISTING_TEXTS[v.name];
  if (text === undefined) throw new Error(`variant '${v.name}' has no listing under listings/`);
  return compile({ name: v.name, file: `listings/${v.name}.c`, text, summary: v.summary });
}

export function sourceOf(v: Variant): ListingSource {
  if (v.source === undefined) throw new Error(`variant '${v.name}' carries no listing text`);
  return { name: v.name, file: v.file ?? v.name, text: v.source, summary: v.summary };
}

/** In a worker: the same listing, compiled from the same text. */
export function compile(src: ListingSource): Variant {
  const r = variantOfListing(src.name, src.file, src.text, {}, src.summary);
  if (!r.variant) throw new Error(`the listing ${src.file} does not compile in a worker thread`);
  return r.variant;
}
