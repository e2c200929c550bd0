/**
 * Hashable, comparable JS primitives for the values aggregation keeps in its hash tables
 * and accumulators: numbers for numeric/temporal/boolean values, BIGINT as a number while it
 * is a safe integer and as a bigint beyond (one value has one form, so Map keys agree),
 * strings for text, and BYTEA as a string of one char per byte (latin1), which orders as the
 * bytes do. Conversions back to SQL values happen once per emitted group.
 */
import { T, type DataType, type Field, type Interval, type SqlValue } from '@sluice/sql';
import { int64At, int64Words } from '../arrow/int64.js';
import { vecStrings } from '../expr/vec-convert.js';
import type { Vec } from '../expr/vec.js';
import { EngineError } from '../errors.js';

export type Primitive = number | bigint | string | null;

/** Reads row i of a Vec as a Primitive. */
export type PrimitiveReader = (i: number) => Primitive;

/** A bigint in its canonical Primitive form. */
export function canonicalBig(v: bigint): number | bigint {
  return v >= -9007199254740991n && v <= 9007199254740991n ? Number(v) : v;
}

/** A reader over `v`; strings are decoded once for the batch. */
export function primitiveReader(v: Vec): PrimitiveReader {
  const valid = v.valid;
  switch (v.repr) {
    case 'num': { const x = v.values; return (i) => (valid && !valid[i] ? null : x[i]!); }
    case 'bool': { const x = v.values; return (i) => (valid && !valid[i] ? null : x[i]!); }
    case 'big': {
      const words = int64Words(v.values);
      const x = v.values;
      return (i) => {
        if (valid && !valid[i]) return null;
        const n = int64At(words, i);
        return n === n ? n : x[i]!;
      };
    }
    case 'str': {
      if (v.type.kind === 'scalar' && v.type.name === 'BYTEA') {
        const { offsets, bytes } = v;
        return (i) => (valid && !valid[i] ? null : Buffer.from(bytes.buffer, bytes.byteOffset + offsets[i]!, offsets[i + 1]! - offsets[i]!).toString('latin1'));
      }
      const s = vecStrings(v);
      return (i) => s[i]!;
    }
    case 'list': throw new EngineError('unsupported-feature', 'arrays cannot be grouped or compared by aggregates yet');
    case 'null': return () => null;
  }
}

/** The SQL value of a Primitive of `type`. */
export function toSqlValue(p: Primitive, type: DataType): SqlValue {
  if (p === null || type.kind === 'list') return p;
  switch (type.name) {
    case 'BIGINT': return typeof p === 'bigint' ? p : BigInt(p as number);
    case 'BOOLEAN': return p === 1;
    case 'INTERVAL': return { months: 0, days: 0, micros: p as number };
    case 'BYTEA': return Uint8Array.from(Buffer.from(p as string, 'latin1'));
    default: return p as SqlValue;
  }
}

/** The Primitive of a SQL value of `type` (for restoring snapshots). */
export function toPrimitive(v: SqlValue, type: DataType): Primitive {
  if (v === null) return null;
  if (typeof v === 'bigint') return canonicalBig(v);
  if (typeof v === 'boolean') return v ? 1 : 0;
  if (type.kind === 'scalar' && type.name === 'INTERVAL') return (v as Interval).micros;
  if (v instanceof Uint8Array) return Buffer.from(v.buffer, v.byteOffset, v.length).toString('latin1');
  return v as number | string;
}

/** The column type in which Primitives of `type` are checkpointed. */
export function storageType(type: DataType): DataType {
  if (type.kind === 'list') return T.varchar;
  switch (type.name) {
    case 'BIGINT': return T.bigint;
    case 'VARCHAR': case 'JSONB': case 'BYTEA': return T.varchar;
    default: return T.double;
  }
}

/** A Primitive as a value of its storage type. */
export function toStorage(p: Primitive, type: DataType): SqlValue {
  if (p === null) return null;
  return storageType(type) === T.bigint ? BigInt(p) : (p as SqlValue);
}

/** Whether two SQL values are the same (NULLs equal; NaN equals NaN; deep on arrays). */
export function sameValue(a: SqlValue, b: SqlValue): boolean {
  if (a === b) return true;
  if (a === null || b === null) return false;
  if (typeof a === 'number' && typeof b === 'number') return a !== a && b !== b;
  if (typeof a !== 'object' || typeof b !== 'object') return false;
  if (Array.isArray(a) && Array.isArray(b)) return a.length === b.length && a.every((x, i) => sameValue(x, b[i]!));
  if (a instanceof Uint8Array && b instanceof Uint8Array) return Buffer.compare(a, b) === 0;
  return JSON.stringify(a) === JSON.stringify(b);
}

/** A state-table field. */
export function stateField(name: string, type: DataType): Field {
  return { name, type, nullable: true };
}
