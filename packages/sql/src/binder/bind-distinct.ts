/**
 * SELECT DISTINCT and SELECT DISTINCT ON (...), around the binding of the plain SELECT:
 *
 * - DISTINCT groups the output rows by every column with no aggregates (a row is emitted
 *   while at least one copy of it exists). ORDER BY may only use output columns, as in
 *   PostgreSQL.
 * - DISTINCT ON (e1, e2) keeps one row per value of its expressions: the first by the
 *   ORDER BY that follows the DISTINCT ON keys, ties (and no ORDER BY) broken by all columns
 *   ascending so the choice is deterministic. It is a TopN with limit 1 partitioned by the
 *   keys; when the chosen row is retracted or a better one arrives, the output changes with
 *   it. Its expressions resolve like ORDER BY items (output names, ordinals, expressions).
 */
import type { OrderByItem } from '../ast/expr.js';
import type { Select } from '../ast/query.js';
import { SqlError } from '../errors.js';
import type { BindEnv } from './bind-env.js';
import type { BoundSelect, SelectOptions } from './bind-select.js';
import { distinctRows } from './bind-set-operation.js';
import { unsupported } from './unsupported.js';
import { makeTopN } from './window-plan-nodes.js';

/** Binds a SELECT that has DISTINCT or DISTINCT ON; `bindPlain` binds it without. */
export function bindDistinctSelect(
  select: Select, env: BindEnv, options: SelectOptions,
  bindPlain: (select: Select, env: BindEnv, options: SelectOptions) => BoundSelect,
): BoundSelect {
  const on = select.distinct?.on ?? [];
  const plain: Select = { ...select, distinct: undefined };
  if (options.emitOnWindowClose) throw unsupported('DISTINCT with EMIT ON WINDOW CLOSE', select.pos);
  if (on.length === 0) {
    const bound = bindPlain(plain, env, options);
    if (bound.plan.schema.fields.length > bound.visibleColumns) {
      throw new SqlError('invalid-distinct', 'for SELECT DISTINCT, ORDER BY expressions must appear in select list', options.orderBy[0]?.expr.pos ?? select.pos);
    }
    return { ...bound, plan: distinctRows(bound.plan) };
  }
  const keyItems: OrderByItem[] = on.map((expr) => ({ expr, direction: 'ASC' }));
  const bound = bindPlain(plain, env, { ...options, orderBy: [...keyItems, ...options.orderBy] });
  const keys = bound.orderBy.slice(0, on.length).map((k) => k.column);
  const order = bound.orderBy.slice(on.length);
  order.slice(0, on.length).forEach((k, i) => {
    if (!keys.includes(k.column)) {
      throw new SqlError('invalid-distinct', 'SELECT DISTINCT ON expressions must match initial ORDER BY expressions', options.orderBy[i]?.expr.pos ?? select.pos);
    }
  });
  const plan = makeTopN(bound.plan, {
    partitionKeys: [...new Set(keys)],
    orderBy: order,
    rank: 'row_number',
    offset: 0,
    limit: 1,
    emitOnWindowClose: false,
  });
  return { ...bound, plan, orderBy: order };
}
