/**
 * The output of a materialized view's pipeline: applies each batch to the view's row store
 * (`prepare`, before the checkpoint, which includes the rows) and publishes the effective
 * changes and the watermark to the view's followers (`write`, after it; a batch without
 * changes is published when its watermark advanced). A batch redelivered after a restart is
 * already in the restored rows: it is only published again (followers skip what they have).
 */
import type { Delta } from '../delta.js';
import type { ChangeFeed } from './change-feed.js';
import type { BatchOutput, PipelineOutput } from './pipeline.js';
import type { RowStore } from './row-store.js';

export class StoreWriter implements PipelineOutput {
  private prepared: { batchId: number; effective: Delta[] } | null = null;

  constructor(
    private readonly store: RowStore,
    private readonly feed: ChangeFeed,
  ) {}

  prepare(batch: BatchOutput): void {
    const effective: Delta[] = [];
    for (const delta of batch.deltas) {
      const change = this.store.apply(delta);
      if (change.length > 0) effective.push(change);
    }
    this.prepared = { batchId: batch.batchId, effective };
    // The rows now include this batch: a reader snapshotting them before the publish must
    // count the batch as seen (and skip it when it is published).
    if (batch.batchId > this.feed.lastBatchId) this.feed.lastBatchId = batch.batchId;
  }

  async write(batch: BatchOutput): Promise<void> {
    let effective: readonly Delta[];
    if (this.prepared?.batchId === batch.batchId) effective = this.prepared.effective;
    else if (batch.redelivered) effective = batch.deltas.filter((d) => d.length > 0);
    else {
      this.prepare(batch); // a caller that does not prepare (tests driving the output directly)
      effective = this.prepared!.effective;
    }
    this.prepared = null;
    // a batch that only moved the watermark is published too: readers close windows on it
    const last = this.feed.lastWatermarkUs;
    const advanced = batch.watermarkUs !== null && (last === null || batch.watermarkUs > last);
    if (effective.length > 0 || advanced) await this.feed.publish({ batchId: batch.batchId, deltas: effective, watermarkUs: batch.watermarkUs });
  }

  async close(error?: unknown): Promise<void> {
    await this.feed.close(error);
  }
}
