// herd7 C litmus tests run under the LKMM checker: parse, enumerate the allowed executions,
// answer Never / Sometimes / Always like herd7.
export { parseLitmus, documentedResult } from './parser';
export { runLitmus, resultText, agreement } from './outcome';
export { flagsAnswering } from '../lkmm';
export type { LitmusResult, Agreement } from './outcome';
export type { LitmusTest, Verdict } from './ast';
export { LitmusError, formatLitmusError } from './diagnostics';
export { forEachAllowed } from './enumerate';
export type { AllowedExecution } from './enumerate';
