/**
 * Subquery expressions in a SELECT, planned as joins before the SELECT's own expressions are
 * bound (the AST is rewritten so that the rest of the binder never sees a subquery):
 *
 * - an AND-ed WHERE condition `[NOT] EXISTS (q)` or `x [NOT] IN (q)` becomes a SemiJoin of the
 *   FROM relation with q (semi, anti, or null-aware anti for NOT IN), keyed by q's
 *   correlation equalities and, for IN, by x = q's column;
 * - a scalar subquery `(q)` in WHERE or in the select list of a non-grouped SELECT becomes
 *   a SingleJoin adding q's value as a hidden column, and the expression a reference to it.
 *   A bare count(...) of a subquery that aggregates without GROUP BY is wrapped in
 *   COALESCE(..., 0): a key with no rows has no aggregate row to join, and its count is 0.
 *   Conditions of the subquery's WHERE on the outer query alone (its guard) make the value
 *   `CASE WHEN guard THEN value END`, the value of a key with no rows where they fail.
 *
 * Hidden columns are appended after the FROM columns under names no query can spell, so
 * `*` (expanded over the FROM scope) never shows them.
 */
import type { Expr } from '../ast/expr.js';
import type { Query, Select, SelectItem } from '../ast/query.js';
import { type SourcePosition, SqlError } from '../errors.js';
import { type BoundExpr, inputRef } from '../plan/bound-expr.js';
import type { LogicalPlan, SemiJoinKind } from '../plan/logical-plan.js';
import { T, typeName } from '../types/data-type.js';
import { mapExprAst, someExprAst, splitAnd, joinAnd } from './ast-map.js';
import type { BindEnv, Relation } from './bind-env.js';
import { bindExpr } from './bind-expr.js';
import { commonType } from './coercion.js';
import { bindExpressionSubquery, type DecorrelatedSubquery } from './decorrelate.js';
import { isUntyped } from './expr-origin.js';
import { AGGREGATE_NAMES } from './function-registry.js';
import { makeProject } from './plan-nodes.js';
import { makeSemiJoin, makeSingleJoin } from './relational-nodes.js';
import { coerceTo } from './resolve-call.js';
import { Scope } from './scope.js';
import { containsAggregate, deriveName } from './select-items.js';
import { unsupported } from './unsupported.js';

/** A semi join's subquery may only refer to the outer query in equalities with its own columns. */
function unguarded(guard: Expr, pos: SourcePosition | undefined): SqlError {
  return unsupported('conditions on the outer query alone inside [NOT] EXISTS or IN (subquery)', guard.pos ?? pos);
}

/** A SELECT with its subquery expressions planned: the new input and the rewritten clauses. */
export interface PlannedSubqueries {
  /** the FROM relation, semi-joined and with hidden scalar columns appended */
  readonly from: Relation;
  readonly where?: Expr;
  readonly projection: readonly SelectItem[];
}

const isSubquery = (e: Expr): boolean => e.kind === 'ScalarSubquery' || e.kind === 'Exists' || e.kind === 'InSubquery';

/** Plans the subqueries of `select` over `from`; returns `from` and the clauses unchanged when there are none. */
export function planSubqueries(select: Select, from: Relation, env: BindEnv): PlannedSubqueries {
  const inWhere = select.where ? someExprAst(select.where, isSubquery) : false;
  const inList = select.projection.some((item) => someExprAst(item.expr, isSubquery));
  if (!inWhere && !inList) return { from, ...(select.where ? { where: select.where } : {}), projection: select.projection };
  const state = new SubqueryPlanner(from, env);
  let where: Expr | undefined;
  if (select.where) {
    const rest = splitAnd(select.where).filter((c) => !state.trySemiJoin(c));
    where = joinAnd(rest.map((c) => state.replaceScalars(c)));
  }
  let projection = select.projection;
  if (inList) {
    const isAggregate = (name: string): boolean => AGGREGATE_NAMES.has(name);
    const grouped = select.groupBy.length > 0 || select.having !== undefined || select.projection.some((i) => containsAggregate(i.expr, isAggregate));
    if (grouped) throw unsupported('subqueries in the select list of a grouped SELECT', select.pos);
    projection = select.projection.map((item) => ({ ...item, alias: item.alias ?? state.nameOf(item.expr), expr: state.replaceScalars(item.expr) }));
  }
  return { from: state.relation(), ...(where ? { where } : {}), projection };
}

class SubqueryPlanner {
  private plan: LogicalPlan;
  private scope: Scope;
  /** scalar subqueries already joined, by their AST node */
  private readonly scalars = new Map<Query, { column: Expr; name: string }>();

  constructor(from: Relation, private readonly env: BindEnv) {
    this.plan = from.plan;
    this.scope = from.scope;
  }

  relation(): Relation {
    return { plan: this.plan, scope: this.scope };
  }

  /** The column name PostgreSQL gives a select item: a scalar subquery is named by its column. */
  nameOf(expr: Expr): string {
    if (expr.kind === 'ScalarSubquery') return this.bindScalar(expr.query, expr.pos).name;
    return deriveName(expr);
  }

  /** Plans `conjunct` as a semi or anti join if it is `[NOT] EXISTS` or `[NOT] IN (subquery)`. */
  trySemiJoin(conjunct: Expr): boolean {
    let e = conjunct;
    let negated = false;
    while (e.kind === 'Unary' && e.op === 'NOT') { negated = !negated; e = e.operand; }
    if (e.kind === 'Exists') {
      const sub = bindExpressionSubquery(e.query, this.scope, this.env, e.pos);
      if (sub.guard) throw unguarded(sub.guard, e.pos);
      this.semiJoin(negated !== e.negated ? 'anti' : 'semi', sub, [], [], e.pos);
      return true;
    }
    if (e.kind === 'InSubquery') {
      const sub = bindExpressionSubquery(e.query, this.scope, this.env, e.pos);
      if (sub.guard) throw unguarded(sub.guard, e.pos);
      if (sub.outputs.length !== 1) throw new SqlError('wrong-column-count', `subquery has ${sub.outputs.length} columns; IN needs exactly one`, e.pos);
      const operand = bindExpr(e.operand, { scope: this.scope, clause: 'WHERE' });
      this.semiJoin(negated !== e.negated ? 'anti-null-aware' : 'semi', sub, [operand], [sub.outputs[0]!], e.pos);
      return true;
    }
    return false;
  }

  private semiJoin(kind: SemiJoinKind, sub: DecorrelatedSubquery, extraOuter: BoundExpr[], extraInner: number[], pos: SourcePosition | undefined): void {
    const width = this.plan.schema.fields.length;
    const { left, right, leftKeys, rightKeys } = this.alignKeys(sub, [...sub.outerKeys, ...extraOuter], [...sub.innerKeys, ...extraInner], pos);
    const joined = makeSemiJoin(kind, left, right, leftKeys, rightKeys);
    this.plan = left === this.plan ? joined : this.cut(joined, width);
  }

  /** Replaces each scalar subquery in `expr` with a reference to a hidden column holding its value. */
  replaceScalars(expr: Expr): Expr {
    return mapExprAst(expr, (e) => {
      if (e.kind === 'Exists') return this.existsAsCount(e.query, e.negated, e.pos);
      if (e.kind === 'InSubquery') throw unsupported('IN (subquery) other than as an AND-ed condition of WHERE', e.pos);
      if (e.kind !== 'ScalarSubquery') return undefined;
      const { column } = this.bindScalar(e.query, e.pos);
      return column;
    });
  }

  /**
   * EXISTS where it cannot be a semi join (under OR, in the select list): the number of
   * matching rows, as a scalar subquery, compared with 0.
   */
  private existsAsCount(query: Query, negated: boolean, pos: SourcePosition | undefined): Expr {
    const at = pos ? { pos } : {};
    const countStar: SelectItem = { expr: { kind: 'FunctionCall', name: 'count', args: [{ kind: 'Star', ...at }], distinct: false, ...at } };
    const body = query.body;
    const plainSelect = body.kind === 'Select' && !body.distinct && body.groupBy.length === 0 && !body.having &&
      !body.projection.some((i) => containsAggregate(i.expr, (name) => AGGREGATE_NAMES.has(name)));
    const counting: Query = plainSelect
      ? { ...query, body: { ...body, projection: [countStar] }, orderBy: [] }
      : { kind: 'Query', with: [], orderBy: [], body: { kind: 'Select', projection: [countStar], from: [{ kind: 'SubqueryRef', query, alias: '_exists' }], groupBy: [] } };
    const { column } = this.bindScalar(counting, pos);
    return { kind: 'Binary', op: negated ? '=' : '>', left: column, right: { kind: 'Literal', value: { type: 'number', text: '0' }, ...at }, ...at };
  }

  /** Joins a scalar subquery once (by its AST node) and returns the expression standing for it. */
  private bindScalar(query: Query, pos: SourcePosition | undefined): { column: Expr; name: string } {
    const known = this.scalars.get(query);
    if (known) return known;
    const sub = bindExpressionSubquery(query, this.scope, this.env, pos);
    if (sub.outputs.length !== 1) throw new SqlError('wrong-column-count', `subquery must return only one column, not ${sub.outputs.length}`, pos);
    const { left, right, leftKeys, rightKeys } = this.alignKeys(sub, sub.outerKeys, sub.innerKeys, pos);
    const width = this.plan.schema.fields.length;
    let joined: LogicalPlan = makeSingleJoin(left, right, leftKeys, rightKeys, [sub.outputs[0]!]);
    if (left !== this.plan) {
      // drop the computed key columns between the old columns and the new value
      const keep = [...Array.from({ length: width }, (_, i) => i), joined.schema.fields.length - 1];
      joined = makeProject(joined, keep.map((i) => inputRef(i, joined.schema.fields[i]!.type)), keep.map((i) => joined.schema.fields[i]!.name));
    }
    this.plan = joined;
    const hidden = `\u0000subquery_${this.scalars.size + 1}`;
    const type = joined.schema.fields[width]!.type;
    this.scope = this.scope.concat(new Scope([{ name: hidden, type }]));
    const value: Expr = { kind: 'ColumnRef', name: hidden, ...(pos ? { pos } : {}) };
    const ref: Expr = sub.guard ? { kind: 'Case', whens: [{ when: sub.guard, then: value }], ...(pos ? { pos } : {}) } : value;
    const item = query.body.kind === 'Select' ? query.body.projection[0]?.expr : undefined;
    const count = sub.globalAggregate && item?.kind === 'FunctionCall' && item.name.toLowerCase() === 'count';
    const column: Expr = count
      ? { kind: 'FunctionCall', name: 'coalesce', args: [ref, { kind: 'Literal', value: { type: 'number', text: '0' } }], distinct: false, ...(pos ? { pos } : {}) }
      : ref;
    const entry = { column, name: sub.names[0]! };
    this.scalars.set(query, entry);
    return entry;
  }

  /**
   * The current plan with the outer key expressions as columns (appended when they are not
   * plain columns) and the subquery plan with its keys cast to common types.
   */
  private alignKeys(sub: DecorrelatedSubquery, outer: readonly BoundExpr[], inner: readonly number[], pos: SourcePosition | undefined): {
    left: LogicalPlan; right: LogicalPlan; leftKeys: number[]; rightKeys: number[];
  } {
    const rightFields = sub.plan.schema.fields;
    const types = outer.map((o, i) => {
      const r = rightFields[inner[i]!]!.type;
      const t = commonType([{ type: o.type, untyped: isUntyped(o) }, { type: r, untyped: false }]);
      if (!t) throw new SqlError('type-mismatch', `cannot compare ${typeName(o.type)} with ${typeName(r)} in a subquery condition`, pos);
      return t.kind === 'scalar' && t.name === 'NULL' ? T.varchar : t;
    });
    const outerExprs = outer.map((o, i) => coerceTo(o, types[i]!, pos));
    const width = this.plan.schema.fields.length;
    let left = this.plan;
    const leftKeys: number[] = [];
    const extra: BoundExpr[] = [];
    for (const e of outerExprs) {
      if (e.kind === 'InputRef') leftKeys.push(e.index);
      else leftKeys.push(width + extra.push(e) - 1);
    }
    if (extra.length > 0) {
      const all = [...this.plan.schema.fields.map((f, i) => inputRef(i, f.type)), ...extra];
      left = makeProject(this.plan, all, [...this.plan.schema.fields.map((f) => f.name), ...extra.map((_, i) => `_outer_key_${i}`)]);
    }
    let right = sub.plan;
    const rightKeys = [...inner];
    if (inner.some((c, i) => typeName(rightFields[c]!.type) !== typeName(types[i]!))) {
      const exprs = rightFields.map((f, c) => {
        const at = inner.indexOf(c);
        return at >= 0 ? coerceTo(inputRef(c, f.type), types[at]!, pos) : inputRef(c, f.type);
      });
      right = makeProject(sub.plan, exprs, rightFields.map((f) => f.name));
    }
    return { left, right, leftKeys, rightKeys };
  }

  /** `plan` keeping its first `width` columns. */
  private cut(plan: LogicalPlan, width: number): LogicalPlan {
    const fields = plan.schema.fields.slice(0, width);
    return makeProject(plan, fields.map((f, i) => inputRef(i, f.type)), fields.map((f) => f.name));
  }
}
