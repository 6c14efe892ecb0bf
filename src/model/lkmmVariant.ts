// Under `memory lkmm` every variant runs its listing (the memory model judges the listing's own
// accesses): a shipped variant's name resolves to listings/NAME.c, a release to its history listing.
import { Variant } from '../core';
import { LISTING_TEXTS } from './listingTexts';
import { variantOfListing, ListingVariantResult } from './variantOf';
import { historyVariant } from './history';

/** The listing form of a variant (a name, or a variant that may already run a listing). */
export function listingVariantFor(v: string | Variant): ListingVariantResult {
  if (typeof v !== 'string') return v.listing ? { variant: v, diagnostics: [] } : listingVariantFor(v.name);
  const text = LISTING_TEXTS[v];
  if (text !== undefined) return variantOfListing(v, `listings/${v}.c`, text);
  return historyVariant(v) ?? { diagnostics: [] };
}
