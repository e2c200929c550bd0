/**
 * Binds DELETE and UPDATE on a table. Both become a query over the table's current rows
 * (the WHERE clause binds as a SELECT's would, subqueries included), which the engine runs
 * as a snapshot and turns into the change it applies to the table:
 *
 * - DELETE: the plan yields the rows to delete, in the table's full schema.
 * - UPDATE: the plan yields, per matched row, its old values then its new values (twice the
 *   table's columns); SET values get INSERT's assignment casts.
 *
 * RETURNING binds as `SELECT items FROM t [alias]`: the engine evaluates it over the deleted
 * rows (DELETE) or the new rows (UPDATE) in place of the table's contents.
 */
import type { Expr } from '../ast/expr.js';
import type { Query, SelectItem } from '../ast/query.js';
import type { Assignment, DeleteStatement, UpdateStatement } from '../ast/statement.js';
import type { CatalogObject, CatalogReader } from '../catalog/catalog.js';
import { SqlError, type SourcePosition } from '../errors.js';
import { type BoundExpr, inputRef } from '../plan/bound-expr.js';
import type { LogicalPlan } from '../plan/logical-plan.js';
import { assignCast } from './bind-insert.js';
import { type BoundQuery, bindQuery } from './bind-query.js';
import { makeProject } from './plan-nodes.js';
import { didYouMean } from './suggest.js';

/** A bound DELETE or UPDATE; see the file comment for the shape of `plan`'s rows. */
export interface BoundModify {
  readonly kind: 'delete' | 'update';
  /** the table's name as in the catalog */
  readonly table: string;
  readonly plan: LogicalPlan;
  /** RETURNING: a query over a Scan of `table`, to run over the changed rows instead */
  readonly returning?: BoundQuery;
}

/** Binds a DELETE. Throws `table-not-found`, `wrong-object-type`, `append-only-table`, binding errors of the WHERE clause. */
export function bindDelete(stmt: DeleteStatement, catalog: CatalogReader): BoundModify {
  const object = modifiableTable(stmt.table, 'DELETE', catalog, stmt.pos);
  const bound = bindQuery(selectFrom(stmt, [{ expr: { kind: 'Star', pos: stmt.pos } }], stmt.where), catalog);
  const width = object.schema.fields.length;
  const plan = firstColumns(bound.plan, width);
  return withReturning({ kind: 'delete', table: object.name, plan }, stmt, catalog);
}

/** Binds an UPDATE. Throws as `bindDelete`, and `column-not-found`, `duplicate-column`, `type-mismatch`, `not-null-violation` for SET. */
export function bindUpdate(stmt: UpdateStatement, catalog: CatalogReader): BoundModify {
  const object = modifiableTable(stmt.table, 'UPDATE', catalog, stmt.pos);
  const targets = assignedColumns(stmt.assignments, object, stmt.pos);
  const items: SelectItem[] = [
    { expr: { kind: 'Star', pos: stmt.pos } },
    ...stmt.assignments.map((a) => ({ expr: a.value })),
  ];
  const bound = bindQuery(selectFrom(stmt, items, stmt.where), catalog);
  const fields = object.schema.fields;
  const width = fields.length;
  // `SELECT *, values...` binds to a Project: cast its value expressions themselves, so an
  // untyped literal ('2024-01-01', NULL) takes its column's type as in INSERT ... VALUES
  const top = bound.plan.kind === 'Project' ? bound.plan : null;
  const input = top ? top.input : bound.plan;
  const column = (i: number): BoundExpr => (top ? top.exprs[i]! : inputRef(i, bound.plan.schema.fields[i]!.type));
  const oldValues = fields.map((_, c) => column(c));
  const newValues = fields.map((f, c): BoundExpr => {
    const at = targets.indexOf(c);
    if (at < 0) return column(c);
    const assignment = stmt.assignments[at]!;
    return assignCast(column(width + at), f, assignment.value.pos ?? assignment.pos ?? stmt.pos);
  });
  const names = [...fields.map((f) => f.name), ...fields.map((f) => `new_${f.name}`)];
  const plan = makeProject(input, [...oldValues, ...newValues], names);
  return withReturning({ kind: 'update', table: object.name, plan }, stmt, catalog);
}

function modifiableTable(name: string, verb: string, catalog: CatalogReader, pos: SourcePosition): CatalogObject {
  const object = catalog.get(name);
  if (!object) {
    const hint = didYouMean(name, catalog.list().filter((o) => o.kind === 'table').map((o) => o.name));
    throw new SqlError('table-not-found', `table '${name}' does not exist`, pos, hint);
  }
  if (object.kind !== 'table') {
    throw new SqlError('wrong-object-type', `cannot ${verb} ${object.kind.replace('-', ' ')} '${object.name}'`, pos, `${verb} changes tables`);
  }
  if (object.appendOnly) {
    throw new SqlError('append-only-table', `cannot ${verb} the APPEND ONLY table '${object.name}'`, pos,
      'an append-only table only accepts INSERT; create it without APPEND ONLY to change its rows');
  }
  return object;
}

/** `SELECT items FROM table [alias] [WHERE where]` */
function selectFrom(stmt: DeleteStatement | UpdateStatement, projection: readonly SelectItem[], where: Expr | undefined): Query {
  const from = { kind: 'TableRef' as const, name: stmt.table, pos: stmt.pos, ...(stmt.alias !== undefined ? { alias: stmt.alias } : {}) };
  return {
    kind: 'Query', with: [], orderBy: [], pos: stmt.pos,
    body: { kind: 'Select', projection, from: [from], groupBy: [], pos: stmt.pos, ...(where ? { where } : {}) },
  };
}

/** The first `width` columns of `plan` (subqueries in WHERE may leave hidden columns after them). */
function firstColumns(plan: LogicalPlan, width: number): LogicalPlan {
  if (plan.schema.fields.length === width) return plan;
  const fields = plan.schema.fields.slice(0, width);
  return makeProject(plan, fields.map((f, i) => inputRef(i, f.type)), fields.map((f) => f.name));
}

function assignedColumns(assignments: readonly Assignment[], object: CatalogObject, pos: SourcePosition): number[] {
  const fields = object.schema.fields;
  const seen = new Set<number>();
  return assignments.map((a) => {
    const index = fields.findIndex((f) => f.name.toLowerCase() === a.column.toLowerCase());
    if (index < 0) {
      const hint = didYouMean(a.column, fields.map((f) => f.name));
      throw new SqlError('column-not-found', `column '${a.column}' of table '${object.name}' does not exist`, a.pos ?? pos, hint);
    }
    if (seen.has(index)) throw new SqlError('duplicate-column', `column '${a.column}' is assigned twice`, a.pos ?? pos);
    seen.add(index);
    return index;
  });
}

function withReturning(bound: BoundModify, stmt: DeleteStatement | UpdateStatement, catalog: CatalogReader): BoundModify {
  if (!stmt.returning) return bound;
  return { ...bound, returning: bindQuery(selectFrom(stmt, stmt.returning, undefined), catalog) };
}
