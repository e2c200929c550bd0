/**
 * Binds joins in FROM: `JOIN ... ON`, `USING (...)`, `NATURAL JOIN`, `CROSS JOIN`, INNER and
 * LEFT/RIGHT/FULL OUTER, `ASOF [LEFT] JOIN ... ON` (see join-node.ts), and the cross join of comma-separated FROM items (whose WHERE the
 * optimizer then merges into the join).
 *
 * Names follow PostgreSQL: both sides' columns stay visible, qualified by their table or
 * alias. A USING (or NATURAL) column appears once, unqualified, ahead of the other columns:
 * the left value for INNER and LEFT joins, the right one for RIGHT joins, and
 * `coalesce(left, right)` for FULL joins; `t.col` still reaches each side's own column.
 */
import type { FromItem, JoinItem, JoinType } from '../ast/query.js';
import { type SourcePosition, SqlError } from '../errors.js';
import { type BoundExpr, inputRef } from '../plan/bound-expr.js';
import type { Join, JoinKind } from '../plan/logical-plan.js';
import { T } from '../types/data-type.js';
import { bindExpr } from './bind-expr.js';
import type { BindEnv, Relation } from './bind-env.js';
import { conjoin } from './bound-expr-utils.js';
import { makeJoin } from './join-node.js';
import { makeProject } from './plan-nodes.js';
import { coerceTo, resolveCall } from './resolve-call.js';
import { Scope, type ScopeColumn } from './scope.js';

/** Binds one FROM item (the caller's `bindFromItem`, passed in to keep imports one-way). */
export type BindItem = (item: FromItem, env: BindEnv) => Relation;

/** Binds a JOIN item of the FROM clause. */
export function bindJoin(item: JoinItem, env: BindEnv, bindItem: BindItem): Relation {
  const left = bindItem(item.left, env);
  const right = bindItem(item.right, env);
  checkDistinctNames(left.scope, right.scope, item.pos);
  const kind = joinKind(item.joinType);
  const both = left.scope.concat(right.scope);
  if (item.on) {
    const condition = coerceTo(bindExpr(item.on, { scope: both, clause: 'JOIN/ON' }), T.boolean, item.on.pos ?? item.pos);
    return joined(makeJoin(kind, left.plan, right.plan, condition, item.on.pos ?? item.pos), both);
  }
  if (kind === 'asof' || kind === 'asof-left') {
    throw new SqlError('invalid-asof-join', 'ASOF JOIN needs an ON condition (USING and NATURAL are not supported)', item.pos,
      'write ON l.key = r.key AND l.ts >= r.ts');
  }
  const names = item.using ?? (item.natural ? commonNames(left.scope, right.scope) : []);
  if (names.length === 0) return joined(makeJoin(kind, left.plan, right.plan), both);
  return bindUsing(kind, left, right, names, item.pos);
}

/** The cross join of two comma-separated FROM items. */
export function crossJoin(left: Relation, right: Relation, pos: SourcePosition | undefined): Relation {
  checkDistinctNames(left.scope, right.scope, pos);
  return joined(makeJoin('inner', left.plan, right.plan), left.scope.concat(right.scope));
}

function joinKind(t: JoinType): JoinKind {
  switch (t) {
    case 'INNER':
    case 'CROSS':
      return 'inner';
    case 'LEFT':
      return 'left';
    case 'RIGHT':
      return 'right';
    case 'FULL':
      return 'full';
    case 'ASOF':
      return 'asof';
    case 'ASOF LEFT':
      return 'asof-left';
    default:
      return t satisfies never;
  }
}

/**
 * The join's relation: window bounds stay window bounds only on columns that kept their
 * watermark through the join, so an aggregate above closes windows only when it may.
 */
function joined(plan: Join, scope: Scope): Relation {
  const columns = scope.columns.map((c, i): ScopeColumn => {
    if (!c.windowBound || plan.props.watermarkColumns.includes(i)) return c;
    const { windowBound: _dropped, ...rest } = c;
    return rest;
  });
  return { plan, scope: new Scope(columns) };
}

/** PostgreSQL's rule: one FROM clause cannot name the same table or alias twice. */
function checkDistinctNames(left: Scope, right: Scope, pos: SourcePosition | undefined): void {
  const names = new Set(left.columns.flatMap((c) => (c.table ? [c.table] : [])));
  const clash = right.columns.find((c) => c.table !== undefined && names.has(c.table));
  if (clash) {
    throw new SqlError('duplicate-table-name', `table name '${clash.table}' is specified more than once`, pos,
      'give one of them an alias');
  }
}

/** NATURAL JOIN: the column names both sides have, in the left side's order. */
function commonNames(left: Scope, right: Scope): string[] {
  const visible = (s: Scope): string[] => s.columns.filter((c) => !c.hidden).map((c) => c.name.toLowerCase());
  const rightNames = new Set(visible(right));
  return [...new Set(visible(left).filter((n) => rightNames.has(n)))];
}

/**
 * `USING (names)`: the join on `l.name = r.name` for each name, then a projection putting the
 * merged columns first and keeping both sides' own columns (reachable only qualified).
 */
function bindUsing(kind: JoinKind, left: Relation, right: Relation, names: readonly string[], pos: SourcePosition | undefined): Relation {
  const width = left.scope.columns.length;
  const seen = new Set<string>();
  const pairs = names.map((name) => {
    const lower = name.toLowerCase();
    if (seen.has(lower)) throw new SqlError('duplicate-column', `column '${name}' appears more than once in the USING clause`, pos);
    seen.add(lower);
    const ref = { kind: 'ColumnRef' as const, name, pos };
    const l = resolveSide(left.scope, ref, 'left');
    const r = resolveSide(right.scope, ref, 'right');
    return { name: lower, l, r };
  });
  const conditions: BoundExpr[] = [];
  const merged: BoundExpr[] = [];
  for (const { l, r } of pairs) {
    const lRef = inputRef(l, left.scope.columns[l]!.type);
    const rRef = inputRef(width + r, right.scope.columns[r]!.type);
    const eq = resolveCall('equal', [lRef, rRef], pos, '=');
    conditions.push(eq);
    // the comparison coerced both sides to one type: the merged column takes it
    const [lc, rc] = eq.kind === 'Call' ? (eq.args as [BoundExpr, BoundExpr]) : [lRef, rRef];
    merged.push(kind === 'full' ? resolveCall('coalesce', [lc, rc], pos) : kind === 'right' ? rc : lc);
  }
  const join = joined(makeJoin(kind, left.plan, right.plan, conjoin(conditions)), left.scope.concat(right.scope));
  const usedLeft = new Set(pairs.map((p) => p.l));
  const usedRight = new Set(pairs.map((p) => width + p.r));
  const sides = join.scope.columns.map((c, i): ScopeColumn => (usedLeft.has(i) || usedRight.has(i) ? { ...c, hidden: true } : c));
  const exprs = [...merged, ...sides.map((c, i) => inputRef(i, c.type))];
  const outNames = [...pairs.map((p) => p.name), ...sides.map((c) => c.name)];
  const plan = makeProject(join.plan, exprs, outNames);
  const mergedColumns = merged.map((e, i): ScopeColumn => {
    const source = e.kind === 'InputRef' ? join.scope.columns[e.index] : undefined;
    return { name: pairs[i]!.name, type: e.type, ...(source?.windowBound ? { windowBound: source.windowBound } : {}) };
  });
  return { plan, scope: new Scope([...mergedColumns, ...sides]) };
}

/** The one visible column of `scope` named by `ref`, for USING. */
function resolveSide(scope: Scope, ref: { kind: 'ColumnRef'; name: string; pos: SourcePosition | undefined }, side: string): number {
  try {
    return scope.resolve(ref);
  } catch (e) {
    if (e instanceof SqlError && e.code === 'column-not-found') {
      throw new SqlError('column-not-found', `column '${ref.name}' specified in USING clause does not exist in ${side} table`, ref.pos);
    }
    throw e;
  }
}
