// The machines explores run on, kept per program: exploring a program again (the editor's checks,
// the expectations of a file, a benchmark) reuses the machine of the last explore with the same
// variant and limits instead of building its listing executor and running setup again. Under a
// listing variant that setup is a good part of a small scenario's explore. A machine carries no
// state from one step to the next (each step binds its state afresh), so explores that take turns
// on the event loop can share one.
import { Limits, DEFAULT_LIMITS, Machine, Program, Variant, findVariant } from '../core';
import { fastPath } from '../core/listingFast';

/** Machines kept per program: a few variants and limits at once (a file's expectations name several). */
const KEPT = 4;

interface Kept { variant: Variant; limits: Limits; fast: boolean; m: Machine }

const byProgram = new WeakMap<Program, Kept[]>();

/** A machine for `program` under `variant` with `limits` (sequential consistency, the plain memory). */
export function machineFor(program: Program, variant: string | Variant, limits: Partial<Limits>): Machine {
  const v = typeof variant === 'string' ? findVariant(variant) : variant;
  // An unknown name: the Machine says so (validateOptions has usually said it first).
  if (!v) return new Machine(program, variant, limits);
  const full: Limits = { ...DEFAULT_LIMITS, ...limits };
  // The differential test turns the generated code off: a machine made with it on is not the same machine.
  const fast = fastPath.enabled;
  let kept = byProgram.get(program);
  const hit = kept?.find((k) => k.variant === v && k.fast === fast && sameLimits(k.limits, full));
  if (hit) return hit.m;
  const m = new Machine(program, v, full);
  if (!kept) byProgram.set(program, kept = []);
  kept.unshift({ variant: v, limits: full, fast, m });
  if (kept.length > KEPT) kept.length = KEPT;
  return m;
}

function sameLimits(a: Limits, b: Limits): boolean {
  return a.maxSteps === b.maxSteps && a.maxLoopIterations === b.maxLoopIterations;
}
