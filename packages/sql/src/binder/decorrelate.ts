/**
 * Binds a subquery used as an expression (IN, EXISTS, a scalar subquery), decorrelating it
 * when it refers to the enclosing query.
 *
 * An uncorrelated subquery binds as it is. A correlated one must be a single SELECT whose
 * references to the outer query all sit in WHERE conditions of the form
 * `inner_expr = outer_expr` (AND-ed with conditions on the inner tables only, and, for a
 * scalar subquery, conditions on the outer query only: those become its `guard`). It is
 * rewritten into an uncorrelated SELECT that outputs the inner sides of those equalities
 * first — the keys the enclosing query joins on — and, when it aggregates, also groups by
 * them, so that each key gets its own aggregate row:
 *
 *   (SELECT sum(o.amount) FROM orders o WHERE o.cust = c.id AND o.ok)
 *   => keys [o.cust] = [c.id] over SELECT o.cust, sum(o.amount) FROM orders o WHERE o.ok GROUP BY o.cust
 */
import type { Expr } from '../ast/expr.js';
import type { Query, Select, SelectItem } from '../ast/query.js';
import { type SourcePosition, SqlError } from '../errors.js';
import type { BoundExpr } from '../plan/bound-expr.js';
import type { LogicalPlan } from '../plan/logical-plan.js';
import { joinAnd, someExprAst, splitAnd } from './ast-map.js';
import type { BindEnv } from './bind-env.js';
import { bindExpr } from './bind-expr.js';
import { bindFrom } from './bind-from.js';
import { bindSubquery } from './bind-query.js';
import { AGGREGATE_NAMES } from './function-registry.js';
import type { Scope } from './scope.js';
import { containsAggregate } from './select-items.js';
import { unsupported } from './unsupported.js';

/** A bound subquery: its plan, the join keys with the outer query, and its value columns. */
export interface DecorrelatedSubquery {
  readonly plan: LogicalPlan;
  /** key columns of `plan`, to equal `outerKeys` */
  readonly innerKeys: readonly number[];
  /** expressions over the outer scope */
  readonly outerKeys: readonly BoundExpr[];
  /** the subquery's own output columns in `plan` */
  readonly outputs: readonly number[];
  /** the names of those columns */
  readonly names: readonly string[];
  /** the subquery aggregates without GROUP BY: it yields one row per key even for no input rows */
  readonly globalAggregate: boolean;
  /**
   * AND-ed WHERE conditions over the outer query alone (`AND o.flag`): for an outer row where
   * it is not true the subquery has no rows, as for a key without a match. Only scalar
   * subqueries accept one (see bind-subquery-exprs.ts).
   */
  readonly guard?: Expr;
}

/** Binds `query`, a subquery of an expression over `outer`. */
export function bindExpressionSubquery(query: Query, outer: Scope, env: BindEnv, pos: SourcePosition | undefined): DecorrelatedSubquery {
  try {
    const rel = bindSubquery(query, env);
    const outputs = rel.plan.schema.fields.map((_, i) => i);
    return { plan: rel.plan, innerKeys: [], outerKeys: [], outputs, names: rel.scope.columns.map((c) => c.name), globalAggregate: isGlobalAggregate(query) };
  } catch (e) {
    if (!(e instanceof SqlError) || (e.code !== 'column-not-found' && e.code !== 'table-not-found')) throw e;
    const correlated = bindCorrelated(query, outer, env, pos);
    if (!correlated) throw e;
    return correlated;
  }
}

function isSubqueryExpr(e: Expr): boolean {
  return e.kind === 'ScalarSubquery' || e.kind === 'Exists' || e.kind === 'InSubquery';
}

function isGlobalAggregate(query: Query): boolean {
  const body = query.body;
  if (body.kind !== 'Select' || body.groupBy.length > 0) return false;
  const isAggregate = (name: string): boolean => AGGREGATE_NAMES.has(name);
  return body.having !== undefined || body.projection.some((item) => containsAggregate(item.expr, isAggregate));
}

/** The decorrelated form, or `undefined` when the subquery has no outer references in WHERE. */
function bindCorrelated(query: Query, outer: Scope, outerEnv: BindEnv, pos: SourcePosition | undefined): DecorrelatedSubquery | undefined {
  const select = query.body;
  if (select.kind !== 'Select' || !select.where) return undefined;
  const env = withCtes(outerEnv, query);
  const inner = bindFrom(select.from, env).scope;
  const local: Expr[] = [];
  const innerKeys: Expr[] = [];
  const outerKeys: BoundExpr[] = [];
  const guards: Expr[] = [];
  for (const conjunct of splitAnd(select.where)) {
    // a nested subquery is planned when the rewritten SELECT is bound; it may only be correlated with this one
    if (someExprAst(conjunct, isSubqueryExpr) || binds(conjunct, inner)) { local.push(conjunct); continue; }
    if (!readsInner(conjunct, inner) && binds(conjunct, outer)) { guards.push(conjunct); continue; }
    const pair = correlationPair(conjunct, inner, outer);
    if (!pair) {
      if (!binds(conjunct, inner.concat(outer))) return undefined; // a plain name error: report it as such
      throw unsupported('correlated subquery conditions other than equalities between an inner and an outer expression', conjunct.pos ?? pos);
    }
    innerKeys.push(pair.inner);
    outerKeys.push(pair.outer);
  }
  if (innerKeys.length === 0 && guards.length === 0) return undefined;
  const global = isGlobalAggregate(query);
  const grouped = global || select.groupBy.length > 0;
  const keyItems: SelectItem[] = innerKeys.map((expr, i) => ({ expr, alias: `_key_${i}` }));
  const where = joinAnd(local);
  const rewritten: Select = {
    ...select,
    projection: [...keyItems, ...select.projection],
    ...(where ? { where } : { where: undefined }),
    groupBy: grouped ? [...select.groupBy, ...innerKeys] : select.groupBy,
  };
  const rel = bindSubquery({ ...query, body: rewritten, orderBy: [] }, outerEnv);
  const width = rel.plan.schema.fields.length;
  const outputs = Array.from({ length: width - innerKeys.length }, (_, i) => innerKeys.length + i);
  return {
    plan: rel.plan,
    innerKeys: innerKeys.map((_, i) => i),
    outerKeys,
    outputs,
    names: outputs.map((c) => rel.scope.columns[c]!.name),
    globalAggregate: global,
    ...(guards.length > 0 ? { guard: joinAnd(guards)! } : {}),
  };
}

/** `a = b` with one side over the inner scope and the other over the outer one. */
function correlationPair(conjunct: Expr, inner: Scope, outer: Scope): { inner: Expr; outer: BoundExpr } | undefined {
  if (conjunct.kind !== 'Binary' || conjunct.op !== '=') return undefined;
  for (const [a, b] of [[conjunct.left, conjunct.right], [conjunct.right, conjunct.left]] as const) {
    if (!binds(a, inner) || readsInner(b, inner)) continue;
    const bound = tryBind(b, outer);
    if (bound) return { inner: a, outer: bound };
  }
  return undefined;
}

/**
 * Whether a column `expr` names resolves in the inner scope: there it shadows a column of the
 * same name in the outer query (`WHERE p.key = ps_key` inside a subquery over `partsupp`, in a
 * query that reads `partsupp` too, compares with the inner `ps_key`).
 */
function readsInner(expr: Expr, inner: Scope): boolean {
  return someExprAst(expr, (e) => e.kind === 'ColumnRef' && binds(e, inner));
}

function binds(expr: Expr, scope: Scope): boolean {
  return tryBind(expr, scope) !== undefined;
}

function tryBind(expr: Expr, scope: Scope): BoundExpr | undefined {
  try {
    return bindExpr(expr, { scope, clause: 'WHERE' });
  } catch (e) {
    if (e instanceof SqlError && (e.code === 'column-not-found' || e.code === 'table-not-found' || e.code === 'ambiguous-column')) return undefined;
    throw e;
  }
}

function withCtes(env: BindEnv, query: Query): BindEnv {
  if (query.with.length === 0) return env;
  const ctes = new Map(env.ctes);
  for (const cte of query.with) ctes.set(cte.name.toLowerCase(), cte);
  return { ...env, ctes };
}
