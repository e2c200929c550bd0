/**
 * SQL data types as Sluice understands them. Each maps to one Arrow type in the engine
 * (see docs/architecture.md, "Data model"):
 *
 * | SQL         | Arrow                      | JS scalar value                    |
 * |-------------|----------------------------|------------------------------------|
 * | BOOLEAN     | Bool                       | boolean                            |
 * | SMALLINT    | Int16                      | number                             |
 * | INT         | Int32                      | number                             |
 * | BIGINT      | Int64                      | bigint                             |
 * | REAL        | Float32                    | number                             |
 * | DOUBLE      | Float64                    | number                             |
 * | DECIMAL     | Float64 (for now)          | number                             |
 * | VARCHAR     | Utf8                       | string                             |
 * | TIMESTAMP   | Timestamp(µs), no zone     | number: µs since epoch (UTC)       |
 * | TIMESTAMPTZ | Timestamp(µs, 'UTC')       | number: µs since epoch             |
 * | DATE        | DateDay                    | number: days since epoch           |
 * | TIME        | Time64(µs)                 | number: µs since midnight          |
 * | INTERVAL    | Duration(µs)               | Interval (months kept apart)       |
 * | BYTEA       | Binary                     | Uint8Array                         |
 * | JSONB       | Utf8                       | string (JSON text)                 |
 * | NULL        | Null                       | null (type of a bare NULL literal) |
 */
export type ScalarTypeName =
  | 'BOOLEAN'
  | 'SMALLINT'
  | 'INT'
  | 'BIGINT'
  | 'REAL'
  | 'DOUBLE'
  | 'DECIMAL'
  | 'VARCHAR'
  | 'TIMESTAMP'
  | 'TIMESTAMPTZ'
  | 'DATE'
  | 'TIME'
  | 'INTERVAL'
  | 'BYTEA'
  | 'JSONB'
  | 'NULL';

export type DataType =
  | { readonly kind: 'scalar'; readonly name: ScalarTypeName }
  | { readonly kind: 'list'; readonly element: DataType };

const scalarCache = new Map<ScalarTypeName, DataType>();

/** The shared, frozen instance of a scalar type: compare types with `typeEquals`, not `===`. */
export function scalar(name: ScalarTypeName): DataType {
  let t = scalarCache.get(name);
  if (!t) {
    t = Object.freeze({ kind: 'scalar', name });
    scalarCache.set(name, t);
  }
  return t;
}

export function listOf(element: DataType): DataType {
  return Object.freeze({ kind: 'list', element });
}

export const T = {
  boolean: scalar('BOOLEAN'),
  smallint: scalar('SMALLINT'),
  int: scalar('INT'),
  bigint: scalar('BIGINT'),
  real: scalar('REAL'),
  double: scalar('DOUBLE'),
  decimal: scalar('DECIMAL'),
  varchar: scalar('VARCHAR'),
  timestamp: scalar('TIMESTAMP'),
  timestamptz: scalar('TIMESTAMPTZ'),
  date: scalar('DATE'),
  time: scalar('TIME'),
  interval: scalar('INTERVAL'),
  bytea: scalar('BYTEA'),
  jsonb: scalar('JSONB'),
  null: scalar('NULL'),
} as const;

export function typeEquals(a: DataType, b: DataType): boolean {
  if (a.kind === 'scalar' && b.kind === 'scalar') return a.name === b.name;
  if (a.kind === 'list' && b.kind === 'list') return typeEquals(a.element, b.element);
  return false;
}

export function typeName(t: DataType): string {
  return t.kind === 'scalar' ? t.name : `${typeName(t.element)}[]`;
}

export function isScalar(t: DataType, ...names: ScalarTypeName[]): boolean {
  return t.kind === 'scalar' && names.includes(t.name);
}

export function isInteger(t: DataType): boolean {
  return isScalar(t, 'SMALLINT', 'INT', 'BIGINT');
}

export function isNumeric(t: DataType): boolean {
  return isScalar(t, 'SMALLINT', 'INT', 'BIGINT', 'REAL', 'DOUBLE', 'DECIMAL');
}

export function isTemporal(t: DataType): boolean {
  return isScalar(t, 'TIMESTAMP', 'TIMESTAMPTZ', 'DATE');
}

/** An INTERVAL value. Months are kept apart because their length in days varies. */
export interface Interval {
  readonly months: number;
  readonly days: number;
  readonly micros: number;
}

/** A JS scalar value of some SQL type (see the table above); `null` is SQL NULL. */
export type SqlValue = boolean | number | bigint | string | Uint8Array | Interval | SqlValue[] | null;
