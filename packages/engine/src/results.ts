/**
 * What running a statement returns (the engine's public result types).
 */
import type { DataType, Schema, SqlValue } from '@sluice/sql';

export interface ResultColumn {
  readonly name: string;
  readonly type: DataType;
}

/**
 * The result of one statement:
 * - `rows`: a finite result (a SELECT on a view or table, SHOW, DESCRIBE, EXPLAIN);
 * - `command`: a statement with no rows (CREATE, INSERT, DROP, SET, FLUSH), with its tag;
 * - `stream`: a continuous query (SELECT over a source, SUBSCRIBE): changes arrive per batch.
 */
export type StatementResult =
  | { readonly kind: 'rows'; readonly columns: readonly ResultColumn[]; readonly rows: readonly SqlValue[][]; readonly notices: readonly string[] }
  | { readonly kind: 'command'; readonly tag: string; readonly notices: readonly string[] }
  | { readonly kind: 'stream'; readonly columns: readonly ResultColumn[]; readonly stream: ChangeStream; readonly notices: readonly string[] };

/** One row change. `values` follow the result columns, as JS values (data-type.ts). */
export interface Change {
  readonly op: '+' | '-';
  readonly values: readonly SqlValue[];
}

/** The changes of one micro-batch. */
export interface ChangeBatch {
  readonly batchId: number;
  /** the event-time watermark after the batch, µs since epoch; null before any event time */
  readonly watermarkUs: number | null;
  readonly changes: readonly Change[];
}

/**
 * A live result. Iterating yields one `ChangeBatch` per micro-batch that changed the result.
 * The iteration ends when the query's sources have all ended (bounded input) or after
 * `cancel()`.
 */
export interface ChangeStream extends AsyncIterable<ChangeBatch> {
  readonly schema: Schema;
  cancel(): void;
}
