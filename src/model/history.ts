// The releases of kernel/task_work.c that tw ships as listings (listings/history/*.c), by name:
// 'v3.7-dev', 'v3.7', ... 'v6.19'. The texts come from the generated listingTexts.ts, never a file read.
import { LISTING_TEXTS } from './listingTexts';
import { variantOfListing, ListingVariantResult } from './variantOf';
import type { Variant } from '../core';

const PREFIX = 'history/';

/** Orders 'v3.7-dev' < 'v3.7' < 'v4.3' < 'v4.14' < 'v6.19': numerically, a -dev before its release. */
function versionKey(name: string): number[] {
  const m = /^v(\d+)\.(\d+)(-dev)?$/.exec(name);
  return m ? [Number(m[1]), Number(m[2]), m[3] ? 0 : 1] : [Infinity, 0, 0];
}

function compareVersions(a: string, b: string): number {
  const [x, y] = [versionKey(a), versionKey(b)];
  for (let i = 0; i < x.length; i++) if (x[i] !== y[i]) return (x[i] ?? 0) < (y[i] ?? 0) ? -1 : 1;
  return a < b ? -1 : a > b ? 1 : 0;
}

/** Every historical listing's name, oldest first. */
export const HISTORY_NAMES: readonly string[] = Object.keys(LISTING_TEXTS)
  .filter((k) => k.startsWith(PREFIX)).map((k) => k.slice(PREFIX.length)).sort(compareVersions);

/** A historical listing by name ('v4.3'): the file name it is shown under and its text, or undefined. */
export function historyListing(name: string): { file: string; text: string } | undefined {
  const text = LISTING_TEXTS[PREFIX + name];
  return text === undefined ? undefined : { file: `listings/${PREFIX}${name}.c`, text };
}

/** The first sentence of a history listing's "What changed" paragraph, for tables and help texts. */
export function historySummary(name: string): string {
  const lines = (historyListing(name)?.text ?? '').split('\n');
  const at = lines.findIndex((l) => l.startsWith('// What changed'));
  if (at < 0) return '';
  const para: string[] = [(lines[at] ?? '').replace(/^\/\/ What changed[^:]*: /, '')];
  for (const l of lines.slice(at + 1)) {
    if (!l.startsWith('// ') || /^\/\/ (Still|Known|Race)/.test(l)) break;
    para.push(l.slice(3));
  }
  const text = para.join(' ').trim();
  const end = text.search(/\.(\s|$)/);
  return end < 0 ? text : text.slice(0, end + 1);
}

/** The releases that run as variants (by name: 'v3.5' ... 'v6.19'), oldest first: every one. */
export const HISTORY_VARIANTS: readonly string[] = HISTORY_NAMES;

/** A historical listing as a variant named after its release ('v3.7'), or undefined for an unknown name. */
export function historyVariant(name: string): ListingVariantResult | undefined {
  const h = historyListing(name);
  if (!h) return undefined;
  return variantOfListing(name, h.file, h.text, {}, `Linux ${name}: ${historySummary(name)}`);
}

/**
 * A variant by name, for callers that hold a scenario's variant names (its `variant`, its `expect`
 * lines): a release compiles to its listing's variant; any other name is passed on as it is.
 */
export function variantByName(name: string): string | Variant {
  return historyVariant(name)?.variant ?? name;
}

/** The first release each listing stands for (3.7-dev is no release; 4.8 already has 4.9's barrier change). */
const FIRST_RELEASE: readonly (readonly [number, number, string])[] = [
  [3, 5, 'v3.5'], [3, 6, 'v3.6'], [3, 7, 'v3.7'], [4, 3, 'v4.3'], [4, 8, 'v4.9'], [4, 14, 'v4.14'], [5, 7, 'v5.7'],
  [5, 8, 'v5.10'], [5, 11, 'v5.11'], [5, 12, 'v5.15'], [5, 19, 'v5.19'], [6, 1, 'v6.1'], [6, 11, 'v6.11'],
  [6, 19, 'v6.19'],
];

/**
 * The history listing for a kernel version as `uname -r` or a tag writes it ('5.10.13',
 * 'v6.1', '6.1.0-13-amd64'): the listing of the newest release at or before it, or undefined
 * before 3.6 or for text that is no version. Later releases than 6.19 get 'v6.19' (the newest known).
 */
export function historyNameFor(version: string): string | undefined {
  const m = /^v?(\d+)\.(\d+)/.exec(version.trim());
  if (!m) return undefined;
  const [major, minor] = [Number(m[1]), Number(m[2])];
  let found: string | undefined;
  for (const [a, b, name] of FIRST_RELEASE) if (major > a || (major === a && minor >= b)) found = name;
  return found;
}
