// `tw.server.explore`, executed by the server for any editor: explores every interleaving of a
// document under one variant (bounded in time, so a huge scenario cannot stall the server) and
// words the result as one message: the violations with their schedules, or that none was found.
import { compileSource, formatDiagnostic } from '../lang';
import { exploreProgramSync } from '../explore';
import { HISTORY_VARIANTS, variantByName } from '../model';

const EXPLORE_TIMEOUT_MS = 10_000;

export interface ExploreAnswer { ok: boolean; message: string }

export function exploreDocument(file: string, text: string, variant: string | null): ExploreAnswer {
  const { program, diagnostics } = compileSource(file, text, { releases: HISTORY_VARIANTS });
  if (!program) {
    const first = diagnostics.find((d) => d.severity === 'error');
    return { ok: false, message: `tw: cannot explore ${file}: ${first ? formatDiagnostic(file, first) : 'it does not compile'}` };
  }
  const r = exploreProgramSync(program, { variant: variantByName(variant ?? program.variant), timeoutMs: EXPLORE_TIMEOUT_MS });
  const cut = r.complete ? '' : ` (incomplete: ${r.stopped ?? 'sampling'})`;
  const head = `tw explore ${file} under ${r.variant}: ${r.executions} executions, ${r.outcomes.length} outcomes${cut}`;
  if (!r.violations.length) return { ok: true, message: `${head}; no violation` };
  const lines = r.violations.map((v) => `${v.kind}: ${v.message} — schedule "${v.schedule}"`);
  return { ok: false, message: `${head}\n${lines.join('\n')}` };
}
