/**
 * Kernels for calls of user scalar functions. A row function is called per row with JS
 * values (js-values.ts); a vectorized one once per batch with Arrow Vectors. Results are
 * checked against the declared type: a value that does not fit is EngineError
 * `udf-wrong-type`, never a corrupt column. A function that throws is `udf-failed` (or, with
 * `onError: 'null'`, a NULL counted as a problem). When the evaluating operator routes failed
 * rows (`ctx.rowErrors`, set from a source's `on_error`), a throw is recorded for its row
 * instead, and the row's value is NULL until the operator drops the row. This wrapper is the
 * only place that catches: built-in expressions are not involved.
 */
import * as arrow from 'apache-arrow';
import type { BoundCall, DataType, SqlValue } from '@sluice/sql';
import { typeName } from '@sluice/sql';
import { EngineError } from '../errors.js';
import type { EvalContext } from '../expr/eval-context.js';
import type { RowErrors } from '../expr/row-errors.js';
import type { Kernel } from '../expr/functions/kernel.js';
import { columnValues, vecFromValues } from '../expr/functions/row-map.js';
import { vecToData } from '../expr/vec-convert.js';
import type { Vec } from '../expr/vec.js';
import type { ScalarFunction, VectorizedFunction } from './function-types.js';
import { describe, fromJsValue, toJsValue } from './js-values.js';
import { engineFunction, type ScalarEntry } from './user-function-registry.js';

/** The kernel of a call of the user scalar function `call.fn`, bound to the engine in scope. */
export function compileUserScalar(call: BoundCall): Kernel {
  const entry = engineFunction(call.fn);
  if (entry.kind !== 'scalar') throw new EngineError('function-not-found', `${call.fn} is not a scalar function`);
  return entry.options.vectorized ? vectorizedKernel(entry) : rowKernel(entry);
}

function rowKernel(entry: ScalarEntry): Kernel {
  // the engine passes values of the declared types, which is what the signature promised
  const fn = entry.fn as ScalarFunction as (...values: unknown[]) => unknown;
  const valueOptions = { bigint: entry.options.bigint ?? false };
  return (args, ctx, n) => {
    const columns = args.map(columnValues);
    const out: SqlValue[] = new Array(n);
    const row: unknown[] = new Array(args.length);
    for (let i = 0; i < n; i++) {
      let hasNull = false;
      for (let k = 0; k < columns.length; k++) {
        const v = columns[k]![i]!;
        if (v === null) hasNull = true;
        row[k] = toJsValue(v, entry.args[k]!, valueOptions);
      }
      if (hasNull && !entry.options.callOnNull) {
        out[i] = null;
        continue;
      }
      out[i] = callOnce(entry, ctx, i, () => fn(...row));
    }
    return vecFromValues(entry.returns, out);
  };
}

function vectorizedKernel(entry: ScalarEntry): Kernel {
  const fn = entry.fn as VectorizedFunction as (...vectors: arrow.Vector[]) => ArrayLike<unknown> | arrow.Vector;
  return (args, ctx, n) => {
    const vectors = args.map((a) => arrow.makeVector(vecToData(a, ctx)));
    let get: (i: number) => unknown;
    try {
      get = resultReader(entry.name, fn(...vectors), n);
    } catch (error) {
      const rowErrors = ctx.rowErrors;
      if (!rowErrors || isTypeError(error)) throw failed(entry.name, error);
      // the batch call cannot say which rows failed: call once per row to find them
      get = rowByRow(entry, fn, vectors, n, rowErrors);
    }
    const out: SqlValue[] = new Array(n);
    const valid: readonly Vec[] = args;
    for (let i = 0; i < n; i++) {
      // a NULL argument gives NULL unless the function asked to see NULLs
      const hasNull = !entry.options.callOnNull && valid.some((v) => v.valid !== null && v.valid[i] === 0);
      out[i] = hasNull || ctx.rowErrors?.failures.has(i) ? null : checked(entry.name, entry.returns, get(i));
    }
    return vecFromValues(entry.returns, out);
  };
}

/** Reads the `n` values of a vectorized result; `udf-wrong-type` for a wrong length. */
function resultReader(name: string, result: ArrayLike<unknown> | arrow.Vector, n: number): (i: number) => unknown {
  const length = result instanceof arrow.Vector ? result.length : result?.length;
  if (length !== n) {
    throw new EngineError('udf-wrong-type', `function ${name} returned ${length ?? 'no'} values for ${n} rows`, 'user', { operator: `function ${name}` });
  }
  return result instanceof arrow.Vector ? (i: number) => result.get(i) : (i: number) => (result as ArrayLike<unknown>)[i];
}

/** A vectorized function called on one-row slices; rows whose call throws go to `rowErrors`. */
function rowByRow(
  entry: ScalarEntry, fn: (...vectors: arrow.Vector[]) => ArrayLike<unknown> | arrow.Vector,
  vectors: readonly arrow.Vector[], n: number, rowErrors: RowErrors,
): (i: number) => unknown {
  const values: unknown[] = new Array(n).fill(null);
  for (let i = 0; i < n; i++) {
    try {
      values[i] = resultReader(entry.name, fn(...vectors.map((v) => v.slice(i, i + 1))), 1)(0);
    } catch (error) {
      if (isTypeError(error)) throw error;
      rowErrors.record(i, failed(entry.name, error));
    }
  }
  return (i) => values[i];
}

/** A wrong result is a bug in the function, never routed as a bad row. */
function isTypeError(error: unknown): boolean {
  return error instanceof EngineError && error.code === 'udf-wrong-type';
}

/**
 * Calls `body` for row `row`, applies the error policy, and checks the result's type: a
 * throw is NULL with `onError: 'null'`, else recorded in `ctx.rowErrors` when the operator
 * routes failed rows, else `udf-failed`.
 */
function callOnce(entry: ScalarEntry, ctx: EvalContext, row: number, body: () => unknown): SqlValue {
  let result: unknown;
  try {
    result = body();
  } catch (error) {
    if (entry.options.onError === 'null') {
      ctx.problems.count++;
      return null;
    }
    if (!ctx.rowErrors) throw failed(entry.name, error);
    ctx.rowErrors.record(row, failed(entry.name, error));
    return null;
  }
  return checked(entry.name, entry.returns, result);
}

/** `value` as a SQL value of `type`, or EngineError `udf-wrong-type`. */
export function checked(name: string, type: DataType, value: unknown): SqlValue {
  if (typeof value === 'number' && Number.isNaN(value) && type.kind === 'scalar' && (type.name === 'DOUBLE' || type.name === 'REAL')) return value;
  if (value instanceof Promise) {
    throw new EngineError('udf-wrong-type', `function ${name} returned a Promise; user functions must be synchronous`, 'user', { operator: `function ${name}` });
  }
  const r = fromJsValue(value, type);
  if (!r.ok) {
    throw new EngineError('udf-wrong-type', `function ${name} returned ${describe(value)} where ${typeName(type)} was declared: ${r.reason}`, 'user', { operator: `function ${name}` });
  }
  return r.value;
}

/** EngineError `udf-failed` naming the function and its message. */
export function failed(name: string, error: unknown): EngineError {
  if (error instanceof EngineError && error.code.startsWith('udf-')) return error;
  const message = error instanceof Error ? error.message : String(error);
  return new EngineError('udf-failed', `function ${name} failed: ${message}`, 'user', { operator: `function ${name}`, cause: error });
}
