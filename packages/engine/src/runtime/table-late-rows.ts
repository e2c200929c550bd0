/**
 * Late rows of a table declared with `WATERMARK FOR ts AS ts - delay`, as RisingWave treats
 * them: the table's watermark is the largest event time inserted so far minus the delay, and
 * an INSERT drops its rows whose event time is below the watermark as it stood before that
 * INSERT; they are never stored, so no view sees them. Rows with a NULL event time are kept.
 *
 * The largest event time lives beside the table's store: every change applied to the table
 * records the event times of the rows it inserts (`recordEventTimes`, table-changes.ts), and a
 * restart restores it (`restoreMaxEventTime`) from the table's snapshot and ingest log, so a
 * row deleted since does not lower it and a restarted engine drops what an uninterrupted one
 * drops. A store that never had it recorded (a table filled by a connector) takes it from its
 * rows at the first INSERT.
 */
import type { WatermarkSpec } from '@sluice/sql';
import { deltaFromRows, deltaRows, type Delta } from '../delta.js';
import { maxTimestampUs } from './event-time.js';
import type { RowStore } from './row-store.js';

const maxEventTimeUs = new WeakMap<RowStore, number>();

/** The largest event time inserted into `store` (µs; -Infinity: none). */
export function tableMaxEventTimeUs(store: RowStore, column: number): number {
  let max = maxEventTimeUs.get(store);
  if (max === undefined) {
    max = -Infinity;
    for (const row of store.snapshotRows()) max = Math.max(max, timeOf(row[column]));
    maxEventTimeUs.set(store, max);
  }
  return max;
}

/** Records the event times of the rows `delta` inserts into `store` (its deletions do not count). */
export function recordEventTimes(store: RowStore, column: number, delta: Delta): void {
  const max = maxTimestampUs(delta.columns[column]!, delta.ops);
  if (max > (maxEventTimeUs.get(store) ?? -Infinity)) maxEventTimeUs.set(store, max);
}

/** Sets the largest event time of a restored table. */
export function restoreMaxEventTime(store: RowStore, us: number): void {
  maxEventTimeUs.set(store, us);
}

/** The rows of `delta` (to be inserted into `store`) that are not late, and how many were. */
export function dropLateRows(store: RowStore, watermark: WatermarkSpec, delta: Delta): { kept: Delta; dropped: number } {
  const column = watermark.column;
  const limitUs = tableMaxEventTimeUs(store, column) - watermark.delayUs;
  const rows = deltaRows(delta);
  const kept = rows.filter((r) => {
    const t = r.values[column];
    return typeof t !== 'number' || t >= limitUs;
  });
  if (kept.length === rows.length) return { kept: delta, dropped: 0 };
  return { kept: deltaFromRows(delta.schema, kept.map((r) => r.values), kept.map((r) => r.op)), dropped: rows.length - kept.length };
}

/** An event time in µs; NULL (or a non-time) counts as no time at all. */
function timeOf(v: unknown): number {
  return typeof v === 'number' ? v : -Infinity;
}
