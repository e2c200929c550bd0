/**
 * One engine change stream fanned out to any number of listeners, each change encoded to JSON
 * once however many clients receive it. A feed over a table or materialized view (`SUBSCRIBE
 * name`) also keeps the current rows, so a listener joining later gets a snapshot consistent
 * with the changes that follow it; a feed over a continuous SELECT keeps nothing (its rows are
 * an unbounded history) and its snapshot is empty.
 *
 * Listeners are called synchronously and must not block: a slow client is the listener's
 * problem (it buffers within its bound or is dropped), never the feed's, so one stalled reader
 * cannot hold the others back or make the feed queue batches.
 */
import type { ChangeBatch, ResultColumn, StatementResult } from '@sluice/engine';
import { T, type SqlValue } from '@sluice/sql';
import { formatValue } from '../cli/values.js';
import { rowEncoder, wireColumns, type ValueFormat, type WireColumn } from './wire-values.js';

/** Receives a feed's batches, already encoded. */
export interface FeedListener {
  /** `rowsJson` is a JSON array of `{"op":"+"|"-","values":[...]}` */
  onChanges(batchId: number, watermark: string | null, rowsJson: string): void;
  /** the stream ended (its input is exhausted, the object was dropped) or failed with `error` */
  onEnd(error?: unknown): void;
}

/** A listener's place in a feed. */
export interface FeedMembership {
  /** JSON array of the current rows (value arrays) when the listener joined */
  readonly snapshotJson: string;
  leave(): void;
}

type StreamResult = Extract<StatementResult, { kind: 'stream' }>;

/** An engine stream shared by listeners; see the file comment. */
export class SharedFeed {
  readonly columns: readonly WireColumn[];
  private readonly encode: (values: readonly SqlValue[]) => unknown[];
  private readonly listeners = new Set<FeedListener>();
  /** current rows as JSON value arrays -> multiplicity; null when the feed keeps no state */
  private readonly rows: Map<string, number> | null;
  private ended = false;
  /** set until the first listener joins: pumping starts then, so no batch goes to nobody */
  private iterator: AsyncIterator<ChangeBatch> | null = null;
  private onIdle: (feed: SharedFeed) => void = () => {};

  private constructor(
    private readonly result: StreamResult,
    format: ValueFormat,
    keepsRows: boolean,
  ) {
    this.columns = wireColumns(result.columns);
    this.encode = rowEncoder(result.columns as ResultColumn[], format);
    this.rows = keepsRows ? new Map() : null;
  }

  /**
   * Starts pumping `result`. With `keepsRows`, the stream's first batch must be the object's
   * current rows (as `SUBSCRIBE name` delivers them): it is awaited and kept as the state, not
   * forwarded. `onIdle` runs when the last listener leaves or the stream ends. Batches flow
   * once the first listener has joined; whoever starts a feed must join it (or `stop` it).
   */
  static async start(result: StreamResult, format: ValueFormat, keepsRows: boolean, onIdle: (feed: SharedFeed) => void): Promise<SharedFeed> {
    const feed = new SharedFeed(result, format, keepsRows);
    feed.onIdle = onIdle;
    const iterator = result.stream[Symbol.asyncIterator]();
    if (keepsRows) {
      const first = await iterator.next();
      if (!first.done) feed.apply(first.value);
    }
    feed.iterator = iterator;
    return feed;
  }

  /** true once the stream has ended: joining is no longer possible */
  get isEnded(): boolean {
    return this.ended;
  }

  get listenerCount(): number {
    return this.listeners.size;
  }

  /** Adds `listener`; undefined when the feed has already ended. */
  join(listener: FeedListener): FeedMembership | undefined {
    if (this.ended) return undefined;
    this.listeners.add(listener);
    if (this.iterator) {
      void this.pump(this.iterator);
      this.iterator = null;
    }
    return {
      snapshotJson: this.snapshotJson(),
      leave: () => {
        if (!this.listeners.delete(listener) || this.listeners.size > 0) return;
        this.stop();
      },
    };
  }

  /** Cancels the engine stream; listeners are not told (they are leaving, or the server is closing). */
  stop(): void {
    if (this.ended) return;
    this.ended = true;
    this.listeners.clear();
    this.result.stream.cancel();
    this.onIdle(this);
  }

  private async pump(iterator: AsyncIterator<ChangeBatch>): Promise<void> {
    let failure: unknown;
    try {
      for (;;) {
        const next = await iterator.next();
        if (next.done || this.ended) break;
        this.publish(next.value);
      }
    } catch (error) {
      failure = error;
    }
    if (this.ended) return;
    this.ended = true;
    const listeners = [...this.listeners];
    this.listeners.clear();
    this.onIdle(this);
    for (const listener of listeners) listener.onEnd(failure);
  }

  private publish(batch: ChangeBatch): void {
    const rowsJson = this.apply(batch);
    if (rowsJson === '[]') return;
    const watermark = batch.watermarkUs === null ? null : formatValue(batch.watermarkUs, T.timestamp);
    for (const listener of [...this.listeners]) listener.onChanges(batch.batchId, watermark, rowsJson);
  }

  /** Encodes `batch` once, updates the kept rows, and returns the changes as a JSON array. */
  private apply(batch: ChangeBatch): string {
    const parts: string[] = [];
    for (const change of batch.changes) {
      const values = JSON.stringify(this.encode(change.values));
      parts.push(`{"op":"${change.op}","values":${values}}`);
      if (this.rows) {
        const count = (this.rows.get(values) ?? 0) + (change.op === '+' ? 1 : -1);
        if (count > 0) this.rows.set(values, count);
        else this.rows.delete(values);
      }
    }
    return `[${parts.join(',')}]`;
  }

  private snapshotJson(): string {
    if (!this.rows) return '[]';
    const parts: string[] = [];
    for (const [values, count] of this.rows) for (let i = 0; i < count; i++) parts.push(values);
    return `[${parts.join(',')}]`;
  }
}
