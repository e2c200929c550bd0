/**
 * The changes of a table or materialized view, fanned out to whoever follows them: live
 * subscriptions (SUBSCRIBE), sinks created FROM the object. Each follower receives every
 * effective change after it joined, batch by batch, and is told when the feed closes (the
 * view's pipeline finished, failed or was dropped). A view also publishes a batch without rows
 * when only its watermark advanced, so that views reading it can close windows.
 */
import type { Delta } from '../delta.js';

export interface FeedBatch {
  readonly batchId: number;
  readonly deltas: readonly Delta[];
  readonly watermarkUs: number | null;
}

export interface FeedFollower {
  onBatch(batch: FeedBatch): void | Promise<void>;
  onClose(error?: unknown): void | Promise<void>;
}

export class ChangeFeed {
  private readonly followers = new Set<FeedFollower>();
  private closedWith: { error?: unknown } | null = null;
  /**
   * Id of the newest batch published (0 before any): the object's rows as read now include
   * every batch up to it. Set before any follower runs, so a reader that snapshots the rows
   * and then follows sees each change exactly once. Restores set it to the restored batch.
   */
  lastBatchId = 0;
  /** The largest watermark published (null before any): where a new reader's watermark starts. */
  lastWatermarkUs: number | null = null;

  get closed(): boolean {
    return this.closedWith !== null;
  }

  follow(follower: FeedFollower): () => void {
    if (this.closedWith) {
      void follower.onClose(this.closedWith.error);
      return () => {};
    }
    this.followers.add(follower);
    return () => this.followers.delete(follower);
  }

  async publish(batch: FeedBatch): Promise<void> {
    if (batch.batchId > this.lastBatchId) this.lastBatchId = batch.batchId;
    if (batch.watermarkUs !== null && (this.lastWatermarkUs === null || batch.watermarkUs > this.lastWatermarkUs)) this.lastWatermarkUs = batch.watermarkUs;
    for (const follower of [...this.followers]) await follower.onBatch(batch);
  }

  async close(error?: unknown): Promise<void> {
    if (this.closedWith) return;
    this.closedWith = { error };
    const followers = [...this.followers];
    this.followers.clear();
    for (const follower of followers) await follower.onClose(error);
  }
}
