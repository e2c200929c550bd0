/**
 * `engine.subscribe(...)`: a live result as an async iterable of row changes (objects keyed
 * by column name) or, with `{ arrow: true }`, of Arrow RecordBatches with their ops. The
 * statement runs when iteration starts; leaving the loop (`break`) or `cancel()` stops it.
 */
import type * as arrow from 'apache-arrow';
import { field, schemaOf, type Schema } from '@sluice/sql';
import { deltaFromRows, toRecordBatch } from '../delta.js';
import type { ChangeBatch, ChangeStream, StatementResult } from '../results.js';
import type { RowChange } from './function-types.js';
import type { ValueOptions } from './js-values.js';
import { rowObject } from './row-objects.js';

/** Options of `subscribe`. */
export interface SubscribeOptions extends ValueOptions {
  /** yield one `ArrowChanges` per micro-batch instead of one `RowChange` per row */
  readonly arrow?: boolean;
}

/** One micro-batch of changes as Arrow: `batch` holds the rows, `ops[i]` is +1 (insert) or -1 (delete) for row i. */
export interface ArrowChanges {
  readonly batchId: number;
  readonly batch: arrow.RecordBatch;
  readonly ops: Int8Array;
}

/** A running subscription. */
export interface Subscription<T> extends AsyncIterable<T> {
  /** Stops the subscription; a pending iteration ends. */
  cancel(): void;
}

/** Runs `start` on first iteration and adapts its result (a stream, or finite rows) to `T`s. */
export class StatementSubscription<T> implements Subscription<T> {
  private stream: ChangeStream | null = null;
  private cancelled = false;

  constructor(
    private readonly start: () => Promise<StatementResult>,
    private readonly options: SubscribeOptions,
  ) {}

  cancel(): void {
    this.cancelled = true;
    this.stream?.cancel();
  }

  async *[Symbol.asyncIterator](): AsyncIterator<T> {
    const result = await this.start();
    if (result.kind === 'command') return;
    const schema = schemaOf(result.columns.map((c) => field(c.name, c.type)));
    if (result.kind === 'rows') {
      // a snapshot read (SELECT over tables and views): its rows, all inserts, then the end
      yield* this.adapt({ batchId: 0, watermarkUs: null, changes: result.rows.map((values) => ({ op: '+' as const, values })) }, schema);
      return;
    }
    this.stream = result.stream;
    if (this.cancelled) result.stream.cancel();
    try {
      for await (const batch of result.stream) yield* this.adapt(batch, schema);
    } finally {
      result.stream.cancel();
    }
  }

  private *adapt(batch: ChangeBatch, schema: Schema): Generator<T> {
    if (batch.changes.length === 0) return;
    if (this.options.arrow) {
      const delta = deltaFromRows(schema, batch.changes.map((c) => c.values));
      const ops = Int8Array.from(batch.changes.map((c) => (c.op === '+' ? 1 : -1)));
      yield { batchId: batch.batchId, batch: toRecordBatch(delta), ops } as ArrowChanges as T;
      return;
    }
    for (const change of batch.changes) {
      yield { op: change.op, row: rowObject(schema.fields, change.values, this.options) } as RowChange as T;
    }
  }
}
