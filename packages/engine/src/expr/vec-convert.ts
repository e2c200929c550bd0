/**
 * Conversions between Arrow columns (`arrow.Data`, what deltas hold) and `Vec`s (what
 * expression kernels compute on), plus broadcasting of constants and slow-path value reads.
 */
import * as arrow from 'apache-arrow';
import type { DataType, Interval, SqlValue } from '@sluice/sql';
import { packBits, unpackBits, validityBytes } from '../arrow/bitmap.js';
import { ColumnBuilder, intervalToMicros } from '../arrow/column-builder.js';
import { int64ToNumber, int64Words, setInt64 } from '../arrow/int64.js';
import { toArrowType } from '../arrow/types.js';
import { decodeUtf8Rows, Utf8Builder } from '../arrow/utf8.js';
import type { EvalContext } from './eval-context.js';
import { boolVec, numVec, reprOf, strVec, bigVec, writableValid, type Vec, type NumVec } from './vec.js';

/** A column as a Vec; shares buffers with `data` where the layouts agree. */
export function dataToVec(data: arrow.Data, type: DataType): Vec {
  const n = data.length;
  const valid = validityBytes(data);
  switch (reprOf(type)) {
    case 'num': {
      const src = data.values as ArrayLike<number> | BigInt64Array;
      if (src instanceof Float64Array) return numVec(type, src.subarray(0, n), valid);
      if (src instanceof BigInt64Array) {
        const words = int64Words(src);
        const out = new Float64Array(n);
        for (let i = 0; i < n; i++) out[i] = int64ToNumber(src, words, i);
        return numVec(type, out, valid);
      }
      return numVec(type, Float64Array.from((src as Int32Array).subarray(0, n)), valid);
    }
    case 'big': return bigVec(type, (data.values as BigInt64Array).subarray(0, n), valid);
    case 'bool': return boolVec(type, unpackBits(data.values as Uint8Array, data.offset, n), valid);
    case 'str': return strVec(type, (data.valueOffsets as Int32Array).subarray(0, n + 1), data.values as Uint8Array, valid);
    case 'list': {
      const element = type.kind === 'list' ? type.element : type;
      const child = dataToVec(data.children[0]!, element);
      return { repr: 'list', type, length: n, offsets: (data.valueOffsets as Int32Array).subarray(0, n + 1), child, valid };
    }
    case 'null': return { repr: 'null', type, length: n, valid: new Uint8Array(n) };
  }
}

const INT_RANGE: Partial<Record<string, [number, number]>> = {
  SMALLINT: [-32768, 32767],
  INT: [-2147483648, 2147483647],
  DATE: [-2147483648, 2147483647],
};

/**
 * A Vec as an Arrow column of its SQL type. SMALLINT/INT values out of range become NULL and
 * count a problem (the kernels compute in doubles and check here, once).
 */
export function vecToData(vec: Vec, ctx: EvalContext): arrow.Data {
  const n = vec.length;
  const type = toArrowType(vec.type);
  switch (vec.repr) {
    case 'num': return numToData(vec, type, ctx);
    case 'big': return makeData(type, n, vec.valid, { data: vec.values });
    case 'bool': return makeData(type, n, vec.valid, { data: packBits(vec.values, n).bits });
    case 'str': return makeData(type, n, vec.valid, { valueOffsets: vec.offsets, data: vec.bytes });
    case 'list': return makeData(type, n, vec.valid, { valueOffsets: vec.offsets, child: vecToData(vec.child, ctx) });
    case 'null': return arrow.makeData({ type: type as arrow.Null, length: n, nullCount: n });
  }
}

function numToData(vec: NumVec, type: arrow.DataType, ctx: EvalContext): arrow.Data {
  const n = vec.length;
  const name = vec.type.kind === 'scalar' ? vec.type.name : 'DOUBLE';
  const src = vec.values;
  let valid = vec.valid;
  const range = INT_RANGE[name];
  if (range) {
    const out = name === 'SMALLINT' ? new Int16Array(n) : new Int32Array(n);
    for (let i = 0; i < n; i++) {
      const v = src[i]!;
      if (v >= range[0] && v <= range[1]) out[i] = v;
      else if (valid === null || valid[i]) {
        valid ??= writableValid(null, n);
        valid[i] = 0;
        ctx.problems.count++;
      }
    }
    return makeData(type, n, valid, { data: out });
  }
  switch (name) {
    case 'REAL': return makeData(type, n, valid, { data: Float32Array.from(src) });
    case 'TIMESTAMP':
    case 'TIMESTAMPTZ':
    case 'TIME':
    case 'INTERVAL': {
      const out = new BigInt64Array(n);
      const words = int64Words(out);
      for (let i = 0; i < n; i++) {
        const v = src[i]!;
        if (v === v && v !== Infinity && v !== -Infinity) setInt64(out, words, i, Math.round(v));
        else if (valid === null || valid[i]) {
          valid ??= writableValid(null, n);
          valid[i] = 0;
          ctx.problems.count++;
        }
      }
      return makeData(type, n, valid, { data: out });
    }
    default: return makeData(type, n, valid, { data: src });
  }
}

function makeData(type: arrow.DataType, n: number, valid: Uint8Array | null, buffers: Record<string, unknown>): arrow.Data {
  let nullCount = 0;
  let nullBitmap: Uint8Array | undefined;
  if (valid) {
    const packed = packBits(valid, n);
    nullCount = packed.unset;
    if (nullCount > 0) nullBitmap = packed.bits;
  }
  // one call for all layouts; the buffers match `type` by construction in vecToData
  const props = { type, length: n, nullCount, nullBitmap, ...buffers } as unknown as { type: arrow.Int32; data: Int32Array };
  return arrow.makeData(props);
}

/** `value` of `type` repeated `n` times. */
export function broadcast(value: SqlValue, type: DataType, n: number): Vec {
  const valid = value === null ? new Uint8Array(n) : null;
  switch (reprOf(type)) {
    case 'num': {
      const v = value === null ? 0 : isInterval(value) ? intervalToMicros(value) : Number(value);
      return numVec(type, new Float64Array(n).fill(v), valid);
    }
    case 'big': return bigVec(type, new BigInt64Array(n).fill(value === null ? 0n : BigInt(value as number | bigint)), valid);
    case 'bool': return boolVec(type, new Uint8Array(n).fill(value ? 1 : 0), valid);
    case 'str': {
      const one = value === null ? new Uint8Array(0) : value instanceof Uint8Array ? value : Buffer.from(String(value), 'utf8');
      const offsets = new Int32Array(n + 1);
      const bytes = new Uint8Array(one.length * n);
      for (let i = 0; i < n; i++) {
        bytes.set(one, i * one.length);
        offsets[i + 1] = (i + 1) * one.length;
      }
      return strVec(type, offsets, bytes, valid);
    }
    default: {
      const b = new ColumnBuilder(type);
      for (let i = 0; i < n; i++) b.append(value);
      return dataToVec(b.finish(), type);
    }
  }
}

function isInterval(v: SqlValue): v is Interval {
  return typeof v === 'object' && v !== null && !(v instanceof Uint8Array) && !Array.isArray(v);
}

/** A VARCHAR (or JSONB) Vec from JS strings; null entries are NULL. */
export function vecFromStrings(type: DataType, values: readonly (string | null)[]): Vec {
  const n = values.length;
  const b = new Utf8Builder(n);
  let valid: Uint8Array | null = null;
  for (let i = 0; i < n; i++) {
    const s = values[i];
    if (s === null || s === undefined) {
      valid ??= writableValid(null, n);
      valid[i] = 0;
      b.append('');
    } else b.append(s);
  }
  const { offsets, bytes } = b.finish();
  return strVec(type, offsets, bytes, valid);
}

/** The rows of a str Vec as JS strings (null for NULL). */
export function vecStrings(v: Vec): (string | null)[] {
  if (v.repr !== 'str') return Array.from({ length: v.length }, (_, i) => valueAt(v, i) as string | null);
  return decodeUtf8Rows(v.offsets, v.bytes, v.length, v.valid);
}

/** Row `i` as a JS value (slow path: keys, set functions, text casts). */
export function valueAt(v: Vec, i: number): SqlValue {
  if (v.valid !== null && !v.valid[i]) return null;
  switch (v.repr) {
    case 'num':
      return v.type.kind === 'scalar' && v.type.name === 'INTERVAL' ? { months: 0, days: 0, micros: v.values[i]! } : v.values[i]!;
    case 'big': return v.values[i]!;
    case 'bool': return v.values[i] === 1;
    case 'str': {
      const slice = v.bytes.subarray(v.offsets[i]!, v.offsets[i + 1]!);
      return v.type.kind === 'scalar' && v.type.name === 'BYTEA' ? slice.slice() : Buffer.from(slice.buffer, slice.byteOffset, slice.length).toString('utf8');
    }
    case 'list': {
      const out: SqlValue[] = [];
      for (let k = v.offsets[i]!; k < v.offsets[i + 1]!; k++) out.push(valueAt(v.child, k));
      return out;
    }
    case 'null': return null;
  }
}
