/**
 * LIMIT / OFFSET that are part of a plan: in a subquery, a view or a sink, `ORDER BY ...
 * LIMIT n OFFSET m` keeps the first rows of a changing result, so it becomes a TopN over the
 * ORDER BY keys (no partitions), followed by a projection that drops the hidden ORDER BY
 * columns. (A top-level snapshot query sorts and cuts its final rows instead, except with
 * `FETCH ... WITH TIES`, which is a TopN there too.)
 */
import type { Expr } from '../ast/expr.js';
import type { Query } from '../ast/query.js';
import { SqlError } from '../errors.js';
import { inputRef } from '../plan/bound-expr.js';
import type { LogicalPlan } from '../plan/logical-plan.js';
import { bindExpr } from './bind-expr.js';
import type { Relation } from './bind-env.js';
import { evaluateConstant, NOT_CONSTANT } from './const-eval.js';
import { makeProject } from './plan-nodes.js';
import { Scope } from './scope.js';
import { unsupported } from './unsupported.js';
import type { OrderKey } from './select-items.js';
import { makeTopN } from './window-plan-nodes.js';

/** A bound query body: its plan, ORDER BY keys over its output, and how many columns are not hidden. */
export interface OrderedRelation extends Relation {
  readonly orderBy: readonly OrderKey[];
  readonly visibleColumns: number;
}

/**
 * The relation `query` denotes once its ORDER BY / LIMIT / OFFSET are applied in the plan:
 * a TopN when there is a LIMIT or OFFSET (an ORDER BY alone changes nothing in a
 * maintained result), and never any hidden columns.
 */
export function applyLimitInPlan(query: Query, bound: OrderedRelation): Relation {
  let plan = limitNode(query, bound);
  const width = plan.schema.fields.length;
  if (bound.visibleColumns >= width) return { plan, scope: bound.scope };
  const visible = plan.schema.fields.slice(0, bound.visibleColumns);
  plan = makeProject(plan, visible.map((f, i) => inputRef(i, f.type)), visible.map((f) => f.name));
  return { plan, scope: new Scope(bound.scope.columns.slice(0, bound.visibleColumns)) };
}

/**
 * `bound.plan` under a TopN for the query's LIMIT / OFFSET (hidden ORDER BY columns kept), or
 * as it is when there are none. `FETCH FIRST n ROWS WITH TIES` keeps rows ranked up to n.
 */
export function limitNode(query: Query, bound: OrderedRelation): LogicalPlan {
  const limit = query.limit ? constantCount(query.limit, 'LIMIT') : undefined;
  const offset = query.offset ? constantCount(query.offset, 'OFFSET') : undefined;
  if (limit === undefined && offset === undefined) return bound.plan;
  if (query.limitWithTies) {
    if (bound.orderBy.length === 0) throw new SqlError('invalid-limit', 'WITH TIES cannot be specified without ORDER BY clause', query.limit?.pos);
    if (offset) throw unsupported('OFFSET together with FETCH ... WITH TIES', query.offset?.pos);
  }
  return makeTopN(bound.plan, {
    partitionKeys: [], orderBy: bound.orderBy, rank: query.limitWithTies ? 'rank' : 'row_number', offset: offset ?? 0, emitOnWindowClose: false,
    ...(limit !== undefined ? { limit } : {}),
  });
}

/** A LIMIT or OFFSET: a constant non-negative integer; NULL means none. */
export function constantCount(expr: Expr, clause: string): number | undefined {
  const bound = bindExpr(expr, { scope: new Scope([]), clause });
  const value = evaluateConstant(bound);
  if (value === null) return undefined;
  const n = typeof value === 'bigint' ? Number(value) : value;
  if (value === NOT_CONSTANT || typeof n !== 'number' || !Number.isInteger(n) || n < 0) {
    throw new SqlError('invalid-limit', `${clause} must be a constant non-negative integer`, expr.pos);
  }
  return n;
}
