/**
 * Sluice types as PostgreSQL knows them: the `pg_type` row each type answers to (OID, name,
 * length), the name `format_type` prints and the `data_type` of information_schema. The
 * PostgreSQL wire protocol describes result columns with the same OIDs, so this table is the
 * one place those numbers live.
 */
import type { DataType, ScalarTypeName } from '@sluice/sql';

/** Type OIDs from PostgreSQL's pg_type catalog. */
export const PG_TYPE_OID = {
  bool: 16, bytea: 17, char: 18, name: 19, int8: 20, int2: 21, int2vector: 22, int4: 23, regproc: 24, text: 25,
  oid: 26, oidvector: 30, json: 114, float4: 700, float8: 701, unknown: 705, bpchar: 1042, varchar: 1043,
  date: 1082, time: 1083, timestamp: 1114, timestamptz: 1184, interval: 1186, numeric: 1700, regclass: 2205, regtype: 2206,
  regnamespace: 4089, jsonb: 3802,
} as const;

/** One row of pg_type, reduced to what catalog readers use. */
export interface PgTypeInfo {
  readonly oid: number;
  /** pg_type.typname: `int4`, `_int4` for its array */
  readonly typname: string;
  /** what format_type prints: `integer`, `integer[]` */
  readonly formatName: string;
  /** information_schema.columns.data_type: `integer`, `ARRAY` */
  readonly sqlName: string;
  /** typlen: bytes, -1 for variable length */
  readonly size: number;
  /** typcategory: B boolean, N numeric, S string, D date/time, T timespan, U user, A array */
  readonly category: string;
  /** the element type's OID for an array, else 0 */
  readonly element: number;
  /** the array type's OID for a scalar, else 0 */
  readonly array: number;
  /** typcollation: 100 (the default collation) for text types, else 0 */
  readonly collation: number;
}

type Base = Omit<PgTypeInfo, 'element' | 'array' | 'sqlName'> & { readonly array: number; readonly sqlName?: string };

const base = (oid: number, typname: string, formatName: string, size: number, category: string, array: number, collation = 0): Base =>
  ({ oid, typname, formatName, size, category, array, collation });

/** The scalar types, by OID: Sluice's own and the catalog types that appear in pg_catalog. */
const BASES: readonly Base[] = [
  base(16, 'bool', 'boolean', 1, 'B', 1000),
  base(17, 'bytea', 'bytea', -1, 'U', 1001),
  base(18, 'char', '"char"', 1, 'S', 1002, 100),
  base(19, 'name', 'name', 64, 'S', 1003, 950),
  base(20, 'int8', 'bigint', 8, 'N', 1016),
  base(21, 'int2', 'smallint', 2, 'N', 1005),
  base(22, 'int2vector', 'int2vector', -1, 'A', 1006),
  base(23, 'int4', 'integer', 4, 'N', 1007),
  base(24, 'regproc', 'regproc', 4, 'N', 1008),
  base(25, 'text', 'text', -1, 'S', 1009, 100),
  base(26, 'oid', 'oid', 4, 'N', 1028),
  base(30, 'oidvector', 'oidvector', -1, 'A', 1013),
  base(114, 'json', 'json', -1, 'U', 199),
  base(700, 'float4', 'real', 4, 'N', 1021),
  base(701, 'float8', 'double precision', 8, 'N', 1022),
  base(705, 'unknown', 'unknown', -2, 'X', 0),
  base(1042, 'bpchar', 'character', -1, 'S', 1014, 100),
  base(1043, 'varchar', 'character varying', -1, 'S', 1015, 100),
  base(1082, 'date', 'date', 4, 'D', 1182),
  base(1083, 'time', 'time without time zone', 8, 'D', 1183),
  base(1114, 'timestamp', 'timestamp without time zone', 8, 'D', 1115),
  base(1184, 'timestamptz', 'timestamp with time zone', 8, 'D', 1185),
  base(1186, 'interval', 'interval', 16, 'T', 1187),
  base(1700, 'numeric', 'numeric', -1, 'N', 1231),
  base(2205, 'regclass', 'regclass', 4, 'N', 2210),
  base(2206, 'regtype', 'regtype', 4, 'N', 2211),
  base(3802, 'jsonb', 'jsonb', -1, 'U', 3807),
  base(4089, 'regnamespace', 'regnamespace', 4, 'N', 4090),
];

const SCALAR_OIDS: Record<ScalarTypeName, number> = {
  BOOLEAN: 16, SMALLINT: 21, INT: 23, BIGINT: 20, REAL: 700, DOUBLE: 701, DECIMAL: 1700, VARCHAR: 1043,
  TIMESTAMP: 1114, TIMESTAMPTZ: 1184, DATE: 1082, TIME: 1083, INTERVAL: 1186, BYTEA: 17, JSONB: 3802, NULL: 25,
};

function scalarInfo(b: Base): PgTypeInfo {
  return { ...b, sqlName: b.sqlName ?? b.formatName, element: 0 };
}

function arrayInfo(b: Base): PgTypeInfo {
  return {
    oid: b.array, typname: `_${b.typname}`, formatName: `${b.formatName}[]`, sqlName: 'ARRAY', size: -1, category: 'A',
    element: b.oid, array: 0, collation: b.collation,
  };
}

/** Every type of pg_type, scalars then arrays, by OID. */
export const PG_TYPES: ReadonlyMap<number, PgTypeInfo> = new Map(
  [...BASES.map(scalarInfo), ...BASES.filter((b) => b.array !== 0).map(arrayInfo)].map((t) => [t.oid, t]),
);

/** The pg_type row of a Sluice type: lists of scalars are arrays; nested lists travel as text. */
export function pgTypeOf(type: DataType): PgTypeInfo {
  if (type.kind === 'scalar') return PG_TYPES.get(SCALAR_OIDS[type.name])!;
  if (type.element.kind === 'scalar') return PG_TYPES.get(PG_TYPES.get(SCALAR_OIDS[type.element.name])!.array)!;
  return PG_TYPES.get(PG_TYPE_OID.text)!;
}

/** format_type(oid, typmod): the type's SQL name, or NULL for an OID that is not a type. */
export function formatTypeName(oid: number): string | null {
  return PG_TYPES.get(oid)?.formatName ?? null;
}
