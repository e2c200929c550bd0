/**
 * Adapters that hand a pipeline's or a feed's batches to a sink writer: write, then commit.
 *
 * A sink `AS SELECT` is a pipeline output: its batch ids are the pipeline's, and a batch
 * replayed after a restart carries the same id and rows (the sink writes it idempotently or
 * skips it). A sink `FROM` a table or view follows the object's change feed: its first batch
 * is the object's rows as of the feed's newest batch id L, written as batch L, and it then
 * receives the object's batches after L. L is kept durably (`pipelines/<sink>/snapshot`), so
 * after a restart the sink skips batches at or below L that its upstream replays.
 */
import type { SinkWriter } from '../connectors/sink.js';
import type { FeedBatch, FeedFollower } from './change-feed.js';
import type { EngineContext } from './engine-context.js';
import type { StoredObjectRuntime } from './object-runtime.js';
import type { BatchOutput, PipelineOutput } from './pipeline.js';

export class SinkOutput implements PipelineOutput {
  constructor(private readonly writer: SinkWriter) {}

  async write(batch: BatchOutput): Promise<void> {
    await this.writer.write(batch.batchId, batch.deltas);
    await this.writer.commit(batch.batchId);
  }

  async close(): Promise<void> {
    await this.writer.close();
  }
}

export class SinkFollower implements FeedFollower {
  private ready: Promise<void> = Promise.resolve();

  constructor(
    private readonly writer: SinkWriter,
    /** batches at or below this id are already in the sink (its first rows included them) */
    private readonly skipThrough = -1,
  ) {}

  /** Holds batches back until `ready` settles (the first rows are being written). */
  waitFor(ready: Promise<void>): void {
    this.ready = ready.catch(() => undefined);
  }

  async onBatch(batch: FeedBatch): Promise<void> {
    await this.ready;
    await this.deliver(batch);
  }

  /** Writes and commits a batch unless the sink already has it. */
  async deliver(batch: FeedBatch): Promise<void> {
    // a batch without rows (only a view's watermark moved) has nothing to write
    if (batch.batchId <= this.skipThrough || batch.deltas.length === 0) return;
    await this.writer.write(batch.batchId, batch.deltas);
    await this.writer.commit(batch.batchId);
  }

  async onClose(): Promise<void> {
    await this.writer.close();
  }
}

/**
 * Starts a sink FROM `from`: writes its current rows (or, restored, the batches a table
 * replayed from its ingest log), then follows its feed. Returns the function that detaches it.
 */
export async function followIntoSink(ctx: EngineContext, sinkName: string, fromName: string, from: StoredObjectRuntime, writer: SinkWriter): Promise<() => void> {
  const durability = ctx.durability;
  const checkpoints = durability?.checkpointStore(sinkName);
  const marker = durability?.restoring ? await checkpoints!.readSnapshotMarker() : null;
  let follower: SinkFollower;
  let ready: Promise<void>;
  if (marker !== null) {
    follower = new SinkFollower(writer, marker);
    const replayed = durability!.retainedBatches(fromName);
    ready = (async () => {
      for (const batch of replayed) await follower.deliver(batch);
    })();
  } else {
    // Synchronous from here to `follow`: the rows read now are exactly those of batches <= at.
    const at = from.feed.lastBatchId;
    const rows = from.store.snapshot();
    follower = new SinkFollower(writer, at);
    ready = (async () => {
      await writer.write(at, [rows]);
      await writer.commit(at);
      await checkpoints?.writeSnapshotMarker(at);
    })();
  }
  follower.waitFor(ready);
  const detach = from.feed.follow(follower);
  try {
    await ready;
  } catch (error) {
    detach();
    throw error;
  }
  return detach;
}
