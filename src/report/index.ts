// Reports for people, built from core and explore only: the commit-message race diagram (and
// what it needs: each step's C, the minimal set of steps of a race).
export { scheduleRun } from './scheduleSteps';
export type { ScheduleRun, ScheduleStep } from './scheduleSteps';
export { codeOfLabel, statements } from './labelCode';
export type { ListingLines } from './labelCode';
export { raceDiagram } from './diagram';
export type { DiagramOptions } from './diagram';
export { minimalRace } from './minimal';
export type { MinimalRace } from './minimal';
export { coverageTable, coverageLcov, statementLines, racingPairs, coverageMarks } from './coverage';
export type { VariantCoverage, CoverageMark } from './coverage';
export { timelineSvg } from './timelineSvg';
export { kindOf, markOf, lockSpans, spinSpans, ownViolations } from './timelineCells';
export type { CellStep, Span } from './timelineCells';
export type { TimelineTitle } from './timelineSvg';
export { diffSchedules, diffText, stateAfter, stateDifference } from './scheduleDiff';
export type { ScheduleDiff, DiffSide } from './scheduleDiff';
export { diagramOfSchedule } from './scheduleDiagram';
