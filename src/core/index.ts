// The queue core's public surface: everything other layers may import from src/core.
export * from './program';
export * from './state';
export * from './context';
export * from './footprint';
export * from './variants';
export * from './schedule';
export * from './machine';
export * from './runner';
export * from './trace';
export { evalExpr, exprReads, binary, isLocalExpr } from './expr';
export { resumeStart } from './opRun';
export { codeLabel, waitCondition } from './codeStep';
export { cloneState } from './state';
export { outcomeText } from './outcome';
export * from './address';
export * from './memoryPort';
export { runFinalCode } from './endChecks';
export { setupLimitText, setupBlockedText } from './initial';
