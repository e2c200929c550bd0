/**
 * Reads the group keys of a batch row by row for GroupIndex.lookup. Numeric keys (numbers,
 * timestamps, booleans, BIGINTs within ±2^53) go through one reused Float64Array, so a row
 * costs no allocation; a row with a NULL key, a BIGINT beyond 2^53 or a text key takes the
 * general path (Primitives in a reused array).
 */
import { int64At, int64Words } from '../arrow/int64.js';
import type { Vec } from '../expr/vec.js';
import { primitiveReader, type Primitive, type PrimitiveReader } from './aggregate-values.js';

/** The key of row `i`; the returned array is reused by the next call. */
export type GroupKeyAt = (i: number) => ArrayLike<Primitive>;

/** A key reader over the key columns `vecs` of a batch of `n` rows. */
export function groupKeyReader(vecs: readonly Vec[], n: number): GroupKeyAt {
  const width = vecs.length;
  let readers: PrimitiveReader[] | null = null;
  const general: Primitive[] = new Array<Primitive>(width).fill(null);
  const readGeneral = (i: number): Primitive[] => {
    readers ??= vecs.map(primitiveReader);
    for (let k = 0; k < width; k++) general[k] = readers[k]!(i);
    return general;
  };
  const columns: (Float64Array | Uint8Array)[] = [];
  let slow: Uint8Array | null = null;
  for (const v of vecs) {
    if (v.repr !== 'num' && v.repr !== 'bool' && v.repr !== 'big') return readGeneral;
    let values: Float64Array | Uint8Array;
    if (v.repr === 'big') {
      const words = int64Words(v.values);
      const converted = new Float64Array(n);
      for (let i = 0; i < n; i++) {
        const x = int64At(words, i);
        if (x !== x) (slow ??= new Uint8Array(n))[i] = 1;
        converted[i] = x;
      }
      values = converted;
    } else values = v.values;
    if (v.valid) for (let i = 0; i < n; i++) if (!v.valid[i]) (slow ??= new Uint8Array(n))[i] = 1;
    columns.push(values);
  }
  const fast = new Float64Array(width);
  const slowRows = slow;
  return (i) => {
    if (slowRows !== null && slowRows[i]) return readGeneral(i);
    for (let k = 0; k < width; k++) fast[k] = columns[k]![i]!;
    return fast;
  };
}
