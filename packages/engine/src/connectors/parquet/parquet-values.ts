/**
 * SQL values <-> Parquet. Writing: each SQL type has one Parquet column type (BIGINT INT64,
 * INT/SMALLINT INT32, REAL/DOUBLE/DECIMAL DOUBLE, VARCHAR and JSONB UTF8 strings, BYTEA
 * BYTE_ARRAY, TIMESTAMP/TIMESTAMPTZ INT64 TIMESTAMP_MICROS, DATE INT32 DATE, TIME INT64
 * TIME_MICROS, INTERVAL and
 * arrays as their PostgreSQL text), every column OPTIONAL. Reading: hyparquet's values are
 * coerced to the declared column type (timestamps kept in microseconds); a value that does not
 * fit makes its row bad.
 */
import type { DataType, SqlValue } from '@sluice/sql';
import type { ParquetParsers } from 'hyparquet';
import { coerceJsonValue, parseTextValue } from '../../formats/value-parse.js';
import { formatValue } from '../../formats/value-text.js';

const utf8 = new TextDecoder();

/** hyparquet parsers that keep timestamps as µs numbers and dates as day numbers. */
export const PARQUET_PARSERS: Partial<ParquetParsers> = {
  timestampFromMilliseconds: (ms: bigint) => Number(ms) * 1000,
  timestampFromMicroseconds: (us: bigint) => Number(us),
  timestampFromNanoseconds: (ns: bigint) => Number(ns / 1000n),
  dateFromDays: (days: number) => days,
  stringFromBytes: (bytes: Uint8Array) => (bytes === undefined ? undefined : utf8.decode(bytes)),
  jsonFromBytes: (bytes: Uint8Array) => (bytes === undefined ? undefined : utf8.decode(bytes)),
};

/** A value read from Parquet as a value of `type`, or undefined when it does not fit. */
export function fromParquetValue(v: unknown, type: DataType): SqlValue | undefined {
  if (v === null || v === undefined) return null;
  if (type.kind === 'list') return typeof v === 'string' ? parseTextValue(v, type) : coerceJsonValue(v, type);
  if (typeof v === 'string') return parseTextValue(v, type);
  switch (type.name) {
    case 'BIGINT': return typeof v === 'bigint' ? v : typeof v === 'number' && Number.isInteger(v) ? BigInt(v) : undefined;
    case 'SMALLINT':
    case 'INT': return typeof v === 'bigint' ? coerceJsonValue(Number(v), type) : coerceJsonValue(v, type);
    case 'REAL':
    case 'DOUBLE':
    case 'DECIMAL': return typeof v === 'number' || typeof v === 'bigint' ? Number(v) : undefined;
    case 'VARCHAR':
    case 'JSONB': return v instanceof Uint8Array ? utf8.decode(v) : coerceJsonValue(v, type);
    case 'BYTEA': return v instanceof Uint8Array ? v : undefined;
    case 'TIMESTAMP':
    case 'TIMESTAMPTZ': return v instanceof Date ? v.getTime() * 1000 : typeof v === 'number' || typeof v === 'bigint' ? Number(v) : undefined;
    case 'DATE': return v instanceof Date ? Math.floor(v.getTime() / 86_400_000) : typeof v === 'number' ? v : undefined;
    case 'TIME': return typeof v === 'number' || typeof v === 'bigint' ? Number(v) : undefined;
    default: return coerceJsonValue(v, type);
  }
}

/** The Parquet schema element of a column. */
export function parquetColumn(name: string, type: DataType): { name: string; type: string; converted_type?: string; repetition_type: 'OPTIONAL' } {
  const optional = 'OPTIONAL' as const;
  if (type.kind === 'list') return { name, type: 'BYTE_ARRAY', converted_type: 'UTF8', repetition_type: optional };
  switch (type.name) {
    case 'BOOLEAN': return { name, type: 'BOOLEAN', repetition_type: optional };
    case 'SMALLINT':
    case 'INT': return { name, type: 'INT32', repetition_type: optional };
    case 'BIGINT': return { name, type: 'INT64', repetition_type: optional };
    case 'REAL':
    case 'DOUBLE':
    case 'DECIMAL': return { name, type: 'DOUBLE', repetition_type: optional };
    case 'TIMESTAMP':
    case 'TIMESTAMPTZ': return { name, type: 'INT64', converted_type: 'TIMESTAMP_MICROS', repetition_type: optional };
    case 'DATE': return { name, type: 'INT32', converted_type: 'DATE', repetition_type: optional };
    case 'TIME': return { name, type: 'INT64', converted_type: 'TIME_MICROS', repetition_type: optional };
    case 'BYTEA': return { name, type: 'BYTE_ARRAY', repetition_type: optional };
    default: return { name, type: 'BYTE_ARRAY', converted_type: 'UTF8', repetition_type: optional };
  }
}

/** A value as the writer wants it for `parquetColumn(type)`. */
export function toParquetValue(v: SqlValue, type: DataType): unknown {
  if (v === null) return null;
  if (type.kind === 'list') return formatValue(v, type);
  switch (type.name) {
    case 'BOOLEAN':
    case 'SMALLINT':
    case 'INT':
    case 'REAL':
    case 'DOUBLE':
    case 'DECIMAL':
    case 'VARCHAR':
    case 'JSONB':
    case 'BYTEA':
    case 'DATE': return v;
    case 'BIGINT': return typeof v === 'bigint' ? v : BigInt(v as number);
    case 'TIMESTAMP':
    case 'TIMESTAMPTZ':
    case 'TIME': return BigInt(Math.round(v as number));
    default: return formatValue(v, type);
  }
}
