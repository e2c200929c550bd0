/**
 * Binds a query: WITH, the body (SELECT, VALUES, a parenthesised query), and at the top level
 * ORDER BY / LIMIT / OFFSET, which the engine applies to the final rows.
 */
import type { OrderByItem } from '../ast/expr.js';
import type { CommonTableExpr, Query, QueryBody, ValuesBody } from '../ast/query.js';
import type { CatalogReader } from '../catalog/catalog.js';
import { type SourcePosition, SqlError } from '../errors.js';
import { type BoundExpr, inputRef } from '../plan/bound-expr.js';
import type { LogicalPlan } from '../plan/logical-plan.js';
import { typeEquals, typeName } from '../types/data-type.js';
import { field, schemaOf } from '../types/schema.js';
import { bindExpr } from './bind-expr.js';
import { type BindEnv, newEnv, type Relation } from './bind-env.js';
import { applyLimitInPlan, constantCount, limitNode } from './bind-limit.js';
import { bindSelect } from './bind-select.js';
import { withUserFunctions } from './user-functions.js';
import { sortOnWindowClose } from './bind-eowc-sort.js';
import { joinStateNotices } from './join-notices.js';
import { stateNotices } from './state-notices.js';
import { bindSetOperation } from './bind-set-operation.js';
import { commonType } from './coercion.js';
import { isUntyped } from './expr-origin.js';
import { makeValues } from './plan-nodes.js';
import { coerceTo, withPosition } from './resolve-call.js';
import { Scope } from './scope.js';
import { type OrderKey, resolveOrderBy, type SelectEntry } from './select-items.js';
import { unsupported } from './unsupported.js';

/** Options of `bindQuery`. */
export interface BindQueryOptions {
  /** the statement said EMIT ON WINDOW CLOSE (materialized views and sinks) */
  readonly emitOnWindowClose?: boolean;
  /**
   * the result is maintained (a materialized view or a sink): ORDER BY with LIMIT/OFFSET
   * becomes a TopN in the plan, ORDER BY alone is dropped, and `orderBy` comes back empty
   */
  readonly materialized?: boolean;
}

/**
 * A bound top-level query. The engine evaluates `plan`, then sorts the final rows by
 * `orderBy` (positions in the plan's output), skips `offset`, keeps `limit`, and shows only
 * the first `visibleColumns` columns (later ones exist only to sort by).
 */
export interface BoundQuery {
  readonly plan: LogicalPlan;
  readonly orderBy: readonly OrderKey[];
  readonly limit?: number;
  readonly offset?: number;
  readonly visibleColumns: number;
  /** messages for the user that did not stop binding */
  readonly notices: string[];
}

/**
 * Binds a top-level query against `catalog` (its user functions included). Throws SqlError
 * on any user error, always with a position (the query's start when nothing nearer is known).
 */
export function bindQuery(query: Query, catalog: CatalogReader, options: BindQueryOptions = {}): BoundQuery {
  return withUserFunctions(catalog.functions, () => withPosition(query.pos, () => bindTopLevelQuery(query, catalog, options)));
}

function bindTopLevelQuery(query: Query, catalog: CatalogReader, options: BindQueryOptions): BoundQuery {
  const env = newEnv(catalog);
  const bound = bindQueryIn(query, env, { emitOnWindowClose: options.emitOnWindowClose ?? false, topLevel: true });
  if (options.materialized) {
    const { plan } = applyLimitInPlan(query, bound);
    if (bound.orderBy.length > 0 && !query.limit && !query.offset) env.notices.push(IGNORED_ORDER_BY);
    return { plan, orderBy: [], visibleColumns: plan.schema.fields.length, notices: [...env.notices, ...planNotices(plan)] };
  }
  if (query.limitWithTies) {
    // the engine's final cut counts rows; ties need the ranks a TopN computes
    const plan = limitNode(query, bound);
    return { plan, orderBy: bound.orderBy, visibleColumns: bound.visibleColumns, notices: [...env.notices, ...planNotices(plan)] };
  }
  const limit = query.limit ? constantCount(query.limit, 'LIMIT') : undefined;
  const offset = query.offset ? constantCount(query.offset, 'OFFSET') : undefined;
  return {
    plan: bound.plan,
    orderBy: bound.orderBy,
    ...(limit !== undefined ? { limit } : {}),
    ...(offset !== undefined ? { offset } : {}),
    visibleColumns: bound.visibleColumns,
    notices: [...env.notices, ...planNotices(bound.plan)],
  };
}

/** Notices about the plan as a whole: join and operator state that grows without bound. */
function planNotices(plan: LogicalPlan): string[] {
  return [...joinStateNotices(plan), ...stateNotices(plan)];
}

/** Binds a query used as a relation (a subquery, view or CTE body). */
export function bindSubquery(query: Query, env: BindEnv): Relation {
  const bound = bindQueryIn(query, env, { emitOnWindowClose: false, topLevel: false });
  return applyLimitInPlan(query, bound);
}

const IGNORED_ORDER_BY = 'ORDER BY in a subquery or view has no effect on a stream and was ignored';

interface QueryMode {
  readonly emitOnWindowClose: boolean;
  readonly topLevel: boolean;
}

interface BoundBody extends Relation {
  readonly orderBy: OrderKey[];
  readonly visibleColumns: number;
}

function bindQueryIn(query: Query, outer: BindEnv, mode: QueryMode): BoundBody {
  const env = withCtes(outer, query.with);
  let orderItems = query.orderBy;
  // without LIMIT/OFFSET, the order of a subquery's rows is not observable
  // (except under DISTINCT ON, where it picks the row kept per key)
  const distinctOn = query.body.kind === 'Select' && (query.body.distinct?.on.length ?? 0) > 0;
  if (!mode.topLevel && orderItems.length > 0 && !query.limit && !query.offset && !distinctOn) {
    env.notices.push(IGNORED_ORDER_BY);
    orderItems = [];
  }
  const body = query.body;
  switch (body.kind) {
    case 'Select':
      return bindSelect(body, env, { emitOnWindowClose: mode.emitOnWindowClose, orderBy: orderItems });
    case 'Values':
      return orderOutput(sortIfEowc(bindValues(body, query.pos), mode, query.pos), orderItems);
    case 'Query': {
      if (orderItems.length === 0 && !query.limit && !query.offset) return bindQueryIn(body, env, mode);
      if (body.limit || body.offset) throw unsupported('LIMIT inside a parenthesised query that is ordered again', body.pos);
      const inner = bindQueryIn(body, env, { ...mode, topLevel: false });
      return orderOutput(inner, orderItems);
    }
    case 'SetOperation': {
      const bindBody = (b: QueryBody, e: BindEnv): Relation => bindSubquery({ kind: 'Query', with: [], body: b, orderBy: [] }, e);
      return orderOutput(sortIfEowc(bindSetOperation(body, env, bindBody, query.pos), mode, query.pos), orderItems);
    }
    default:
      return body satisfies never;
  }
}

function withCtes(env: BindEnv, ctes: readonly CommonTableExpr[]): BindEnv {
  if (ctes.length === 0) return env;
  const map = new Map(env.ctes);
  for (const cte of ctes) map.set(cte.name.toLowerCase(), cte);
  return { ...env, ctes: map };
}

/** A set operation or VALUES under EMIT ON WINDOW CLOSE: its rows are held until the watermark passes them. */
function sortIfEowc(rel: Relation, mode: QueryMode, pos: SourcePosition | undefined): Relation {
  return mode.emitOnWindowClose ? { ...rel, plan: sortOnWindowClose(rel.plan, pos) } : rel;
}

/** ORDER BY over a relation's output columns only (by name, ordinal, or a plain column). */
function orderOutput(rel: Relation, items: readonly OrderByItem[]): BoundBody {
  const entries: SelectEntry[] = rel.scope.columns.map((c, index) => ({ kind: 'column', index, name: c.name }));
  const exprs: BoundExpr[] = rel.scope.columns.map((c, i) => inputRef(i, c.type));
  const orderBy = resolveOrderBy(items, entries, exprs, (e) => bindExpr(e, { scope: rel.scope, clause: 'ORDER BY' }));
  if (exprs.length > entries.length) throw unsupported('ORDER BY expressions over VALUES or a parenthesised query', items[0]?.expr.pos);
  return { ...rel, orderBy, visibleColumns: entries.length };
}

/** `VALUES (...), (...)`: every row the same width, each column unified to a common type. */
export function bindValues(body: ValuesBody, pos: SourcePosition | undefined): Relation {
  const empty = new Scope([]);
  const rows = body.rows.map((row) => row.map((e) => bindExpr(e, { scope: empty, clause: 'VALUES' })));
  const width = rows[0]?.length ?? 0;
  body.rows.forEach((row, r) => {
    if (row.length !== width) throw new SqlError('wrong-column-count', `VALUES lists must all be the same length (row ${r + 1} has ${row.length}, expected ${width})`, row[0]?.pos ?? pos);
  });
  const types = Array.from({ length: width }, (_, c) => {
    const t = commonType(rows.map((row) => ({ type: row[c]!.type, untyped: isUntyped(row[c]!) })));
    if (!t) {
      // point at the first value whose type differs from the first row's
      const odd = rows.findIndex((row) => !typeEquals(row[c]!.type, rows[0]![c]!.type));
      throw new SqlError('type-mismatch', `VALUES column ${c + 1} mixes ${rows.map((row) => typeName(row[c]!.type)).join(', ')}`, body.rows[odd]?.[c]?.pos ?? pos);
    }
    return t;
  });
  const coerced = rows.map((row, r) => row.map((e, c) => coerceTo(e, types[c]!, body.rows[r]![c]!.pos ?? pos)));
  const names = types.map((_, c) => `column${c + 1}`);
  const schema = schemaOf(types.map((t, c) => field(names[c]!, t, coerced.some((row) => row[c]!.kind !== 'Literal' || row[c]!.value === null))));
  return { plan: makeValues(coerced, schema), scope: Scope.of(schema) };
}
