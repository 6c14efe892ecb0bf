// Text and JUnit renderings of exploration results: a summary table, each violation with its
// schedule, the deciding race and the exact `tw run` command that replays it.
import { ExploreResult, ExploreViolation, ExpectationVerdict } from '../explore';

export interface FileReport {
  file: string;
  /** Variant -> result, in exploration order. */
  results: [string, ExploreResult][];
  verdicts: ExpectationVerdict[];
}

function pad(s: string | number, n: number): string { return String(s).padEnd(n); }
function rpad(s: string | number, n: number): string { return String(s).padStart(n); }

/** `'a*3 b'` quoted for a POSIX shell. */
function shellQuote(s: string): string { return `'${s.replace(/'/g, `'\\''`)}'`; }

export function reportText(r: FileReport): string[] {
  const lines = [`${r.file}`];
  lines.push(`  ${pad('variant', 26)}${pad('strategy', 10)}${rpad('executions', 11)}${rpad('states', 9)}${rpad('pruned', 9)}${rpad('ms', 8)}  violations`);
  for (const [variant, x] of r.results) {
    const kinds = x.violations.map((v) => v.kind).join(', ') || 'none';
    const cut = x.complete ? '' : ` (incomplete: ${x.stopped ?? 'sampling'})`;
    lines.push(`  ${pad(variant, 26)}${pad(x.strategy, 10)}${rpad(x.executions, 11)}${rpad(x.states, 9)}${rpad(x.pruned, 9)}${rpad(Math.round(x.timeMs), 8)}  ${kinds}${cut}`);
  }
  for (const [variant, x] of r.results) {
    for (const v of x.violations) {
      lines.push(`  ${v.kind} under ${variant}: ${v.message}`);
      lines.push(`    schedule (${v.steps} steps, ${v.preemptions} preemption(s)${v.minimal ? ', minimal' : ''}): ${v.schedule}`);
      if (v.explanation) lines.push(`    race: ${v.explanation}`);
      lines.push(`    replay: ${replayCommand(r.file, variant, v, x)}`);
    }
  }
  for (const v of r.verdicts) lines.push(`  ${v.status === 'pass' ? 'PASS' : v.status.toUpperCase()} ${v.message}`);
  return lines;
}

/** The `tw run` command that shows v: its schedule (none when v happens before any step), and the
 * explorer's step bound for a step-limit, which depends on it. */
export function replayCommand(file: string, variant: string, v: ExploreViolation, x: ExploreResult): string {
  const schedule = v.schedule ? ` --schedule ${shellQuote(v.schedule)}` : '';
  const bound = v.kind === 'step-limit' && x.maxSteps !== undefined ? ` --max-steps ${x.maxSteps}` : '';
  return `tw run ${file} --variant ${variant}${schedule}${bound}`;
}

function xml(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

/** One testsuite per file, one testcase per declared expectation (or per explored variant). */
export function reportJunit(reports: readonly FileReport[]): string {
  const suites = reports.map((r) => {
    const cases = r.verdicts.length > 0
      ? r.verdicts.map((v) => ({ name: `expect ${v.variant}`, fail: v.status === 'pass' ? '' : v.message }))
      : r.results.map(([variant, x]) => ({ name: `explore ${variant}`, fail: x.violations.map((v) => `${v.kind}: ${v.schedule}`).join('\n') }));
    const time = r.results.reduce((a, [, x]) => a + x.timeMs, 0) / 1000;
    const body = cases.map((c) => `    <testcase classname="${xml(r.file)}" name="${xml(c.name)}">${c.fail ? `<failure message="${xml(c.fail.split('\n')[0] ?? '')}">${xml(c.fail)}</failure>` : ''}</testcase>`);
    const failures = cases.filter((c) => c.fail).length;
    return `  <testsuite name="${xml(r.file)}" tests="${cases.length}" failures="${failures}" time="${time.toFixed(3)}">\n${body.join('\n')}\n  </testsuite>`;
  });
  return `<?xml version="1.0" encoding="UTF-8"?>\n<testsuites>\n${suites.join('\n')}\n</testsuites>\n`;
}
