/**
 * Zero-copy row ranges of deltas. Arrow keeps a bit offset for bitmaps and slices the value
 * buffers, so every reader in Sluice honours `data.offset` for bits only.
 */
import type { Delta } from '../delta.js';

/** Rows `[start, end)` of `delta`, sharing its buffers. */
export function sliceDelta(delta: Delta, start: number, end: number): Delta {
  const s = Math.max(0, Math.min(start, delta.length));
  const e = Math.max(s, Math.min(end, delta.length));
  if (s === 0 && e === delta.length) return delta;
  return {
    schema: delta.schema,
    columns: delta.columns.map((c) => c.slice(s, e - s)),
    length: e - s,
    ops: delta.ops ? delta.ops.subarray(s, e) : null,
  };
}
