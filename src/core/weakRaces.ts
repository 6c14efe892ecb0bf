// Data races under the LKMM, in the scenario's words: two conflicting accesses of different threads,
// at least one plain, neither happening before the other (the LKMM's own definition, dataRaces).
import { dataRaces } from '../lkmm';
import { Ctx, report, threadName } from './context';
import { State } from './state';
import { WeakGraph } from './weakGraph';

function accessText(ctx: Ctx, g: WeakGraph, id: number): string {
  const e = g.events[id];
  const access = e?.kind === 'R' ? 'read' : 'write';
  return `${threadName(ctx, e?.thread ?? -1)}'s ${e?.tag === 'plain' ? 'plain ' : ''}${access} at ${e?.text ?? '?'}`;
}

/** Reports the first data race of a complete execution's graph as a `data-race` violation. */
export function reportRaces(ctx: Ctx, s: State, g: WeakGraph): void {
  const race = dataRaces(g)[0];
  if (!race) return;
  const loc = g.events[race.a]?.loc ?? '?';
  report(s, 'data-race', `data race on ${loc}: ${accessText(ctx, g, race.a)} and ${accessText(ctx, g, race.b)}; neither happens before the other and one is plain`, -1, 'end', []);
}
