/**
 * Binds INSERT INTO t [(cols)] VALUES ... | SELECT ...: the plan's output has the table's full
 * schema, in order, with unlisted columns NULL and every value cast to its column's type
 * (PostgreSQL's assignment casts: implicit widening, numeric narrowing, anything to text).
 */
import type { InsertStatement } from '../ast/statement.js';
import type { CatalogObject, CatalogReader } from '../catalog/catalog.js';
import { type SourcePosition, SqlError } from '../errors.js';
import { type BoundExpr, inputRef, literal } from '../plan/bound-expr.js';
import type { LogicalPlan } from '../plan/logical-plan.js';
import { type DataType, isNumeric, isScalar, typeEquals, typeName } from '../types/data-type.js';
import type { Field } from '../types/schema.js';
import { bindExpr } from './bind-expr.js';
import { bindQuery } from './bind-query.js';
import { withUserFunctions } from './user-functions.js';
import { canExplicitCast, implicitCastCost } from './coercion.js';
import { isUntyped } from './expr-origin.js';
import { makeProject, makeValues } from './plan-nodes.js';
import { withPosition } from './resolve-call.js';
import { Scope } from './scope.js';
import { didYouMean } from './suggest.js';
import { unsupported } from './unsupported.js';
import { castValue } from './value-cast.js';

/** A bound INSERT: the table's name as in the catalog and rows matching its full schema. */
export interface BoundInsert {
  readonly table: string;
  readonly plan: LogicalPlan;
}

/** Binds an INSERT. Throws `table-not-found`, `column-not-found`, `wrong-column-count`, `type-mismatch`, ... */
export function bindInsert(stmt: InsertStatement, catalog: CatalogReader): BoundInsert {
  return withUserFunctions(catalog.functions, () => bindInsertIn(stmt, catalog));
}

function bindInsertIn(stmt: InsertStatement, catalog: CatalogReader): BoundInsert {
  const object = catalog.get(stmt.table);
  if (!object) {
    const hint = didYouMean(stmt.table, catalog.list().filter((o) => o.kind === 'table').map((o) => o.name));
    throw new SqlError('table-not-found', `table '${stmt.table}' does not exist`, stmt.pos, hint);
  }
  if (object.kind !== 'table') {
    throw new SqlError('wrong-object-type', `cannot INSERT into ${object.kind.replace('-', ' ')} '${object.name}'`, stmt.pos, 'INSERT writes to tables');
  }
  const targets = targetColumns(stmt, object);
  const fields = object.schema.fields;
  const body = stmt.source.body;
  if (body.kind === 'Values' && stmt.source.orderBy.length === 0 && !stmt.source.limit) {
    const empty = new Scope([]);
    const rows = body.rows.map((row, r) => {
      if (row.length !== targets.length) throw columnCount(targets.length, row.length, row[0]?.pos ?? stmt.pos, r + 1);
      const values = row.map((e) => bindExpr(e, { scope: empty, clause: 'VALUES' }));
      return fields.map((f, c) => {
        const at = targets.indexOf(c);
        return at < 0 ? literal(null, f.type) : assignCast(values[at]!, f, row[at]!.pos ?? stmt.pos);
      });
    });
    return { table: object.name, plan: makeValues(rows, object.schema) };
  }
  const bound = bindQuery(stmt.source, catalog);
  if (bound.limit !== undefined || bound.offset !== undefined) throw unsupported('LIMIT and OFFSET in INSERT ... SELECT', stmt.pos);
  if (bound.visibleColumns !== targets.length) throw columnCount(targets.length, bound.visibleColumns, stmt.source.pos ?? stmt.pos);
  const itemPos = (i: number): SourcePosition | undefined =>
    (body.kind === 'Select' ? body.projection[i]?.expr.pos : undefined) ?? stmt.pos;
  const source = bound.plan.schema.fields;
  const exprs = fields.map((f, c) => {
    const at = targets.indexOf(c);
    return at < 0 ? literal(null, f.type) : assignCast(inputRef(at, source[at]!.type), f, itemPos(at));
  });
  return { table: object.name, plan: makeProject(bound.plan, exprs, fields.map((f) => f.name)) };
}

function targetColumns(stmt: InsertStatement, object: CatalogObject): number[] {
  const fields = object.schema.fields;
  if (!stmt.columns) return fields.map((_, i) => i);
  const seen = new Set<number>();
  return stmt.columns.map((name) => {
    const index = fields.findIndex((f) => f.name.toLowerCase() === name.toLowerCase());
    if (index < 0) {
      const hint = didYouMean(name, fields.map((f) => f.name));
      throw new SqlError('column-not-found', `column '${name}' of table '${object.name}' does not exist`, stmt.pos, hint);
    }
    if (seen.has(index)) throw new SqlError('duplicate-column', `column '${name}' is listed twice`, stmt.pos);
    seen.add(index);
    return index;
  });
}

function columnCount(expected: number, got: number, pos: SourcePosition | undefined, row?: number): SqlError {
  const where = row !== undefined ? ` (row ${row})` : '';
  return new SqlError('wrong-column-count', `INSERT has ${got} values for ${expected} target columns${where}`, pos);
}

/** Casts a value for storing in column `target` (PostgreSQL's assignment casts; UPDATE's SET too). */
export function assignCast(expr: BoundExpr, target: Field, pos: SourcePosition | undefined): BoundExpr {
  if (expr.kind === 'Literal' && expr.value === null && !target.nullable) {
    throw new SqlError('not-null-violation', `column '${target.name}' cannot be NULL`, pos);
  }
  if (typeEquals(expr.type, target.type)) return expr;
  if (expr.kind === 'Literal' && (isUntyped(expr) || assignable(expr.type, target.type))) {
    return withPosition(pos, () => literal(castValue(expr.value, expr.type, target.type), target.type));
  }
  if (!assignable(expr.type, target.type)) {
    throw new SqlError('type-mismatch',
      `column '${target.name}' is of type ${typeName(target.type)} but the value is of type ${typeName(expr.type)}`, pos,
      `cast the value: CAST(... AS ${typeName(target.type)})`);
  }
  return { kind: 'Cast', operand: expr, type: target.type };
}

function assignable(from: DataType, to: DataType): boolean {
  if (implicitCastCost({ type: from, untyped: false }, to) !== undefined) return true;
  if (isNumeric(from) && isNumeric(to)) return true;
  // date/time narrowing: TIMESTAMPTZ -> TIMESTAMP, TIMESTAMP(TZ) -> DATE or TIME, INTERVAL -> TIME
  const datetime = (t: DataType): boolean => isScalar(t, 'TIMESTAMP', 'TIMESTAMPTZ', 'DATE', 'TIME', 'INTERVAL');
  if (datetime(from) && datetime(to) && canExplicitCast(from, to)) return true;
  return to.kind === 'scalar' && to.name === 'VARCHAR';
}

