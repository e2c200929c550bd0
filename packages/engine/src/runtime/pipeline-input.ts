/**
 * The leaves of a pipeline: where its rows come from each micro-batch. A source leaf reads a
 * connector's reader and tracks the event-time watermark; a store leaf follows the changes of
 * a table or materialized view (its current rows first); a static leaf hands out fixed rows
 * once (VALUES, snapshot reads).
 *
 * Every leaf yields deltas in the full schema of the object it reads; the pipeline narrows
 * them to the scan's columns.
 *
 * Durable pipelines (DESIGN §6) also need, per input, a JSON position after the rows handed
 * out so far (`position`), a way to continue from one (`open(position)`), and `replay`, which
 * hands out exactly the rows of a logged batch again. An input without them makes its
 * pipeline non-durable.
 */
import type { Schema, WatermarkSpec } from '@sluice/sql';
import type { SourceReader } from '../connectors/source.js';
import { concatDeltasSlow, type Delta } from '../delta.js';
import { EngineError } from '../errors.js';
import type { ChangeFeed, FeedBatch } from './change-feed.js';
import type { IngestLog } from '../state/ingest-log.js';
import { maxTimestampUs } from './event-time.js';
import { IngestLoggedReader } from './logged-reader.js';
import type { RowStore } from './row-store.js';

/** What a batch took from one input: logged before the batch is processed. */
export interface InputIntent {
  /** position before the batch */
  readonly start: unknown;
  /** position after the batch */
  readonly end: unknown;
  /** the row limit the batch polled with (null: none) */
  readonly maxRows: number | null;
  readonly rows: number;
}

export interface PipelineInput {
  readonly description: string;
  readonly schema: Schema;
  /** Opens the input; with `position` (a restore) it continues after that position. */
  open(position?: unknown): Promise<void>;
  /** Rows ready now, at most `maxRows` when the input can split them; null when none. */
  poll(maxRows: number): Promise<Delta | null>;
  /** true once no row will ever come again */
  readonly ended: boolean;
  /** true when the last poll took everything that was available */
  readonly caughtUp: boolean;
  /** event-time watermark of this input in µs; null when it has none (yet) */
  readonly watermarkUs: number | null;
  close(): Promise<void>;
  /** JSON-serialisable position after the rows handed out so far (durable inputs only). */
  position?(): unknown;
  /** The row limit `poll(maxRows)` really applies (the input's own limit may be lower). */
  effectiveMaxRows?(maxRows: number): number;
  /** true when `replay(intent)` can run now (a store input may wait for its upstream). */
  replayReady?(intent: InputIntent): boolean;
  /** Hands out exactly the rows of a logged batch again; throws when the input changed. */
  replay?(intent: InputIntent): Promise<Delta | null>;
  /** No checkpoint goes back before `position` any more: what precedes it may be dropped. */
  release?(position: unknown): Promise<void>;
  /** Before `open`: only these columns of `schema` are read (see SourceReader.readColumns). */
  readColumns?(columns: readonly number[]): void;
  /**
   * Everything handed out so far is safe (the batch went through and, when durable, its commit
   * is logged): a broker may now forget it (NATS ack, MQTT PUBACK, Kafka group commit).
   */
  acknowledge?(): Promise<void>;
}

/** A source input's position: the reader's offset and the largest event time seen. */
interface SourcePosition {
  readonly offset: unknown;
  readonly maxEventTimeUs: number | null;
}

export class SourceInput implements PipelineInput {
  private maxEventTimeUs = -Infinity;
  private lastPollFull = false;
  private offset: unknown = null;

  constructor(
    readonly description: string,
    readonly schema: Schema,
    private reader: SourceReader,
    private readonly watermark: WatermarkSpec | undefined,
    /** a bounded source is caught up only once it has ended: FLUSH then means "all of it" */
    readonly bounded: boolean,
    /** the source's own `max_rows_per_batch`, when it sets one */
    private readonly maxRowsPerBatch = Infinity,
  ) {}

  /** true when the reader can continue from an offset (replayable source) */
  get replayable(): boolean {
    return typeof this.reader.seek === 'function';
  }

  async open(position?: unknown): Promise<void> {
    await this.reader.open();
    if (position === undefined || position === null) return;
    const p = position as SourcePosition;
    if (p.offset !== null) await this.seekTo(p.offset);
    this.maxEventTimeUs = p.maxEventTimeUs ?? -Infinity;
  }

  effectiveMaxRows(pipelineMaxRows: number): number {
    return Math.min(pipelineMaxRows, this.maxRowsPerBatch);
  }

  readColumns(columns: readonly number[]): void {
    // the watermark is computed here from its column, whether a scan reads it or not
    const read = this.watermark && !columns.includes(this.watermark.column) ? [...columns, this.watermark.column] : columns;
    this.reader.readColumns?.(read);
  }

  poll(pipelineMaxRows: number): Promise<Delta | null> {
    return this.read(this.effectiveMaxRows(pipelineMaxRows));
  }

  async acknowledge(): Promise<void> {
    if (this.offset !== null && this.offset !== undefined) await this.reader.acknowledge?.(this.offset);
  }

  position(): SourcePosition {
    return { offset: this.offset, maxEventTimeUs: this.maxEventTimeUs === -Infinity ? null : this.maxEventTimeUs };
  }

  replayReady(): boolean {
    return true;
  }

  async replay(intent: InputIntent): Promise<Delta | null> {
    const start = intent.start as SourcePosition;
    if (JSON.stringify(start.offset) !== JSON.stringify(this.offset)) {
      if (start.offset === null) throw new EngineError('replay-mismatch', `${this.description}: cannot go back to the start to replay a batch`, 'internal');
      await this.seekTo(start.offset);
    }
    // a broker's poll returns what has arrived so far: it reads exactly up to the logged end instead
    const end = intent.end as SourcePosition;
    const delta = this.reader.pollTo ? await this.read(intent.maxRows ?? Infinity, end.offset) : await this.read(intent.maxRows ?? Infinity);
    const rows = delta?.length ?? 0;
    if (rows !== intent.rows || JSON.stringify(end.offset) !== JSON.stringify(this.offset)) {
      throw new EngineError('source-changed', `${this.description}: replaying a logged batch read ${rows} rows up to ${JSON.stringify(this.offset)}, but the batch had ${intent.rows} rows up to ${JSON.stringify(end.offset)}`, 'external', {
        hint: 'the input changed after it was read (a file rewritten or truncated); results after a restart would differ, so the pipeline stops',
      });
    }
    return delta;
  }

  /** Before `open`: a push source (no seek) hands its batches out through `log`, which makes it replayable. */
  logTo(log: IngestLog): void {
    if (!this.replayable) this.reader = new IngestLoggedReader(this.reader, log, this.schema);
  }

  async release(position: unknown): Promise<void> {
    const reader = this.reader as SourceReader & { release?: (offset: unknown) => Promise<void> };
    const offset = (position as SourcePosition | null)?.offset;
    if (reader.release && offset !== null && offset !== undefined) await reader.release(offset);
  }

  private async seekTo(offset: unknown): Promise<void> {
    if (!this.reader.seek) {
      throw new EngineError('source-not-replayable', `${this.description} cannot continue from an offset`, 'internal');
    }
    await this.reader.seek(offset);
    this.offset = offset;
  }

  private async read(maxRows: number, upTo?: unknown): Promise<Delta | null> {
    const batch = upTo === undefined ? await this.reader.poll(maxRows) : await this.reader.pollTo!(upTo, maxRows);
    this.lastPollFull = batch !== null && batch.delta.length >= maxRows;
    if (batch) this.offset = batch.offset;
    if (!batch || batch.delta.length === 0) return null;
    if (this.watermark) {
      const max = maxTimestampUs(batch.delta.columns[this.watermark.column]!);
      if (max > this.maxEventTimeUs) this.maxEventTimeUs = max;
    }
    return batch.delta;
  }

  get ended(): boolean {
    return this.reader.ended;
  }

  get caughtUp(): boolean {
    // a broker source knows its backlog (Kafka lag): FLUSH waits for what the broker holds
    return this.bounded ? this.reader.ended : !this.lastPollFull && (this.reader.caughtUp ?? true);
  }

  get watermarkUs(): number | null {
    if (!this.watermark) return null;
    if (this.reader.ended) return Infinity;
    return this.maxEventTimeUs === -Infinity ? null : this.maxEventTimeUs - this.watermark.delayUs;
  }

  close(): Promise<void> {
    return this.reader.close();
  }
}

/** Reads the published batches of an object after a batch id (a restore's gap), oldest first. */
export type ChangeHistory = (afterBatchId: number) => Promise<FeedBatch[]>;

/**
 * Follows a table's or view's changes, starting with its current rows. Its position is the
 * id of the newest upstream batch it handed out (its first rows are the snapshot as of the
 * feed's `lastBatchId`); restored at a position, it reads the batches it missed from the
 * upstream's history and skips any it already had.
 *
 * With `followWatermark` (a view whose result has a watermark column) its watermark is the
 * upstream pipeline's as of the newest batch handed out. Batches read back from the history
 * after a restart carry none: the watermark resumes with the upstream's next batch.
 */
export class StoreInput implements PipelineInput {
  /** upstream batches not yet handed out: their rows (null: none) and watermark */
  private pending: { batchId: number; delta: Delta | null; watermarkUs: number | null }[] = [];
  private takenWatermarkUs: number | null = null;
  private unfollow: (() => void) | null = null;
  private drainedOnce = false;
  /** newest batch id queued, and newest handed out */
  private queuedId = 0;
  private takenId = 0;

  constructor(
    readonly description: string,
    private readonly store: RowStore,
    /** snapshot mode: read the current rows once, then end */
    private readonly snapshotOnly: boolean,
    /** true once the store will not change any more (a view whose pipeline finished) */
    private readonly upstreamEnded: () => boolean = () => false,
    /** called when a change arrives, so the pipeline runs a batch soon */
    private readonly onChange: () => void = () => {},
    /** the object's change feed; without it the input reads a snapshot only */
    private readonly feed: ChangeFeed | null = null,
    /** the object's published batches after an id, for restores */
    private readonly history: ChangeHistory | null = null,
    /** take the upstream's watermark from the feed (a view with a watermark column) */
    private readonly followWatermark = false,
  ) {}

  get schema(): Schema {
    return this.store.schema;
  }

  async open(position?: unknown): Promise<void> {
    const restoredAt = typeof position === 'number' ? position : null;
    const live: FeedBatch[] = [];
    if (!this.snapshotOnly && this.feed) {
      this.unfollow = this.feed.follow({
        onBatch: (batch) => {
          if (this.unfollow === null && restoredAt !== null) live.push(batch);
          else this.enqueue(batch);
        },
        onClose: () => this.onChange(),
      });
    }
    if (restoredAt === null) {
      const at = this.feed?.lastBatchId ?? 0;
      const initial = this.store.snapshot();
      this.queuedId = at;
      this.takenId = at;
      this.takenWatermarkUs = this.feed?.lastWatermarkUs ?? null;
      if (initial.length > 0) this.pending.push({ batchId: at, delta: initial, watermarkUs: null });
      return;
    }
    this.queuedId = restoredAt;
    this.takenId = restoredAt;
    const unfollow = this.unfollow;
    this.unfollow = null; // buffer live batches while the history is read
    try {
      if (this.history) for (const batch of await this.history(restoredAt)) this.enqueue(batch);
    } finally {
      this.unfollow = unfollow;
    }
    for (const batch of live) this.enqueue(batch);
  }

  private enqueue(batch: FeedBatch): void {
    if (batch.batchId <= this.queuedId) return; // replayed upstream batch this input already had
    this.queuedId = batch.batchId;
    const watermarkUs = this.followWatermark ? batch.watermarkUs : null;
    let queued = false;
    for (const delta of batch.deltas) {
      if (delta.length === 0) continue;
      this.pending.push({ batchId: batch.batchId, delta, watermarkUs });
      queued = true;
    }
    if (!queued && watermarkUs !== null) this.pending.push({ batchId: batch.batchId, delta: null, watermarkUs });
    if (queued || watermarkUs !== null) this.onChange();
  }

  async poll(): Promise<Delta | null> {
    this.drainedOnce = true;
    return this.take(Infinity);
  }

  position(): number {
    return this.takenId;
  }

  replayReady(intent: InputIntent): boolean {
    return this.queuedId >= (intent.end as number);
  }

  async replay(intent: InputIntent): Promise<Delta | null> {
    if (this.takenId !== intent.start) {
      throw new EngineError('replay-mismatch', `${this.description}: replay expected to start after batch ${String(intent.start)}, is after ${this.takenId}`, 'internal');
    }
    this.drainedOnce = true;
    return this.take(intent.end as number);
  }

  private take(upToBatchId: number): Delta | null {
    const parts: Delta[] = [];
    let n = 0;
    while (n < this.pending.length && this.pending[n]!.batchId <= upToBatchId) {
      const { delta, watermarkUs } = this.pending[n++]!;
      if (delta) parts.push(delta);
      if (watermarkUs !== null && (this.takenWatermarkUs === null || watermarkUs > this.takenWatermarkUs)) this.takenWatermarkUs = watermarkUs;
    }
    this.pending = this.pending.slice(n);
    this.takenId = upToBatchId === Infinity ? this.queuedId : upToBatchId;
    if (parts.length === 0) return null;
    return parts.length === 1 ? parts[0]! : concatDeltasSlow(parts);
  }

  get ended(): boolean {
    if (this.pending.length > 0) return false;
    return this.snapshotOnly ? this.drainedOnce : this.upstreamEnded();
  }

  get caughtUp(): boolean {
    return this.pending.length === 0;
  }

  get watermarkUs(): number | null {
    if (this.ended) return Infinity;
    return this.followWatermark ? this.takenWatermarkUs : null;
  }

  async close(): Promise<void> {
    this.unfollow?.();
    this.unfollow = null;
  }
}

/** Fixed rows, handed out once (VALUES, INSERT ... VALUES). */
export class StaticInput implements PipelineInput {
  private taken = false;

  constructor(
    readonly description: string,
    private readonly delta: Delta,
  ) {}

  get schema(): Schema {
    return this.delta.schema;
  }

  async open(position?: unknown): Promise<void> {
    this.taken = position === true;
  }

  async poll(): Promise<Delta | null> {
    if (this.taken) return null;
    this.taken = true;
    return this.delta;
  }

  position(): boolean {
    return this.taken;
  }

  replayReady(): boolean {
    return true;
  }

  async replay(intent: InputIntent): Promise<Delta | null> {
    this.taken = intent.start === true;
    return this.poll();
  }

  get ended(): boolean {
    return this.taken;
  }

  get caughtUp(): boolean {
    return true;
  }

  get watermarkUs(): number | null {
    return Infinity;
  }

  async close(): Promise<void> {}
}
