/**
 * `TopNOperator`: the rows ranked `(offset, offset + limit]` per partition (a `TopN` plan
 * node), kept up to date under inserts and retractions.
 *
 * Per push, every partition the delta touched compares its top set before and after the
 * delta and emits the difference: `-` for rows that left (or whose rank changed, when the
 * rank is a column), `+` for rows that entered. Ties on the order keys are broken by all
 * columns, so the kept rows do not depend on arrival order.
 *
 * State choice: under retractions, each partition keeps *all* its rows, sorted, so deleting a
 * top row refills the top set from the rows below it exactly (a bounded buffer would need a
 * re-scan of the input when it runs dry, which an operator cannot do). When the input is
 * append-only nothing can leave, so a row ranked past `offset + limit` can never come back:
 * then only the rows ranked up to `offset + limit` are kept, and state is bounded by the
 * number of partitions times the limit (plus rows tied at the boundary for rank/dense_rank).
 *
 * Windows: with `windowClose`, rows whose window already closed are late (dropped, counted),
 * and `advanceWatermark` evicts closed partitions; with `emitOnWindowClose` push emits
 * nothing and a closing partition emits its top rows once, as inserts.
 *
 * State tables (`snapshot`): `rows` (every kept input row; partitions are derived from the
 * rows) and `meta` (the watermark). Snapshots are incremental (state-changes.ts): `rows` is
 * keyed by the partition keys, and a change lists the rows of every partition a push or a
 * closing window reached (a global top-N, one partition, replaces its rows whole).
 */
import type { DataType, Schema, SqlValue, TopN } from '@sluice/sql';
import { deltaFromRows, deltaRows, type Delta } from '../delta.js';
import { rowKey } from '../runtime/row-key.js';
import { stateField } from './aggregate-values.js';
import { ChangedKeys } from './changed-keys.js';
import { newMetrics, type Operator, type OperatorState } from './operator.js';
import type { OperatorChanges } from './state-changes.js';
import { diffRows, keyComparator, type RowChanges, type RowComparator, SortedRows, totalComparator } from './row-order.js';
import { timed } from './timed.js';

/** What the operator needs of a `TopN` node. */
export type TopNSpec = Pick<TopN, 'partitionKeys' | 'orderBy' | 'rank' | 'offset' | 'limit' | 'rankColumn' | 'emitOnWindowClose' | 'windowClose' | 'schema'>;

const DOUBLE: DataType = { kind: 'scalar', name: 'DOUBLE' };

interface Partition {
  readonly key: SqlValue[];
  readonly rows: SortedRows;
}

export class TopNOperator implements Operator {
  readonly name = 'TopN';
  readonly metrics = newMetrics();
  readonly outputSchema: Schema;
  private partitions = new Map<string, Partition>();
  private watermarkUs = -Infinity;
  private readonly byKeys: RowComparator;
  private readonly total: RowComparator;
  /** the last rank kept: `offset + limit` */
  private readonly lastRank: number;
  /** partitions changed since the last durable snapshot: id -> key values */
  private readonly changed = new ChangedKeys<string, SqlValue[]>();

  /** `appendOnlyInput` lets the operator forget rows that fell out of reach (see the file comment). */
  constructor(private readonly spec: TopNSpec, private readonly inputSchema: Schema, private readonly appendOnlyInput: boolean) {
    this.outputSchema = spec.schema;
    this.byKeys = keyComparator(spec.orderBy);
    this.total = totalComparator(spec.orderBy);
    this.lastRank = spec.limit === undefined ? Infinity : spec.offset + spec.limit;
  }

  push(delta: Delta, _input: number): Delta[] {
    this.metrics.rowsIn += delta.length;
    return timed(this.metrics, () => {
      const before = new Map<string, SqlValue[][]>();
      for (const { op, values } of deltaRows(delta)) {
        const key = this.spec.partitionKeys.map((k) => values[k] ?? null);
        if (this.isClosed(key)) {
          this.metrics.lateRowsDropped++;
          continue;
        }
        const id = rowKey(key);
        let partition = this.partitions.get(id);
        if (!partition) {
          partition = { key, rows: new SortedRows(this.total) };
          this.partitions.set(id, partition);
        }
        if (!before.has(id)) before.set(id, this.topRows(partition));
        if (op > 0) partition.rows.insert(values);
        else partition.rows.remove(values);
      }
      const changes: RowChanges = { rows: [], ops: [] };
      for (const [id, old] of before) {
        const partition = this.partitions.get(id)!;
        this.changed.mark(id, partition.key);
        if (!this.spec.emitOnWindowClose) diffRows(old, this.topRows(partition), changes);
        if (partition.rows.length === 0) this.partitions.delete(id);
        else if (this.appendOnlyInput) partition.rows.truncate(this.reachableRows(partition));
      }
      this.updateStateMetric();
      return changes.rows.length > 0 ? [deltaFromRows(this.outputSchema, changes.rows, changes.ops)] : [];
    });
  }

  advanceWatermark(watermarkUs: number): Delta[] {
    if (watermarkUs <= this.watermarkUs) return [];
    this.watermarkUs = watermarkUs;
    if (!this.spec.windowClose) return [];
    return timed(this.metrics, () => {
      const closed: SqlValue[][] = [];
      for (const [id, partition] of this.partitions) {
        if (!this.isClosed(partition.key)) continue;
        if (this.spec.emitOnWindowClose) closed.push(...this.topRows(partition));
        this.partitions.delete(id);
        this.changed.mark(id, partition.key);
      }
      this.updateStateMetric();
      return closed.length > 0 ? [deltaFromRows(this.outputSchema, closed)] : [];
    });
  }

  snapshot(): OperatorState {
    const rows = [...this.partitions.values()].flatMap((p) => p.rows.rows);
    return { rows: deltaFromRows(this.inputSchema, rows), meta: this.metaTable() };
  }

  private metaTable(): Delta {
    return deltaFromRows({ fields: [stateField('watermark_us', DOUBLE)] }, [[this.watermarkUs]]);
  }

  snapshotChanges(): OperatorChanges | null {
    if (!this.changed.tracking) return null;
    const captured = this.changed.capture();
    const changes: Record<string, OperatorChanges[string]> = { meta: { kind: 'replace', rows: this.metaTable() } };
    const keyColumns = this.spec.partitionKeys;
    if (keyColumns.length === 0) {
      if (captured.size > 0) changes['rows'] = { kind: 'replace', rows: this.snapshot()['rows']! };
      return changes;
    }
    // every changed partition's key goes, and the rows of those still there come back
    const upserts = [...captured.keys()].flatMap((id) => this.partitions.get(id)?.rows.rows ?? []);
    const keySchema = { fields: keyColumns.map((k) => this.inputSchema.fields[k]!) };
    changes['rows'] = { kind: 'upsert', keyColumns, upserts: deltaFromRows(this.inputSchema, upserts), removed: deltaFromRows(keySchema, [...captured.values()]) };
    return changes;
  }

  snapshotDurable(): void {
    this.changed.durable();
  }

  open(restored?: OperatorState): void {
    this.partitions = new Map();
    this.watermarkUs = -Infinity;
    this.changed.reset();
    if (!restored) return;
    const meta = restored.meta ? deltaRows(restored.meta)[0]?.values : undefined;
    if (meta) this.watermarkUs = meta[0] as number;
    if (!restored.rows) return;
    for (const { values } of deltaRows(restored.rows)) {
      const key = this.spec.partitionKeys.map((k) => values[k] ?? null);
      const id = rowKey(key);
      let partition = this.partitions.get(id);
      if (!partition) {
        partition = { key, rows: new SortedRows(this.total) };
        this.partitions.set(id, partition);
      }
      partition.rows.insert(values);
    }
    this.updateStateMetric();
  }

  /** The partition's output rows: those ranked in `(offset, offset + limit]`, with the rank when it is a column. */
  private topRows(partition: Partition): SqlValue[][] {
    const out: SqlValue[][] = [];
    this.forEachRank(partition, (row, rank) => {
      if (rank > this.spec.offset) out.push(this.spec.rankColumn ? [...row, BigInt(rank)] : row);
    });
    return out;
  }

  /** How many leading rows can still be output: those ranked up to `offset + limit`. */
  private reachableRows(partition: Partition): number {
    let count = 0;
    this.forEachRank(partition, () => count++);
    return count;
  }

  /** Calls `visit` for the leading rows with their rank, while the rank is at most `offset + limit`. */
  private forEachRank(partition: Partition, visit: (row: SqlValue[], rank: number) => void): void {
    const rows = partition.rows.rows;
    let rank = 0;
    let dense = 0;
    for (let i = 0; i < rows.length; i++) {
      const newPeerGroup = i === 0 || this.byKeys(rows[i - 1]!, rows[i]!) !== 0;
      if (newPeerGroup) dense++;
      if (this.spec.rank === 'row_number') rank = i + 1;
      else if (this.spec.rank === 'rank') rank = newPeerGroup ? i + 1 : rank;
      else rank = dense;
      if (rank > this.lastRank) return;
      visit(rows[i]!, rank);
    }
  }

  /** Whether the window of a partition with key values `key` has closed. */
  private isClosed(key: readonly SqlValue[]): boolean {
    const close = this.spec.windowClose;
    if (!close) return false;
    const bound = key[close.keyIndex];
    return typeof bound === 'number' && bound + close.endOffsetUs <= this.watermarkUs;
  }

  private updateStateMetric(): void {
    let rows = 0;
    for (const p of this.partitions.values()) rows += p.rows.length;
    this.metrics.stateRows = rows;
  }
}
