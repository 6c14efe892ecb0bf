// Which CodeLenses a scenario gets (pure): "Debug" above the scenario and under each expected
// variant, "Debug this schedule" above each named schedule (and under each variant that breaks).
import { ScenarioIndex } from './scenarioIndex';

export interface LensSpec {
  /** 1-based line the lens sits above. */
  line: number;
  title: string;
  tooltip: string;
  command: 'tw.debugScenario' | 'tw.debugSchedule';
  /** Arguments after the document URI: variant (or null for the file's own), then the schedule name. */
  args: (string | null)[];
}

export function lensesFor(index: ScenarioIndex): LensSpec[] {
  const out: LensSpec[] = [];
  if (index.firstLine === null) return out;
  const own = index.variant ?? 'mainline';
  // An `expect` for the file's own variant already carries that lens; otherwise one goes on top.
  if (!index.expects.some((e) => e.variant === own)) {
    out.push({ line: index.firstLine, title: '$(debug-alt) Debug', tooltip: `Debug this scenario (variant ${own})`, command: 'tw.debugScenario', args: [null] });
  }
  for (const e of index.expects) {
    out.push({ line: e.range.line, title: `$(debug-alt) Debug (${e.variant})`, tooltip: `Debug this scenario under variant ${e.variant}`, command: 'tw.debugScenario', args: [e.variant] });
  }
  const broken = index.expects.filter((e) => !e.ok && e.variant !== own);
  for (const s of index.schedules) {
    out.push({ line: s.range.line, title: '$(debug-alt) Debug this schedule', tooltip: `Replay "${s.text}" (variant ${own})`, command: 'tw.debugSchedule', args: [null, s.name] });
    for (const e of broken) {
      out.push({ line: s.range.line, title: `under ${e.variant}`, tooltip: `Replay "${s.text}" under variant ${e.variant}`, command: 'tw.debugSchedule', args: [e.variant, s.name] });
    }
  }
  return out;
}
