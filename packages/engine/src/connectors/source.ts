/**
 * Source connectors: where rows come from.
 *
 * A `SourceReader` is opened per pipeline that reads the source. The micro-batch loop calls
 * `poll(maxRows)` once per batch; it returns the rows that are ready now (possibly none)
 * without waiting for more. A bounded source (a single file, a generator with a row count)
 * reports `ended` once everything was returned; an unbounded one never ends.
 *
 * Push sources (socket) receive in the background and buffer; `poll` drains the buffer.
 * `offset` is a JSON-serialisable position after the returned rows, so a later version can
 * seek back to it on recovery.
 */
import type { Options, Schema, SqlValue } from '@sluice/sql';
import type { Delta } from '../delta.js';

export interface SourceBatch {
  /**
   * rows decoded into the source's schema; all inserts, except for change formats (UPSERT,
   * DEBEZIUM) and refreshed tables, which only feed tables and carry deletions
   */
  readonly delta: Delta;
  readonly offset: unknown;
}

export interface SourceReader {
  open(): Promise<void>;
  /**
   * Optional: after `open` and before the first `poll`, continue just after `offset`, an offset
   * this source returned with an earlier batch (recovery). Sources that cannot replay omit it.
   */
  seek?(offset: unknown): Promise<void>;
  poll(maxRows: number): Promise<SourceBatch | null>;
  /**
   * Optional, for recovery of sources whose `poll` returns what has arrived so far (brokers):
   * after `seek(start)`, returns exactly the rows up to `offset` (an offset this source returned
   * earlier), waiting for them to arrive (at most about 30 s; then it throws
   * EngineError('source-changed')). Without it a replay calls `poll(maxRows)`.
   */
  pollTo?(offset: unknown, maxRows: number): Promise<SourceBatch | null>;
  /**
   * Optional: every row up to and including `offset` (one this reader returned) is safe — the
   * batch that read it has committed (with a data directory: its checkpoint commit is logged).
   * Brokers hear about it only here: Kafka commits the consumer group's offsets (progress
   * reporting only), NATS JetStream acknowledges, MQTT sends the QoS 1 PUBACKs. Called by the
   * runtime and nowhere else; offsets arrive in order, an older one may be skipped.
   */
  acknowledge?(offset: unknown): Promise<void>;
  /**
   * Optional: false while the source knows of rows it has not handed out yet (a broker's
   * backlog, e.g. Kafka lag > 0), so FLUSH waits for them. Absent: only a full `poll` counts
   * as a backlog.
   */
  readonly caughtUp?: boolean;
  /** Optional: numbers worth watching, by name (`lag`, `buffered_rows`, `paused`...). */
  metrics?(): Readonly<Record<string, number>>;
  /**
   * Optional, called before `open`: only the columns at these positions will be read; the
   * reader may leave the others NULL (a generator then skips building them). A hint: a reader
   * without it, or that ignores it, fills every column.
   */
  readColumns?(columns: readonly number[]): void;
  /** true once a bounded source has returned its last row */
  readonly ended: boolean;
  /** errors seen in the input so far (malformed rows, wrong types) */
  readonly errors: SourceErrorCounters;
  close(): Promise<void>;
}

export interface SourceErrorCounters {
  malformedRows: number;
}

/** What a connector gets to build a reader. */
export interface SourceContext {
  readonly name: string;
  /** the columns declared in CREATE SOURCE/TABLE */
  readonly schema: Schema;
  /** WITH (...) options, keys lower case */
  readonly options: Options;
  /** `FORMAT ... ENCODE ...`, lower case; default plain/json */
  readonly format: { readonly format: string; readonly encode: string; readonly options: Options };
  /**
   * column positions of the primary key when a connector feeds a TABLE with one (change
   * formats such as UPSERT and DEBEZIUM need it); absent or empty otherwise
   */
  readonly primaryKey?: readonly number[];
  /**
   * for connectors feeding a TABLE: the table's rows now (after every batch handed out so far
   * was applied), so a refreshing source can emit the difference to a new snapshot
   */
  readonly currentRows?: () => readonly (readonly SqlValue[])[];
  /** reports a bad row once: position (file:line, socket line number) and reason */
  readonly report: (problem: InputProblem) => void;
}

export interface InputProblem {
  readonly code: string;
  readonly message: string;
  /** where in the input, e.g. `events.jsonl:17` */
  readonly position: string;
  /**
   * Set with `on_error = 'dead_letter'` (code `dead-letter`): the rejected record, for the
   * `sluice_dead_letters` table. Every dead letter is reported (not only the first per position).
   */
  readonly deadLetter?: DeadLetter;
}

/**
 * A record a source could not decode, or a row a user function failed on, kept for
 * inspection (`on_error = 'dead_letter'`).
 */
export interface DeadLetter {
  readonly source: string;
  /**
   * the record's position in its input (`topic/partition@offset`, `file:line`); null when
   * not known (a row a user function failed on, once decoded)
   */
  readonly offset: string | null;
  /** the record as received (UTF-8 text; binary payloads as `\\x` hex) */
  readonly payload: string;
  /** why it was rejected */
  readonly error: string;
}

export interface SourceConnector {
  readonly name: string;
  /** Checks options at CREATE time; throws an EngineError naming the bad option. */
  validate(ctx: SourceContext): void;
  /**
   * Optional: checks at CREATE SOURCE / CREATE TABLE time, after `validate`, what needs I/O —
   * the broker sources try to connect to their server (a few seconds at most) and throw
   * EngineError('source-unavailable') naming the address option and the address. Not called
   * when a data directory's objects are restored: a server that is down then is waited for by
   * the reader, which retries.
   */
  check?(ctx: SourceContext): Promise<void>;
  /** Whether a source with these options ends by itself. */
  isBounded(options: Options): boolean;
  createReader(ctx: SourceContext): SourceReader;
}
