// `tw check FILE...`: diagnostics for every file; exit 2 when any file has an error.
import { Parsed } from './args';
import { Io, loadScenario } from './load';

export const CHECK_USAGE = 'tw check FILE...';

export function cmdCheck(p: Parsed, io: Io): number {
  if (p.positional.length === 0) { io.err(`usage: ${CHECK_USAGE}`); return 2; }
  let bad = 0;
  for (const file of p.positional) if (!loadScenario(file, io)) bad++;
  if (bad === 0) io.out(`${p.positional.length} file(s) ok`);
  return bad ? 2 : 0;
}
