/**
 * The shape of a compiled function: `compile(call)` runs once per query and may look at
 * literal arguments (a LIKE pattern, a date_trunc unit); the returned kernel runs once per
 * batch over whole columns. Arguments arrive with the types the function contract lists
 * (docs/functions-contract.md), already cast by the binder.
 */
import type { BoundCall } from '@sluice/sql';
import type { EvalContext } from '../eval-context.js';
import type { Vec } from '../vec.js';

/** Computes one output column of `n` rows from the argument columns. */
export type Kernel = (args: readonly Vec[], ctx: EvalContext, n: number) => Vec;

/** Prepares a kernel for one call site. Throws EngineError for unsupported argument types. */
export type FunctionCompiler = (call: BoundCall) => Kernel;

/** Function name -> compiler, one table per family of functions. */
export type FunctionTable = Readonly<Record<string, FunctionCompiler>>;

/** The literal value of argument `k` when it is a constant, else undefined. */
export function literalArg(call: BoundCall, k: number): unknown {
  const arg = call.args[k];
  return arg && arg.kind === 'Literal' ? arg.value : undefined;
}

/** The scalar type name of argument `k` ('LIST' for arrays). */
export function argTypeName(call: BoundCall, k: number): string {
  const t = call.args[k]?.type;
  return !t ? 'NONE' : t.kind === 'scalar' ? t.name : 'LIST';
}
