/**
 * How a change reaches a table (INSERT, UPDATE, DELETE, rows inserted from code, dead
 * letters): it becomes the table's next change `seq`, is logged durably (with a data
 * directory), applied to the rows, recorded for the table's watermark, published to the
 * table's followers under batch id `seq`, and then the table's log may be compacted. Callers
 * run it inside the table's ingest chain (`EngineContext.ingest`), so changes are logged in
 * the order they are applied and a compaction sees the rows of exactly the changes logged.
 */
import type { Delta } from '../delta.js';
import type { EngineContext } from './engine-context.js';
import type { ObjectRuntime } from './object-runtime.js';
import { recordEventTimes } from './table-late-rows.js';

export type TableRuntime = Extract<ObjectRuntime, { kind: 'table' }>;

/** Applies `delta` to `table` as its next change; returns the effective change. */
export async function applyTableChange(ctx: EngineContext, table: string, runtime: TableRuntime, delta: Delta): Promise<Delta> {
  const seq = runtime.nextBatchId++;
  // the rows are on disk (the table's ingest log) before they count as applied
  await ctx.durability?.logInsert(table, seq, delta);
  const change = runtime.store.apply(delta);
  const watermark = ctx.catalog.get(table)?.watermark;
  if (watermark) recordEventTimes(runtime.store, watermark.column, delta);
  if (change.length > 0) {
    try {
      await runtime.feed.publish({ batchId: seq, deltas: [change], watermarkUs: null });
    } catch (error) {
      ctx.durability?.holdTableLog(table, seq); // a sink FROM the table missed it: a restart sends it again
      throw error;
    }
  }
  await ctx.durability?.tableChanged(table, seq, runtime.store, watermark);
  return change;
}
