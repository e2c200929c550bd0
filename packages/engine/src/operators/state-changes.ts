/**
 * Incremental snapshots: what an operator's state tables gained and lost since its last
 * durable snapshot, so that a checkpoint's cost follows the change, not the total state.
 *
 * A changed table is either replaced whole (`replace`: small tables such as `meta`) or
 * changed by key (`upsert`): `keyColumns` are the positions of the key in the table's
 * columns; `upserts` are full rows, `removed` holds key columns only (in `keyColumns`
 * order). Applying a change to a table (state/state-merge.ts): every row whose key is in
 * `removed` or in `upserts` goes, then the upserts are added. A key may hold several rows
 * (a group's distinct values, a partition's rows): an upsert lists all of the key's rows.
 * A table absent from the changes did not change.
 *
 * The protocol an operator keeps (the checkpointer drives it, runtime/operator-state-chain.ts):
 *
 * 1. Tracking starts at the first `snapshotDurable()`, after a full `snapshot()` was written
 *    or the operator was opened from restored state; until then `snapshotChanges()` returns
 *    null (a full snapshot is due) and the hot path records nothing.
 * 2. `snapshotChanges()` captures what changed since the last durable snapshot and starts a
 *    new capture: changes made after the call belong to the next one. The checkpointer may
 *    then call `snapshot()` instead of writing the changes (a base is due); a full snapshot
 *    taken right after `snapshotChanges()` covers the captured changes.
 * 3. `snapshotDurable()`: what the last capture (or the snapshot after it) holds is on disk.
 *    When a checkpoint fails before that call, the next `snapshotChanges()` still includes
 *    the failed capture's changes: nothing is lost, the change is only written again.
 */
import type { Delta } from '../delta.js';

/** One state table's changes. */
export type TableChanges =
  | { readonly kind: 'replace'; readonly rows: Delta }
  | {
    readonly kind: 'upsert';
    /** positions of the key columns in the table */
    readonly keyColumns: readonly number[];
    /** full rows; they replace every row of their key */
    readonly upserts: Delta;
    /** the key columns (in `keyColumns` order) of keys whose rows are gone */
    readonly removed: Delta;
  };

/** Changes per state table since the last durable snapshot; absent tables did not change. */
export type OperatorChanges = Readonly<Record<string, TableChanges>>;

/** The optional part of `Operator` that makes its snapshots incremental. */
export interface IncrementalSnapshots {
  /** The changes since the last durable snapshot; null: not tracked yet, take `snapshot()`. */
  snapshotChanges(): OperatorChanges | null;
  /** The last capture (or the full snapshot taken after it) is durable; starts tracking. */
  snapshotDurable(): void;
}
