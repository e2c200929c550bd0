/**
 * Late rows of a table declared with `WATERMARK FOR ts AS ts - delay`, as RisingWave treats
 * them: the table's watermark is the largest event time inserted so far minus the delay, and
 * an INSERT drops its rows whose event time is below the watermark as it stood before that
 * INSERT; they are never stored, so no view sees them. Rows with a NULL event time are kept.
 *
 * The largest event time lives beside the table's store; after a restart it is taken again
 * from the stored rows.
 */
import type { WatermarkSpec } from '@sluice/sql';
import { deltaFromRows, deltaRows, type Delta } from '../delta.js';
import type { RowStore } from './row-store.js';

const maxEventTimeUs = new WeakMap<RowStore, number>();

/** The rows of `delta` (to be inserted into `store`) that are not late, and how many were. */
export function dropLateRows(store: RowStore, watermark: WatermarkSpec, delta: Delta): { kept: Delta; dropped: number } {
  const column = watermark.column;
  let max = maxEventTimeUs.get(store);
  if (max === undefined) {
    max = -Infinity;
    for (const row of store.snapshotRows()) max = Math.max(max, timeOf(row[column]));
  }
  const limitUs = max - watermark.delayUs;
  const rows = deltaRows(delta);
  const kept = rows.filter((r) => {
    const t = r.values[column];
    return typeof t !== 'number' || t >= limitUs;
  });
  for (const r of kept) max = Math.max(max, timeOf(r.values[column]));
  maxEventTimeUs.set(store, max);
  if (kept.length === rows.length) return { kept: delta, dropped: 0 };
  return { kept: deltaFromRows(delta.schema, kept.map((r) => r.values), kept.map((r) => r.op)), dropped: rows.length - kept.length };
}

/** An event time in µs; NULL (or a non-time) counts as no time at all. */
function timeOf(v: unknown): number {
  return typeof v === 'number' ? v : -Infinity;
}
