/**
 * SQL types as PostgreSQL clients know them: the type OID and length sent in RowDescription,
 * and the SQL type name used to cast a parameter of a given OID. Values travel in text format
 * (PostgreSQL's text form, the same `formatValue` the CLI prints).
 */
import { PG_TYPE_OID, pgTypeOf } from '@sluice/engine/internal';
import type { DataType } from '@sluice/sql';

/** Type OIDs from PostgreSQL's pg_type catalog (the engine's system catalog uses the same table). */
export const OID = PG_TYPE_OID;

/** OID and typlen for a column of type `type`; nested arrays travel as text. */
export function pgType(type: DataType): { oid: number; size: number } {
  const t = pgTypeOf(type);
  return { oid: t.oid, size: t.size };
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
    case OID.time: return 'TIME';
    case OID.timestamp: return 'TIMESTAMP';
    case OID.timestamptz: return 'TIMESTAMPTZ';
    case OID.interval: return 'INTERVAL';
    case OID.bytea: return 'BYTEA';
    case OID.json: case OID.jsonb: return 'JSONB';
    default: return undefined;
  }
}
