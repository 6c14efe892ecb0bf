// `tw check FILE...`: diagnostics for every file (.tw scenarios, .c model listings); exit 2 when
// any file has an error.
import { Parsed } from './args';
import { Io, loadScenario } from './load';
import { loadListing } from './loadListing';

export const CHECK_USAGE = 'tw check FILE...';

export function cmdCheck(p: Parsed, io: Io): number {
  if (p.positional.length === 0) { io.err(`usage: ${CHECK_USAGE}`); return 2; }
  let bad = 0;
  for (const file of p.positional) if (!(file.endsWith('.c') ? loadListing(file, io) : loadScenario(file, io))) bad++;
  if (bad === 0) io.out(`${p.positional.length} file(s) ok`);
  return bad ? 2 : 0;
}
