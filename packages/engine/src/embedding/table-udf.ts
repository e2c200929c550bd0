/**
 * User table functions as set-returning functions: for each input row, the function's values
 * become a run of output rows (like unnest). A NULL argument gives no rows; a throw is
 * `udf-failed`; a value of the wrong type is `udf-wrong-type`.
 */
import type { SqlValue } from '@sluice/sql';
import { EngineError } from '../errors.js';
import type { EvalContext } from '../expr/eval-context.js';
import { columnValues, vecFromValues } from '../expr/functions/row-map.js';
import { vecToData } from '../expr/vec-convert.js';
import type { Vec } from '../expr/vec.js';
import type { SetRuns } from '../expr/set-functions.js';
import { toJsValue } from './js-values.js';
import { checked, failed } from './scalar-udf.js';
import { engineFunction } from './user-function-registry.js';

/** Expands one batch: argument columns in, runs of output values out. */
export type UserSetExpander = (args: readonly Vec[], n: number, ctx: EvalContext) => SetRuns;

/** The expander of the user table function `name` of the engine in scope. */
export function compileUserSetFunction(name: string): UserSetExpander {
  const entry = engineFunction(name);
  if (entry.kind !== 'table') throw new EngineError('function-not-found', `${name} is not a table function`);
  const options = { bigint: entry.options.bigint ?? false };
  return (args, n, ctx) => {
    const columns = args.map(columnValues);
    const starts = new Int32Array(n);
    const lengths = new Int32Array(n);
    const all: SqlValue[] = [];
    for (let i = 0; i < n; i++) {
      starts[i] = all.length;
      const row = columns.map((c) => c[i]!);
      if (row.some((v) => v === null)) continue;
      let produced: Iterable<unknown>;
      try {
        produced = (entry.fn as (...values: unknown[]) => Iterable<unknown>)(...row.map((v, k) => toJsValue(v, entry.args[k]!, options)));
        if (produced === null || produced === undefined || typeof (produced as Iterable<unknown>)[Symbol.iterator] !== 'function') {
          throw new EngineError('udf-wrong-type', `table function ${name} must return an array or another iterable`, 'user', { operator: `function ${name}` });
        }
        for (const value of produced) all.push(checked(name, entry.returns, value));
      } catch (error) {
        throw failed(name, error);
      }
      lengths[i] = all.length - starts[i]!;
    }
    return { starts, lengths, child: vecToData(vecFromValues(entry.returns, all), ctx) };
  };
}
