// Language server costs: diagnostics for a 1,000-line scenario, (1) the work the server does once
// the debounce fires (analyse + convert), and (2) over the protocol in-process, from didChange
// (debounce 0) to the publishDiagnostics notification. Goal: under 50 ms after the debounce.
import { Analysis } from '../src/lsp/analysis';
import { diagnosticsOf } from '../src/lsp/diagnostics';
import { compileSource } from '../src/lang';
import { initialize, startHarness } from '../test/lsp/harness';
import { fmt, medianTimes } from './util';

/** A clean scenario of about `lines` lines: works, callbacks and threads with real bodies. */
export function bigScenario(lines: number): string {
  const out = ['// generated for the language server benchmark', 'task T;', 'callback fa(cb) { }', 'callback fb(cb) { free(cb); }'];
  for (let i = 0; out.length < lines - 12; i++) {
    out.push(`work w${i} = ${i % 2 ? 'fa' : 'fb'};`, `thread t${i} {`, `    let r = task_work_add(T, w${i}, TWA_RESUME);`, '    if (r == 0) {',
      `        let c = task_work_cancel_func(T, fa);`, '        if (c != NULL) {', '            assert(!queued(c));', '        }', '    }',
      `    wait_until(runs(w${i}) >= 0);`, '}');
  }
  out.push('thread owner current(T) {', '    task_work_run();', '}', 'final {', '    assert(true);', '}');
  return `${out.join('\n')}\n`;
}

async function overProtocol(text: string, reps: number): Promise<number> {
  const h = startHarness({ debounceMs: 0 });
  await initialize(h);
  const uri = 'file:///bench/big.tw';
  const first = h.nextDiagnostics(uri);
  h.open(uri, text);
  await first;
  const times: number[] = [];
  for (let v = 2; v < reps + 2; v++) {
    const got = h.nextDiagnostics(uri);
    const t0 = process.hrtime.bigint();
    // Alternate a comment's text so each version is a real change of the document.
    void h.client.sendNotification('textDocument/didChange', { textDocument: { uri, version: v }, contentChanges: [{ range: { start: { line: 0, character: 3 }, end: { line: 0, character: 4 } }, text: v % 2 ? 'g' : 'G' }] });
    await got;
    times.push(Number(process.hrtime.bigint() - t0) / 1e6);
  }
  h.dispose();
  return times.sort((a, b) => a - b)[Math.floor(times.length / 2)] ?? 0;
}

export async function benchLsp(): Promise<void> {
  const text = bigScenario(1000);
  const lineCount = text.split('\n').length - 1;
  const errors = compileSource('big.tw', text).diagnostics.filter((d) => d.severity === 'error');
  if (errors.length) throw new Error(`the generated scenario does not compile: ${errors[0]?.message}`);
  const pure = medianTimes(21, () => { diagnosticsOf(new Analysis('file:///big.tw', text)); });
  const wire = await overProtocol(text, 21);
  console.log(`lsp: diagnostics of a ${lineCount}-line scenario (goal < 50 ms after the debounce)`);
  console.log(`  analyse + convert: median ${fmt(pure.wallMs, 1)} ms wall, ${fmt(pure.cpuMs, 1)} ms CPU (21 runs)`);
  console.log(`  didChange -> publishDiagnostics over the protocol (debounce 0): median ${fmt(wire, 1)} ms (21 edits)`);
}
