/**
 * Makes a push source replayable (DESIGN §6, Spark's receiver write-ahead log): every batch
 * the wrapped reader hands out is first appended to an ingest log and flushed to disk, then
 * given to the pipeline. The offset is the log sequence number of the batch; `seek` continues
 * after one, reading logged batches back before asking the source for new rows. So a batch
 * replayed after a crash has exactly the rows it had, and rows received but never logged were
 * never part of a batch (the sender sees them as lost with the connection, as with any TCP peer).
 *
 * `release(offset)` drops logged batches no checkpoint can go back to any more.
 */
import type { Schema } from '@sluice/sql';
import type { SourceBatch, SourceErrorCounters, SourceReader } from '../connectors/source.js';
import type { IngestLog } from '../state/ingest-log.js';

/** The offset of a logged reader: the sequence number of the last batch handed out. */
interface LoggedOffset {
  readonly seq: number;
}

export class IngestLoggedReader implements SourceReader {
  private seq = 0;
  private lastLogged = 0;
  private released = 0;

  constructor(
    private readonly inner: SourceReader,
    private readonly log: IngestLog,
    private readonly schema: Schema,
  ) {}

  get ended(): boolean {
    return this.inner.ended && this.seq >= this.lastLogged;
  }

  get errors(): SourceErrorCounters {
    return this.inner.errors;
  }

  async open(): Promise<void> {
    const logged = await this.log.sequences();
    this.lastLogged = logged.length > 0 ? logged[logged.length - 1]! : 0;
    this.released = logged.length > 0 ? logged[0]! - 1 : 0;
    await this.inner.open();
  }

  async seek(offset: unknown): Promise<void> {
    this.seq = (offset as LoggedOffset).seq;
  }

  async poll(maxRows: number): Promise<SourceBatch | null> {
    if (this.seq < this.lastLogged) {
      // a logged batch first: exactly the rows it had when it was handed out before
      const next = this.seq + 1;
      const delta = await this.log.read(next, this.schema);
      this.seq = next;
      return { delta, offset: { seq: next } };
    }
    const batch = await this.inner.poll(maxRows);
    if (!batch || batch.delta.length === 0) return batch && { delta: batch.delta, offset: { seq: this.seq } };
    const next = this.lastLogged + 1;
    await this.log.append(next, batch.delta);
    this.lastLogged = next;
    this.seq = next;
    // Logged and flushed: the rows are safe here, so the sender may forget them (MQTT PUBACK).
    await this.inner.acknowledge?.(batch.offset);
    return { delta: batch.delta, offset: { seq: next } };
  }

  /** The pipeline's acknowledgement: nothing left to do, the inner reader was told at logging time. */
  async acknowledge(): Promise<void> {}

  get caughtUp(): boolean | undefined {
    return this.inner.caughtUp;
  }

  metrics(): Readonly<Record<string, number>> {
    return this.inner.metrics?.() ?? {};
  }

  /** Deletes logged batches up to `offset` (no kept checkpoint is older). */
  async release(offset: unknown): Promise<void> {
    const upTo = (offset as LoggedOffset | null)?.seq ?? 0;
    if (upTo <= this.released) return;
    await this.log.removeThrough(upTo);
    this.released = upTo;
  }

  close(): Promise<void> {
    return this.inner.close();
  }
}
