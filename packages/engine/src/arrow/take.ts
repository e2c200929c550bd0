/**
 * The gather kernel: builds a column from rows of another, by index. One kernel for every
 * Arrow layout Sluice uses (Null, Bool, fixed width, Utf8/Binary, List), parameterised by
 * layout rather than copied per type. Index -1 yields NULL (outer padding, set functions).
 * Filter, window assignment and group emission are all expressed as a take.
 */
import * as arrow from 'apache-arrow';
import { InternalError } from '@sluice/sql';
import type { Delta } from '../delta.js';
import { bitmapBytes } from './bitmap.js';

/** Rows `indices[k]` of `data` (any offset) as a new offset-0 column; -1 gives NULL. */
export function takeData(data: arrow.Data, indices: Int32Array): arrow.Data {
  const n = indices.length;
  if (data.typeId === arrow.Type.Null) return arrow.makeData({ type: data.type as arrow.Null, length: n, nullCount: n });
  const { bits, nullCount } = takeValidity(data, indices);
  const nullBitmap = nullCount > 0 ? bits : undefined;
  const common = { length: n, nullCount, nullBitmap };
  switch (data.typeId) {
    case arrow.Type.Bool: {
      const src = data.values as Uint8Array;
      const out = new Uint8Array(bitmapBytes(n));
      for (let k = 0; k < n; k++) {
        const i = indices[k]!;
        if (i < 0) continue;
        const j = data.offset + i;
        if ((src[j >> 3]! >> (j & 7)) & 1) out[k >> 3]! |= 1 << (k & 7);
      }
      return arrow.makeData({ ...common, type: data.type as arrow.Bool, data: out });
    }
    case arrow.Type.Utf8:
    case arrow.Type.Binary: {
      const { offsets, bytes } = takeVarBinary(data.valueOffsets as Int32Array, data.values as Uint8Array, indices);
      return arrow.makeData({ ...common, type: data.type as arrow.Utf8, valueOffsets: offsets, data: bytes });
    }
    case arrow.Type.List: return takeList(data, indices, common);
    default: {
      if (!ArrayBuffer.isView(data.values) || data.stride !== 1) throw new InternalError(`take: unsupported Arrow type ${String(data.type)}`);
      const src = data.values as Int32Array;
      const Ctor = src.constructor as new (n: number) => Int32Array;
      const out = new Ctor(n);
      for (let k = 0; k < n; k++) {
        const i = indices[k]!;
        if (i >= 0) out[k] = src[i]!;
      }
      return arrow.makeData({ ...common, type: data.type as arrow.Int32, data: out });
    }
  }
}

/** Rows of every column (and the ops) of a delta, by index. */
export function takeDelta(delta: Delta, indices: Int32Array): Delta {
  let ops: Int8Array | null = null;
  if (delta.ops) {
    ops = new Int8Array(indices.length);
    for (let k = 0; k < indices.length; k++) ops[k] = delta.ops[indices[k]!]!;
  }
  return { schema: delta.schema, columns: delta.columns.map((c) => takeData(c, indices)), length: indices.length, ops };
}

function takeValidity(data: arrow.Data, indices: Int32Array): { bits: Uint8Array; nullCount: number } {
  const n = indices.length;
  const bits = new Uint8Array(bitmapBytes(n));
  const src = data.nullCount > 0 ? data.nullBitmap : null;
  let nullCount = 0;
  for (let k = 0; k < n; k++) {
    const i = indices[k]!;
    let valid = i >= 0;
    if (valid && src) {
      const j = data.offset + i;
      valid = ((src[j >> 3]! >> (j & 7)) & 1) === 1;
    }
    if (valid) bits[k >> 3]! |= 1 << (k & 7);
    else nullCount++;
  }
  return { bits, nullCount };
}

/** Gathers variable-width rows; offsets are those of the (possibly sliced) column. */
export function takeVarBinary(offsets: Int32Array, bytes: Uint8Array, indices: Int32Array): { offsets: Int32Array; bytes: Uint8Array } {
  const n = indices.length;
  const out = new Int32Array(n + 1);
  let total = 0;
  for (let k = 0; k < n; k++) {
    const i = indices[k]!;
    if (i >= 0) total += offsets[i + 1]! - offsets[i]!;
    out[k + 1] = total;
  }
  const data = new Uint8Array(total);
  for (let k = 0; k < n; k++) {
    const i = indices[k]!;
    if (i < 0) continue;
    const s = offsets[i]!;
    const e = offsets[i + 1]!;
    if (e - s < 16) for (let p = s, q = out[k]!; p < e; p++, q++) data[q] = bytes[p]!;
    else data.set(bytes.subarray(s, e), out[k]!);
  }
  return { offsets: out, bytes: data };
}

function takeList(data: arrow.Data, indices: Int32Array, common: { length: number; nullCount: number; nullBitmap: Uint8Array | undefined }): arrow.Data {
  const offsets = data.valueOffsets as Int32Array;
  const n = indices.length;
  const out = new Int32Array(n + 1);
  for (let k = 0; k < n; k++) {
    const i = indices[k]!;
    out[k + 1] = out[k]! + (i >= 0 ? offsets[i + 1]! - offsets[i]! : 0);
  }
  const childIndices = new Int32Array(out[n]!);
  for (let k = 0, at = 0; k < n; k++) {
    const i = indices[k]!;
    if (i < 0) continue;
    for (let c = offsets[i]!; c < offsets[i + 1]!; c++) childIndices[at++] = c;
  }
  const child = takeData(data.children[0]!, childIndices);
  return arrow.makeData({ ...common, type: data.type as arrow.List, valueOffsets: out, child });
}

/** Indices `[start, end)` as an Int32Array (a take that copies a range). */
export function rangeIndices(start: number, end: number): Int32Array {
  const out = new Int32Array(Math.max(0, end - start));
  for (let k = 0; k < out.length; k++) out[k] = start + k;
  return out;
}
