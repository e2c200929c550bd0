/**
 * The selection kernel behind CASE, coalesce, nullif, greatest and least: row i of the
 * result is row `pos[i]` (or i) of `sources[which[i]]`, or NULL when `which[i]` is -1.
 * One kernel per representation family, not per function.
 */
import type { DataType } from '@sluice/sql';
import { Utf8Builder } from '../arrow/utf8.js';
import { vecFromValues } from './functions/row-map.js';
import { valueAt } from './vec-convert.js';
import { bigVec, boolVec, compactValid, numVec, reprOf, strVec, type Vec } from './vec.js';

/** Gathers rows from several same-typed Vecs. */
export function chooseRows(type: DataType, sources: readonly Vec[], which: Int32Array, pos: Int32Array | null): Vec {
  const n = which.length;
  const valid = new Uint8Array(n);
  const at = (i: number): number => (pos ? pos[i]! : i);
  for (let i = 0; i < n; i++) {
    const s = which[i]!;
    if (s < 0) continue;
    const src = sources[s]!;
    valid[i] = src.valid === null ? 1 : src.valid[at(i)]!;
  }
  const v = compactValid(valid, n);
  switch (reprOf(type)) {
    case 'num':
    case 'big':
    case 'bool': {
      const repr = reprOf(type);
      const out = repr === 'num' ? new Float64Array(n) : repr === 'big' ? new BigInt64Array(n) : new Uint8Array(n);
      for (let i = 0; i < n; i++) {
        const s = which[i]!;
        if (s >= 0) out[i] = (sources[s] as { values: Float64Array }).values[at(i)]!;
      }
      if (repr === 'num') return numVec(type, out as Float64Array, v);
      return repr === 'big' ? bigVec(type, out as BigInt64Array, v) : boolVec(type, out as Uint8Array, v);
    }
    case 'str': {
      const b = new Utf8Builder(n);
      for (let i = 0; i < n; i++) {
        const s = which[i]!;
        const src = s >= 0 ? sources[s]! : null;
        if (src && src.repr === 'str') b.appendBytes(src.bytes, src.offsets[at(i)]!, src.offsets[at(i) + 1]!);
        else b.appendBytes(new Uint8Array(0), 0, 0);
      }
      const { offsets, bytes } = b.finish();
      return strVec(type, offsets, bytes, v);
    }
    default:
      return vecFromValues(type, Array.from({ length: n }, (_, i) => (which[i]! < 0 ? null : valueAt(sources[which[i]!]!, at(i)))));
  }
}
