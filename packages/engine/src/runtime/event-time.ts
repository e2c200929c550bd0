/**
 * Event-time helpers: the largest timestamp in a column, for source watermarks.
 */
import type * as arrow from 'apache-arrow';
import { isValid } from '../arrow/column-reader.js';

/**
 * Largest non-NULL value of a Timestamp(µs) column, as µs; -Infinity when none. With `ops`,
 * only rows inserted (+1) count.
 */
export function maxTimestampUs(column: arrow.Data, ops?: Int8Array | null): number {
  const values = column.values as BigInt64Array;
  // Read the int64 as two int32 halves: exact for |v| < 2^53 and free of BigInt allocation.
  const halves = new Int32Array(values.buffer, values.byteOffset, values.length * 2);
  const checkNulls = column.nullCount > 0;
  let max = -Infinity;
  for (let i = 0; i < column.length; i++) {
    if (checkNulls && !isValid(column, i)) continue;
    if (ops && ops[i] !== 1) continue;
    const j = (column.offset + i) * 2;
    const v = halves[j + 1]! * 4294967296 + (halves[j]! >>> 0);
    if (v > max) max = v;
  }
  return max;
}
