/**
 * `VALUES` rows: constant expressions evaluated once into a delta (all inserts).
 */
import type { BoundExpr, Schema, SqlValue } from '@sluice/sql';
import { readValue } from '../arrow/column-reader.js';
import { deltaFromRows, type Delta } from '../delta.js';
import { compileExpr } from './compile-expr.js';
import { newEvalContext } from './eval-context.js';

const NO_COLUMNS: Schema = { fields: [] };

/** Evaluates each row's expressions (which reference no columns) into a delta of `schema`. */
export function evaluateValues(rows: readonly (readonly BoundExpr[])[], schema: Schema): Delta {
  const one: Delta = { schema: NO_COLUMNS, columns: [], length: 1, ops: null };
  const ctx = newEvalContext();
  const values: SqlValue[][] = rows.map((row) => row.map((e, c) => {
    const data = compileExpr(e, NO_COLUMNS).evaluate(one, ctx);
    return readValue(data, schema.fields[c]?.type ?? e.type, 0);
  }));
  return deltaFromRows(schema, values);
}
