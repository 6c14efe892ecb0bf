// Go to definition on a step label (`step == "run.call"` in a .tw file, `// run.call` in a model
// listing): the line of the variant's model listing that takes that step. The listing's lines
// come from the debugger's renderer (the files in listings/ are generated from it).
import type { Location, Position } from 'vscode-languageserver-types';
import { listingFor } from '../debug/listing/listing';
import type { StepLabel } from '../core';
import { tokenAt } from './scenarioIndex';

/** The listings folder as a file URI ('file:///…/listings'), or undefined when it is not shipped. */
export type ListingsUri = string | undefined;

export function labelDefinition(lineText: string, p: Position, variant: string, listings: ListingsUri): Location | null {
  const t = tokenAt(lineText, p.character + 1, /[a-z]+\.[a-z]+/);
  const listing = t && listings ? listingFor(variant) : undefined;
  const line = t ? listing?.lineOfLabel.get(t.text as StepLabel) : undefined;
  if (!t || !listing || line === undefined) return null;
  const column = (listing.text.split('\n')[line - 1] ?? '').lastIndexOf(`// ${t.text}`) + 3;
  return { uri: `${listings}/${listing.fileName}`, range: { start: { line: line - 1, character: column }, end: { line: line - 1, character: column + t.text.length } } };
}

/** The variant a listing document shows, from its first line (`// tw model listing for variant 'x'`). */
export function listingVariant(firstLine: string): string {
  return /variant '([a-z-]+)'/.exec(firstLine)?.[1] ?? 'mainline';
}
