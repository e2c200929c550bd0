/**
 * `Vec`: the flat, offset-0 column form expression kernels work on. Every SQL type has one
 * representation, so one kernel serves many types:
 *
 * | repr   | SQL types                                                     | values             |
 * |--------|---------------------------------------------------------------|--------------------|
 * | num    | SMALLINT INT REAL DOUBLE DECIMAL DATE TIME TIMESTAMP(TZ)      | Float64Array       |
 * |        | INTERVAL                                                      |                    |
 * | big    | BIGINT (exact over the whole 64-bit range)                    | BigInt64Array      |
 * | bool   | BOOLEAN                                                       | Uint8Array (0/1)   |
 * | str    | VARCHAR JSONB BYTEA                                           | offsets + bytes    |
 * | list   | T[]                                                           | offsets + child    |
 * | null   | NULL                                                          | none               |
 *
 * TIMESTAMP, TIME (since midnight) and INTERVAL are microseconds held as doubles: exact for ±285 years around 1970.
 * `valid` has one byte per row (1 valid, 0 NULL) or is `null` when no row is NULL. Values
 * under a NULL are unspecified but always readable. Vecs are never mutated once returned.
 */
import type { DataType } from '@sluice/sql';

interface VecBase {
  readonly type: DataType;
  readonly length: number;
  readonly valid: Uint8Array | null;
}

export interface NumVec extends VecBase { readonly repr: 'num'; readonly values: Float64Array }
export interface BigVec extends VecBase { readonly repr: 'big'; readonly values: BigInt64Array }
export interface BoolVec extends VecBase { readonly repr: 'bool'; readonly values: Uint8Array }
export interface StrVec extends VecBase { readonly repr: 'str'; readonly offsets: Int32Array; readonly bytes: Uint8Array }
export interface ListVec extends VecBase { readonly repr: 'list'; readonly offsets: Int32Array; readonly child: Vec }
export interface NullVec extends VecBase { readonly repr: 'null' }

export type Vec = NumVec | BigVec | BoolVec | StrVec | ListVec | NullVec;
export type Repr = Vec['repr'];

/** The representation of a SQL type. */
export function reprOf(type: DataType): Repr {
  if (type.kind === 'list') return 'list';
  switch (type.name) {
    case 'BOOLEAN': return 'bool';
    case 'BIGINT': return 'big';
    case 'VARCHAR':
    case 'JSONB':
    case 'BYTEA': return 'str';
    case 'NULL': return 'null';
    default: return 'num';
  }
}

/** Whether row `i` is not NULL. */
export function isValidAt(v: Vec, i: number): boolean {
  return v.valid === null || v.valid[i] === 1;
}

/** The AND of the validity of `vecs` (null when all rows of all vecs are valid). */
export function combineValid(vecs: readonly Vec[], n: number): Uint8Array | null {
  let out: Uint8Array | null = null;
  for (const v of vecs) {
    if (v.valid === null) continue;
    if (out === null) out = v.valid.slice(0, n);
    else for (let i = 0; i < n; i++) out[i] = out[i]! & v.valid[i]!;
  }
  return out;
}

/** A writable validity array, all valid, or a copy of `base`. */
export function writableValid(base: Uint8Array | null, n: number): Uint8Array {
  return base ? base.slice(0, n) : new Uint8Array(n).fill(1);
}

/** Drops an all-valid validity array (so later kernels take their fast paths). */
export function compactValid(valid: Uint8Array | null, n: number): Uint8Array | null {
  if (valid === null) return null;
  for (let i = 0; i < n; i++) if (valid[i] === 0) return valid;
  return null;
}

export function numVec(type: DataType, values: Float64Array, valid: Uint8Array | null): NumVec {
  return { repr: 'num', type, length: values.length, values, valid };
}

export function bigVec(type: DataType, values: BigInt64Array, valid: Uint8Array | null): BigVec {
  return { repr: 'big', type, length: values.length, values, valid };
}

export function boolVec(type: DataType, values: Uint8Array, valid: Uint8Array | null): BoolVec {
  return { repr: 'bool', type, length: values.length, values, valid };
}

export function strVec(type: DataType, offsets: Int32Array, bytes: Uint8Array, valid: Uint8Array | null): StrVec {
  return { repr: 'str', type, length: offsets.length - 1, offsets, bytes, valid };
}

/** `n` NULLs of `type`, in that type's representation. */
export function nullsOf(type: DataType, n: number): Vec {
  const valid = new Uint8Array(n);
  switch (reprOf(type)) {
    case 'num': return numVec(type, new Float64Array(n), valid);
    case 'big': return bigVec(type, new BigInt64Array(n), valid);
    case 'bool': return boolVec(type, new Uint8Array(n), valid);
    case 'str': return strVec(type, new Int32Array(n + 1), new Uint8Array(0), valid);
    case 'list': {
      const element = type.kind === 'list' ? type.element : type;
      return { repr: 'list', type, length: n, offsets: new Int32Array(n + 1), child: nullsOf(element, 0), valid };
    }
    case 'null': return { repr: 'null', type, length: n, valid };
  }
}
