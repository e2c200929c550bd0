/**
 * SQL types as PostgreSQL clients know them: the type OID and length sent in RowDescription,
 * and the SQL type name used to cast a parameter of a given OID. Values travel in text format
 * (PostgreSQL's text form, the same `formatValue` the CLI prints).
 */
import type { DataType, ScalarTypeName } from '@sluice/sql';

/** Type OIDs from PostgreSQL's pg_type catalog. */
export const OID = {
  bool: 16, bytea: 17, int8: 20, int2: 21, int4: 23, text: 25, oid: 26, json: 114,
  float4: 700, float8: 701, unknown: 705, bpchar: 1042, varchar: 1043, date: 1082,
  timestamp: 1114, timestamptz: 1184, interval: 1186, numeric: 1700, jsonb: 3802,
} as const;

interface PgType {
  readonly oid: number;
  readonly arrayOid: number;
  /** typlen: fixed size in bytes, -1 for variable length */
  readonly size: number;
}

const SCALARS: Record<ScalarTypeName, PgType> = {
  BOOLEAN: { oid: OID.bool, arrayOid: 1000, size: 1 },
  SMALLINT: { oid: OID.int2, arrayOid: 1005, size: 2 },
  INT: { oid: OID.int4, arrayOid: 1007, size: 4 },
  BIGINT: { oid: OID.int8, arrayOid: 1016, size: 8 },
  REAL: { oid: OID.float4, arrayOid: 1021, size: 4 },
  DOUBLE: { oid: OID.float8, arrayOid: 1022, size: 8 },
  DECIMAL: { oid: OID.numeric, arrayOid: 1231, size: -1 },
  VARCHAR: { oid: OID.varchar, arrayOid: 1015, size: -1 },
  TIMESTAMP: { oid: OID.timestamp, arrayOid: 1115, size: 8 },
  TIMESTAMPTZ: { oid: OID.timestamptz, arrayOid: 1185, size: 8 },
  DATE: { oid: OID.date, arrayOid: 1182, size: 4 },
  INTERVAL: { oid: OID.interval, arrayOid: 1187, size: 16 },
  BYTEA: { oid: OID.bytea, arrayOid: 1001, size: -1 },
  JSONB: { oid: OID.jsonb, arrayOid: 3807, size: -1 },
  NULL: { oid: OID.text, arrayOid: 1009, size: -1 },
};

/** OID and typlen for a column of type `type`; nested arrays travel as text. */
export function pgType(type: DataType): { oid: number; size: number } {
  if (type.kind === 'scalar') return SCALARS[type.name];
  if (type.element.kind === 'scalar') return { oid: SCALARS[type.element.name].arrayOid, size: -1 };
  return { oid: OID.text, size: -1 };
}

/** The SQL type a parameter declared with `oid` is cast to; undefined: leave the literal untyped. */
export function castTypeForOid(oid: number): string | undefined {
  switch (oid) {
    case OID.bool: return 'BOOLEAN';
    case OID.int2: return 'SMALLINT';
    case OID.int4: case OID.oid: return 'INT';
    case OID.int8: return 'BIGINT';
    case OID.float4: return 'REAL';
    case OID.float8: return 'DOUBLE';
    case OID.numeric: return 'DECIMAL';
    case OID.date: return 'DATE';
    case OID.timestamp: return 'TIMESTAMP';
    case OID.timestamptz: return 'TIMESTAMPTZ';
    case OID.interval: return 'INTERVAL';
    case OID.bytea: return 'BYTEA';
    case OID.json: case OID.jsonb: return 'JSONB';
    default: return undefined;
  }
}
