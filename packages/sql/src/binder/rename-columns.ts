/**
 * `CREATE MATERIALIZED VIEW v (a, b) AS query`: the view's columns take the listed names. The
 * list must name every column of the query, as in RisingWave.
 */
import { type SourcePosition, SqlError } from '../errors.js';
import { inputRef } from '../plan/bound-expr.js';
import type { LogicalPlan } from '../plan/logical-plan.js';
import { makeProject } from './plan-nodes.js';

/** `plan` with its columns named `names`; throws `wrong-column-count` when the counts differ. */
export function renameColumns(plan: LogicalPlan, names: readonly string[], pos: SourcePosition | undefined): LogicalPlan {
  const fields = plan.schema.fields;
  if (names.length !== fields.length) {
    throw new SqlError('wrong-column-count', `the column list has ${names.length} names for ${fields.length} columns of the query`, pos);
  }
  const seen = new Set<string>();
  for (const name of names) {
    if (seen.has(name.toLowerCase())) throw new SqlError('duplicate-column', `column '${name}' is listed twice`, pos);
    seen.add(name.toLowerCase());
  }
  return makeProject(plan, fields.map((f, i) => inputRef(i, f.type)), names);
}
