// Code lenses as LSP commands: "Debug" and "Debug this schedule" (tw.debugScenario,
// tw.debugSchedule: the client starts a debug session with the arguments [uri, variant, schedule])
// and "Explore" (tw.server.explore, which this server executes: every interleaving, answered as a
// message).
import type { CodeLens } from 'vscode-languageserver-types';
import { Analysis } from './analysis';
import { lensesFor } from './lenses';

/** Named apart from the extension's own commands: the VS Code client registers it under this name. */
export const EXPLORE_COMMAND = 'tw.server.explore';

/** `$(debug-alt) Debug` for VS Code, which draws the icon; plain `Debug` for other editors. */
function title(t: string, codicons: boolean): string {
  return codicons ? t : t.replace(/\$\([a-z-]+\)\s*/g, '');
}

export function codeLenses(a: Analysis, codicons: boolean): CodeLens[] {
  const out: CodeLens[] = [];
  for (const l of lensesFor(a.index)) {
    const range = { start: { line: l.line - 1, character: 0 }, end: { line: l.line - 1, character: 0 } };
    out.push({ range, command: { title: title(l.title, codicons), command: l.command, arguments: [a.uri, ...l.args] } });
    if (l.command === 'tw.debugScenario') {
      const variant = l.args[0] ?? null;
      out.push({ range, command: { title: title('$(search) Explore', codicons), command: EXPLORE_COMMAND, arguments: [a.uri, variant] } });
    }
  }
  return out;
}
