/**
 * Binds UNION / EXCEPT / INTERSECT [ALL] [CORRESPONDING [BY (names)]]. Both sides are bound as
 * subqueries (with CORRESPONDING, narrowed to the columns matched by name), must have the
 * same number of columns, and are cast column by column to a common type (PostgreSQL's
 * rules; names come from the left side). Lowering:
 *
 *   UNION ALL            Union (nested UNION ALLs flatten into one node)
 *   UNION                Union -> Aggregate(every column, no aggregates)
 *   INTERSECT / EXCEPT   Union(left marked, right marked) -> Aggregate(every column;
 *                        count(*) FILTER left, count(*) FILTER right) -> Filter -> Project
 *   ... ALL              as above, but each row repeats least(l, r) (INTERSECT ALL) or
 *                        l - r (EXCEPT ALL) times, through generate_series
 *
 * Set operations compare NULLs as equal, which grouping does. Every form is incremental:
 * the per-row counts follow inserts and retractions on both sides.
 */
import type { QueryBody, SetOperation } from '../ast/query.js';
import { type SourcePosition, SqlError } from '../errors.js';
import { type AggregateCall, type BoundExpr, call, inputRef, literal } from '../plan/bound-expr.js';
import type { LogicalPlan } from '../plan/logical-plan.js';
import { T, typeName } from '../types/data-type.js';
import type { BindEnv, Relation } from './bind-env.js';
import { commonType } from './coercion.js';
import { makeAggregate, makeFilter, makeProject, makeProjectSet } from './plan-nodes.js';
import { makeUnion } from './relational-nodes.js';
import { coerceTo, resolveCall } from './resolve-call.js';
import { Scope } from './scope.js';

/** Binds a query body in its own scope (a subquery without ORDER BY). */
export type BindBody = (body: QueryBody, env: BindEnv) => Relation;

/** Binds `op`; `pos` is the query's position, for messages. */
export function bindSetOperation(op: SetOperation, env: BindEnv, bindBody: BindBody, queryPos: SourcePosition | undefined): Relation {
  // a set operation nested in another has no query of its own: point at its first operand
  const pos = queryPos ?? bodyPosition(op);
  let left = bindBody(op.left, env);
  let right = bindBody(op.right, env);
  if (op.corresponding) [left, right] = correspondingColumns(op, left, right, pos);
  const [l, r] = alignSides(op, left, right, pos);
  const names = left.scope.columns.map((c) => c.name);
  let plan: LogicalPlan;
  if (op.op === 'UNION') {
    const union = makeUnion([...unionInputs(l), ...unionInputs(r)]);
    plan = op.all ? union : distinctRows(union);
  } else {
    plan = countedSetOperation(op, l, r, names);
  }
  return { plan, scope: new Scope(plan.schema.fields.map((f, i) => ({ name: names[i]!, type: f.type }))) };
}

/**
 * `CORRESPONDING [BY (names)]`: each side narrowed to the named columns (without BY: the names
 * both sides have, in the left side's order), so that they line up by name.
 */
function correspondingColumns(op: SetOperation, left: Relation, right: Relation, pos: SourcePosition | undefined): [Relation, Relation] {
  const visible = (r: Relation): string[] => r.scope.columns.filter((c) => !c.hidden).map((c) => c.name.toLowerCase());
  const rightNames = new Set(visible(right));
  const names = op.corresponding?.by?.map((n) => n.toLowerCase()) ?? visible(left).filter((n) => rightNames.has(n));
  if (names.length === 0) {
    throw new SqlError('column-not-found', `${op.op} CORRESPONDING: the two sides have no column name in common`, pos);
  }
  const narrow = (side: Relation, which: string): Relation => {
    const columns = side.scope.columns;
    const positions = names.map((name) => {
      const found = columns.flatMap((c, i) => (!c.hidden && c.name.toLowerCase() === name ? [i] : []));
      if (found.length === 0) throw new SqlError('column-not-found', `column '${name}' of ${op.op} CORRESPONDING is not in the ${which} query`, pos);
      if (found.length > 1) throw new SqlError('ambiguous-column', `column '${name}' of ${op.op} CORRESPONDING appears more than once in the ${which} query`, pos);
      return found[0]!;
    });
    if (new Set(positions).size < positions.length) {
      throw new SqlError('duplicate-column', `${op.op} CORRESPONDING BY names a column more than once`, pos);
    }
    const plan = makeProject(side.plan, positions.map((i) => inputRef(i, side.plan.schema.fields[i]!.type)), positions.map((i) => columns[i]!.name));
    return { plan, scope: new Scope(positions.map((i) => ({ name: columns[i]!.name, type: columns[i]!.type }))) };
  };
  return [narrow(left, 'left'), narrow(right, 'right')];
}

/** Where a query body starts, if known. */
function bodyPosition(body: QueryBody): SourcePosition | undefined {
  switch (body.kind) {
    case 'Select':
    case 'Query':
      return body.pos;
    case 'SetOperation':
      return bodyPosition(body.left);
    case 'Values':
      return body.rows[0]?.[0]?.pos;
    default:
      return body satisfies never;
  }
}

/** A Union's inputs, so that `a UNION ALL b UNION ALL c` is one node. */
function unionInputs(plan: LogicalPlan): readonly LogicalPlan[] {
  return plan.kind === 'Union' ? plan.inputs : [plan];
}

/** Both sides with the same column count and types, named like the left side. */
function alignSides(op: SetOperation, left: Relation, right: Relation, pos: SourcePosition | undefined): [LogicalPlan, LogicalPlan] {
  const lf = left.plan.schema.fields;
  const rf = right.plan.schema.fields;
  if (lf.length !== rf.length) {
    throw new SqlError('wrong-column-count', `each ${op.op} query must have the same number of columns (${lf.length} and ${rf.length})`, pos);
  }
  const types = lf.map((f, c) => {
    const t = commonType([f, rf[c]!].map((x) => ({ type: x.type, untyped: false })));
    if (!t) throw new SqlError('type-mismatch', `${op.op} types ${typeName(f.type)} and ${typeName(rf[c]!.type)} cannot be matched (column ${c + 1})`, pos);
    // two NULL columns: PostgreSQL resolves the unknown type as text
    return t.kind === 'scalar' && t.name === 'NULL' ? T.varchar : t;
  });
  const names = lf.map((f) => f.name);
  const cast = (plan: LogicalPlan): LogicalPlan => {
    const fields = plan.schema.fields;
    if (fields.every((f, c) => typeName(f.type) === typeName(types[c]!) && f.name === names[c])) return plan;
    const exprs = fields.map((f, c) => coerceTo(inputRef(c, f.type), types[c]!, pos));
    return makeProject(plan, exprs, names);
  };
  return [cast(left.plan), cast(right.plan)];
}

/** Every distinct row of `input` once: a grouping by all columns with no aggregates. */
export function distinctRows(input: LogicalPlan): LogicalPlan {
  const keys = input.schema.fields.map((_, i) => i);
  return makeAggregate(input, { groupKeys: keys, aggregates: [], aggregateNames: [], emitOnWindowClose: false });
}

/** INTERSECT and EXCEPT, with or without ALL, through per-row counts of each side. */
function countedSetOperation(op: SetOperation, left: LogicalPlan, right: LogicalPlan, names: readonly string[]): LogicalPlan {
  const width = names.length;
  const marked = (plan: LogicalPlan, isLeft: boolean): LogicalPlan => makeProject(
    plan,
    [...plan.schema.fields.map((f, c) => inputRef(c, f.type)), literal(isLeft, T.boolean), literal(!isLeft, T.boolean)],
    [...names, '_in_left', '_in_right'],
  );
  const union = makeUnion([marked(left, true), marked(right, false)]);
  const count = (filter: number): AggregateCall => ({ kind: 'count_star', args: [], distinct: false, filter, type: T.bigint });
  const counted = makeAggregate(union, {
    groupKeys: names.map((_, i) => i),
    aggregates: [count(width), count(width + 1)],
    aggregateNames: ['left_count', 'right_count'],
    emitOnWindowClose: false,
  });
  const lc = inputRef(width, T.bigint);
  const rc = inputRef(width + 1, T.bigint);
  const columns = counted.schema.fields.slice(0, width).map((f, c) => inputRef(c, f.type));
  const zero = literal(0n, T.bigint);
  if (!op.all) {
    const keep = op.op === 'INTERSECT'
      ? call('and', [resolveCall('greater_than', [lc, zero], undefined), resolveCall('greater_than', [rc, zero], undefined)], T.boolean)
      : call('and', [resolveCall('greater_than', [lc, zero], undefined), resolveCall('equal', [rc, zero], undefined)], T.boolean);
    return makeProject(makeFilter(counted, keep), columns, names);
  }
  const times: BoundExpr = op.op === 'INTERSECT' ? resolveCall('least', [lc, rc], undefined) : resolveCall('subtract', [lc, rc], undefined);
  const repeated = makeProjectSet(
    counted,
    [...columns.map((expr) => ({ kind: 'scalar' as const, expr })), { kind: 'set' as const, fn: 'generate_series', args: [literal(1n, T.bigint), times] }],
    [...names, 'copy'],
    [T.bigint],
  );
  return makeProject(repeated, columns, names);
}
