/**
 * `TableLog`: the durable rows of a table changed by INSERT, UPDATE and DELETE — its ingest log
 * (state/ingest-log.ts) and snapshots of its rows (state/table-snapshots.ts), in
 * `<dataDir>/ingest/<table>/`.
 *
 * Every change is logged as change `seq` before it is applied. Once the changes logged since
 * the newest snapshot reach `compactionBytes` (or the size of that snapshot, whichever is
 * larger, so that rewriting a large table costs no more than the log it replaces), the table's
 * rows are written as a new snapshot. Log files are then removed, but only up to a snapshot
 * that (a) every durable pipeline reading the table has read past in its oldest kept
 * checkpoint (`neededAfter`: after a restart it is given the changes after its checkpoint's
 * position from this log, as the table applied them), and (b) has a newer such snapshot
 * beside it, which a restore falls back to when the first one is damaged. A snapshot the
 * readers have not passed yet waits, and no further snapshot is written meanwhile. So the log
 * holds about two rounds of changes plus what the readers lag behind, whatever the table's age.
 *
 * Restore loads the oldest snapshot whose following changes are all in the log (or, when the
 * log still starts at change 1, no snapshot: an empty table), replays the log after it, and
 * hands the replayed changes to the readers that lag. A damaged snapshot is skipped with a
 * notice for the next usable one.
 */
import type { Schema } from '@sluice/sql';
import type { Delta } from '../delta.js';
import { EngineError } from '../errors.js';
import { CorruptFileError } from '../state/checkpoint-store.js';
import { IngestLog } from '../state/ingest-log.js';
import { TableSnapshots } from '../state/table-snapshots.js';
import type { FeedBatch } from './change-feed.js';
import { maxTimestampUs } from './event-time.js';
import type { RowStore } from './row-store.js';

export interface TableLogOptions {
  readonly table: string;
  /** bytes of changes since the newest snapshot that make a new one due (at least the snapshot's own size) */
  readonly compactionBytes: () => number;
  /** the newest change every durable reader of the table has read in its oldest kept checkpoint (Infinity: no reader) */
  readonly readersHave: () => number;
  readonly notice: (message: string) => void;
}

/** A table rebuilt from its snapshot and log. */
export interface RestoredTable {
  /** the newest change (0: none) */
  readonly lastSeq: number;
  /** the change the rows were rebuilt from: its snapshot's, 0 without one */
  readonly baseSeq: number;
  /** each change after `baseSeq`, as the table applied it (its effective change; none when it changed nothing) */
  readonly batches: FeedBatch[];
  /** the largest event time inserted, in `eventTimeColumn` (-Infinity: none or no column) */
  readonly maxEventTimeUs: number;
}

export class TableLog {
  private readonly log: IngestLog;
  private readonly snapshots: TableSnapshots;
  /** snapshots on disk, ascending */
  private snapshotSeqs: number[] = [];
  private newestSnapshotBytes = 0;
  /** bytes logged after the newest snapshot */
  private bytesSinceSnapshot = 0;
  /** after a failed snapshot write: bytes to log before the next attempt */
  private retryAtBytes = 0;
  /** the log holds no change at or below this */
  private removedThrough = 0;
  /** first change a follower of the table failed to receive: kept until a restart re-sends it */
  private heldFrom = Infinity;

  constructor(folder: string, private readonly options: TableLogOptions) {
    this.log = new IngestLog(folder);
    this.snapshots = new TableSnapshots(folder);
  }

  /** Logs change `seq` durably (before it is applied). */
  async append(seq: number, delta: Delta): Promise<void> {
    this.bytesSinceSnapshot += await this.log.append(seq, delta);
  }

  /** A follower (a sink FROM the table) failed to take change `seq`: the log keeps it, so a restart delivers it again. */
  hold(seq: number): void {
    this.heldFrom = Math.min(this.heldFrom, seq);
  }

  /**
   * After change `seq` was applied to `store`: writes a snapshot when one is due, and removes
   * what no reader needs any more. A failure here leaves the log as it was (the change is
   * safe in it) and is reported as a notice, not to the statement.
   */
  async afterChange(seq: number, store: RowStore, maxEventTimeUs: number): Promise<void> {
    try {
      const readersHave = Math.min(this.options.readersHave(), this.heldFrom - 1);
      const newest = this.snapshotSeqs[this.snapshotSeqs.length - 1] ?? 0;
      const due = this.bytesSinceSnapshot >= Math.max(this.options.compactionBytes(), this.newestSnapshotBytes, this.retryAtBytes);
      // at most one snapshot waits for the readers: another would not let more of the log go
      if (due && newest <= readersHave) await this.writeSnapshot(seq, store, maxEventTimeUs);
      await this.removeOld(readersHave);
    } catch (error) {
      this.retryAtBytes = this.bytesSinceSnapshot + this.options.compactionBytes();
      this.options.notice(`table ${this.options.table}: could not compact its ingest log (${(error as Error).message}); the log keeps every change`);
    }
  }

  private async writeSnapshot(seq: number, store: RowStore, maxEventTimeUs: number): Promise<void> {
    // `write` encodes the rows before its first await: they are the rows after change `seq`
    this.newestSnapshotBytes = await this.snapshots.write(seq, store.snapshot(), maxEventTimeUs);
    this.snapshotSeqs.push(seq);
    this.bytesSinceSnapshot = 0;
    this.retryAtBytes = 0;
  }

  /** Removes the log through the older of the two newest snapshots the readers have passed, and older snapshots. */
  private async removeOld(readersHave: number): Promise<void> {
    const passed = this.snapshotSeqs.filter((s) => s <= readersHave);
    if (passed.length < 2) return;
    const keepFrom = passed[passed.length - 2]!;
    if (keepFrom <= this.removedThrough) return;
    // the log first: a crash in between leaves older snapshots, which the restore skips
    await this.log.removeThrough(keepFrom);
    for (const s of this.snapshotSeqs) if (s < keepFrom) await this.snapshots.remove(s);
    this.snapshotSeqs = this.snapshotSeqs.filter((s) => s >= keepFrom);
    this.removedThrough = keepFrom;
  }

  /** Rebuilds the table's rows into `store` (restore). */
  async restore(schema: Schema, store: RowStore, eventTimeColumn: number | null): Promise<RestoredTable> {
    await this.snapshots.removeLeftovers();
    const logged = await this.log.sequences();
    this.snapshotSeqs = await this.snapshots.sequences();
    const lastSeq = Math.max(logged[logged.length - 1] ?? 0, this.snapshotSeqs[this.snapshotSeqs.length - 1] ?? 0);
    const base = await this.loadBase(schema, logged, lastSeq);
    this.removedThrough = base.seq;
    let maxEventTimeUs = base.maxEventTimeUs;
    if (base.rows) store.apply(base.rows);
    const batches: FeedBatch[] = [];
    const newest = this.snapshotSeqs[this.snapshotSeqs.length - 1] ?? 0;
    for (const seq of logged) {
      if (seq <= base.seq) continue;
      const { delta, bytes } = await this.log.readEntry(seq, schema);
      const change = store.apply(delta);
      if (change.length > 0) batches.push({ batchId: seq, deltas: [change], watermarkUs: null });
      if (eventTimeColumn !== null) maxEventTimeUs = Math.max(maxEventTimeUs, maxTimestampUs(delta.columns[eventTimeColumn]!, delta.ops));
      if (seq > newest) this.bytesSinceSnapshot += bytes;
    }
    if (newest > 0) this.newestSnapshotBytes = newest === base.seq ? base.bytes : await this.snapshots.size(newest);
    return { lastSeq, baseSeq: base.seq, batches, maxEventTimeUs };
  }

  /**
   * The oldest starting point whose later changes are all in the log: the empty table when the
   * log begins at change 1, else a snapshot. Damaged snapshots are skipped with a notice.
   */
  private async loadBase(schema: Schema, logged: readonly number[], lastSeq: number): Promise<{ seq: number; rows: Delta | null; maxEventTimeUs: number; bytes: number }> {
    const present = new Set(logged);
    const completeAfter = (seq: number): boolean => {
      for (let s = seq + 1; s <= lastSeq; s++) if (!present.has(s)) return false;
      return true;
    };
    if (completeAfter(0)) return { seq: 0, rows: null, maxEventTimeUs: -Infinity, bytes: 0 };
    let problem: CorruptFileError | null = null;
    for (const seq of this.snapshotSeqs) {
      if (!completeAfter(seq)) continue;
      try {
        const snapshot = await this.snapshots.read(seq, schema);
        if (problem) this.options.notice(`table ${this.options.table}: a snapshot is unusable (${problem.message}); restored from the snapshot of change ${seq}`);
        return { seq, rows: snapshot.delta, maxEventTimeUs: snapshot.maxEventTimeUs, bytes: snapshot.bytes };
      } catch (e) {
        if (!(e instanceof CorruptFileError)) throw e;
        problem ??= e;
      }
    }
    const missing = problem ? problem.message : `no snapshot precedes the oldest logged change ${logged[0] ?? '(none)'}`;
    throw new EngineError('ingest-log-corrupt', `table ${this.options.table} cannot be rebuilt: ${missing}`, 'external', {
      hint: 'restore the ingest folder of the table from a backup; or DROP the table and create it again (its rows are lost)',
    });
  }
}
