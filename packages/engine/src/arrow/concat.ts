/**
 * Concatenation of columns and deltas with the same schema, for every layout take supports.
 */
import * as arrow from 'apache-arrow';
import { InternalError } from '@sluice/sql';
import type { Delta } from '../delta.js';
import { bitmapBytes } from './bitmap.js';

/** One column holding the rows of `parts` in order (parts share one Arrow type). */
export function concatData(parts: readonly arrow.Data[]): arrow.Data {
  if (parts.length === 1) return parts[0]!;
  const type = parts[0]!.type;
  const n = parts.reduce((s, p) => s + p.length, 0);
  if (type.typeId === arrow.Type.Null) return arrow.makeData({ type: type as arrow.Null, length: n, nullCount: n });
  const nullCount = parts.reduce((s, p) => s + p.nullCount, 0);
  const nullBitmap = nullCount > 0 ? concatBits(parts, (p) => (p.nullCount > 0 ? p.nullBitmap ?? null : null)) : undefined;
  const common = { length: n, nullCount, nullBitmap };
  switch (type.typeId) {
    case arrow.Type.Bool:
      return arrow.makeData({ ...common, type: type as arrow.Bool, data: concatBits(parts, (p) => p.values as Uint8Array) });
    case arrow.Type.Utf8:
    case arrow.Type.Binary: {
      const { offsets, ranges } = concatOffsets(parts);
      const bytes = new Uint8Array(offsets[n]!);
      let at = 0;
      parts.forEach((p, k) => {
        const [s, e] = ranges[k]!;
        bytes.set((p.values as Uint8Array).subarray(s, e), at);
        at += e - s;
      });
      return arrow.makeData({ ...common, type: type as arrow.Utf8, valueOffsets: offsets, data: bytes });
    }
    case arrow.Type.List: {
      const { offsets, ranges } = concatOffsets(parts);
      const child = concatData(parts.map((p, k) => p.children[0]!.slice(ranges[k]![0], ranges[k]![1] - ranges[k]![0])));
      return arrow.makeData({ ...common, type: type as arrow.List, valueOffsets: offsets, child });
    }
    default: {
      const first = parts[0]!.values as Int32Array;
      if (!ArrayBuffer.isView(first) || parts[0]!.stride !== 1) throw new InternalError(`concat: unsupported Arrow type ${String(type)}`);
      const out = new (first.constructor as new (n: number) => Int32Array)(n);
      let at = 0;
      for (const p of parts) {
        out.set((p.values as Int32Array).subarray(0, p.length), at);
        at += p.length;
      }
      return arrow.makeData({ ...common, type: type as arrow.Int32, data: out });
    }
  }
}

/** One delta holding the rows (and ops) of `deltas` in order; `deltas` must not be empty. */
export function concatDeltas(deltas: readonly Delta[]): Delta {
  if (deltas.length === 0) throw new InternalError('concatDeltas needs at least one delta');
  const nonEmpty = deltas.filter((d) => d.length > 0);
  if (nonEmpty.length <= 1) return nonEmpty[0] ?? deltas[0]!;
  const length = nonEmpty.reduce((s, d) => s + d.length, 0);
  let ops: Int8Array | null = null;
  if (nonEmpty.some((d) => d.ops)) {
    ops = new Int8Array(length);
    let at = 0;
    for (const d of nonEmpty) {
      if (d.ops) ops.set(d.ops, at);
      else ops.fill(1, at, at + d.length);
      at += d.length;
    }
  }
  const columns = nonEmpty[0]!.columns.map((_, c) => concatData(nonEmpty.map((d) => d.columns[c]!)));
  return { schema: nonEmpty[0]!.schema, columns, length, ops };
}

function concatBits(parts: readonly arrow.Data[], bitsOf: (p: arrow.Data) => Uint8Array | null): Uint8Array {
  const n = parts.reduce((s, p) => s + p.length, 0);
  const out = new Uint8Array(bitmapBytes(n));
  let at = 0;
  for (const p of parts) {
    const bits = bitsOf(p);
    for (let i = 0; i < p.length; i++, at++) {
      if (!bits) { out[at >> 3]! |= 1 << (at & 7); continue; }
      const j = p.offset + i;
      if ((bits[j >> 3]! >> (j & 7)) & 1) out[at >> 3]! |= 1 << (at & 7);
    }
  }
  return out;
}

function concatOffsets(parts: readonly arrow.Data[]): { offsets: Int32Array; ranges: [number, number][] } {
  const n = parts.reduce((s, p) => s + p.length, 0);
  const offsets = new Int32Array(n + 1);
  const ranges: [number, number][] = [];
  let row = 0;
  for (const p of parts) {
    const src = p.valueOffsets as Int32Array;
    const base = offsets[row]! - src[0]!;
    for (let i = 1; i <= p.length; i++) offsets[row + i] = src[i]! + base;
    ranges.push([src[0]!, src[p.length]!]);
    row += p.length;
  }
  return { offsets, ranges };
}
