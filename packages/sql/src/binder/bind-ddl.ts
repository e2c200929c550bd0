/**
 * Binding of DDL pieces: a column list into a schema, and a WATERMARK clause into the spec
 * the engine applies (`column - delay`).
 */
import type { ColumnDef, WatermarkDef } from '../ast/statement.js';
import { SqlError } from '../errors.js';
import type { WatermarkSpec } from '../plan/logical-plan.js';
import { isScalar, typeName } from '../types/data-type.js';
import { field, type Schema, schemaOf } from '../types/schema.js';
import { intervalMicros, parseInterval } from './interval.js';
import { withPosition } from './resolve-call.js';
import { didYouMean } from './suggest.js';

/** The schema of a CREATE's column list. Primary key and NOT NULL columns are not nullable. */
export function schemaFromColumns(columns: readonly ColumnDef[]): Schema {
  const seen = new Set<string>();
  for (const c of columns) {
    const lower = c.name.toLowerCase();
    if (seen.has(lower)) throw new SqlError('duplicate-column', `column '${c.name}' is defined twice`, c.pos);
    seen.add(lower);
  }
  return schemaOf(columns.map((c) => field(c.name, c.type, !c.notNull && !c.primaryKey)));
}

/**
 * Binds `WATERMARK FOR col AS col` or `... AS col - INTERVAL '...'` against `schema`. The
 * column must be a TIMESTAMP or TIMESTAMPTZ; any other expression is `unsupported-watermark`.
 */
export function bindWatermark(def: WatermarkDef, schema: Schema): WatermarkSpec {
  const column = schema.fields.findIndex((f) => f.name.toLowerCase() === def.column.toLowerCase());
  const pos = def.expr.pos;
  if (column < 0) {
    const hint = didYouMean(def.column, schema.fields.map((f) => f.name));
    throw new SqlError('column-not-found', `watermark column '${def.column}' does not exist`, pos, hint);
  }
  const type = schema.fields[column]!.type;
  if (!isScalar(type, 'TIMESTAMP', 'TIMESTAMPTZ')) {
    throw new SqlError('invalid-watermark-column', `watermark column '${def.column}' is ${typeName(type)}, not TIMESTAMP or TIMESTAMPTZ`, pos);
  }
  const sameColumn = (e: WatermarkDef['expr']): boolean => e.kind === 'ColumnRef' && e.name.toLowerCase() === def.column.toLowerCase();
  const e = def.expr;
  if (sameColumn(e)) return { column, delayUs: 0 };
  if (e.kind === 'Binary' && e.op === '-' && sameColumn(e.left) && e.right.kind === 'Interval') {
    const right = e.right;
    const interval = withPosition(right.pos ?? pos, () => parseInterval(right.text, right.unit));
    const delayUs = intervalMicros(interval);
    if (interval.months !== 0 || delayUs < 0) {
      throw new SqlError('invalid-interval', 'a watermark delay must be a non-negative interval of days or less', right.pos ?? pos);
    }
    return { column, delayUs };
  }
  throw new SqlError('unsupported-watermark', 'a watermark must be the column itself or the column minus a constant INTERVAL', pos,
    `e.g. WATERMARK FOR ${def.column} AS ${def.column} - INTERVAL '5' SECOND`);
}
