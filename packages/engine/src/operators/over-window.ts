/**
 * `OverWindowOperator`: window functions over partitions (an `OverWindow` plan node), kept
 * up to date under inserts and retractions.
 *
 * Each partition keeps all its rows sorted in window order (ORDER BY keys, then all columns,
 * so peers resolve the same way every time) and the output rows it last emitted. A push
 * applies the delta to every partition it touches, recomputes those partitions' output from
 * scratch (`window-functions.ts`) and emits the difference: `-` for output rows whose window
 * values changed or whose input row left, `+` for their new versions. Recomputing a whole
 * partition costs its size per changed partition and batch; it keeps every function and
 * frame exact without per-function incremental state.
 *
 * Windows: with `windowClose` (a partition key that is a window bound), rows of closed
 * windows are late (dropped, counted) and closed partitions are evicted; with
 * `emitOnWindowClose`, push emits nothing and a closing partition emits its rows once.
 * `emitOnWindowClose` without `windowClose` orders by a watermark column (the first ORDER BY
 * key): each row is emitted once, when the watermark has passed it and every row its frame
 * or lead reaches (`window-completeness.ts`); rows below the watermark are late. Emitted rows
 * stay in state, since later rows' values (row numbers, running sums, lag) depend on them.
 *
 * State tables (`snapshot`): `rows`, every input row (the emitted output is recomputed on
 * restore, since it is a function of the rows), and `meta` (the watermark).
 */
import type { DataType, OverWindow, Schema, SqlValue } from '@sluice/sql';
import { deltaFromRows, deltaRows, type Delta } from '../delta.js';
import { rowKey } from '../runtime/row-key.js';
import { stateField } from './aggregate-values.js';
import { newMetrics, type Operator, type OperatorState } from './operator.js';
import { diffRows, keyComparator, type RowChanges, type RowComparator, SortedRows, totalComparator } from './row-order.js';
import { timed } from './timed.js';
import { completeRows, type Lookahead, lookaheadOf } from './window-completeness.js';
import { computeWindowValues } from './window-functions.js';

/** What the operator needs of an `OverWindow` node. */
export type OverWindowSpec = Pick<OverWindow, 'partitionKeys' | 'orderBy' | 'calls' | 'schema' | 'windowClose' | 'emitOnWindowClose'>;

const DOUBLE: DataType = { kind: 'scalar', name: 'DOUBLE' };

interface Partition {
  readonly key: SqlValue[];
  readonly rows: SortedRows;
  /** the output rows last emitted for this partition (emit on update) */
  output: SqlValue[][];
  /** how many leading rows have been emitted (emit on window close, ordered by a watermark column) */
  emitted: number;
}

export class OverWindowOperator implements Operator {
  readonly name = 'OverWindow';
  readonly metrics = newMetrics();
  readonly outputSchema: Schema;
  private partitions = new Map<string, Partition>();
  private watermarkUs = -Infinity;
  private readonly peers: RowComparator;
  private readonly total: RowComparator;
  /** set when emitting on window close by the first ORDER BY key, a watermark column */
  private readonly orderClose: { readonly keyColumn: number; readonly ahead: Lookahead } | undefined;

  constructor(private readonly spec: OverWindowSpec, private readonly inputSchema: Schema) {
    this.outputSchema = spec.schema;
    this.peers = keyComparator(spec.orderBy);
    this.total = totalComparator(spec.orderBy);
    const first = spec.orderBy[0];
    this.orderClose = spec.emitOnWindowClose && !spec.windowClose && first ? { keyColumn: first.column, ahead: lookaheadOf(spec.calls) } : undefined;
  }

  push(delta: Delta, _input: number): Delta[] {
    this.metrics.rowsIn += delta.length;
    return timed(this.metrics, () => {
      const touched = new Set<string>();
      for (const { op, values } of deltaRows(delta)) {
        if (this.isClosed(this.keyOf(values)) || this.isLateByOrder(values)) {
          this.metrics.lateRowsDropped++;
          continue;
        }
        const partition = this.partitionOf(values, touched);
        if (op > 0) partition.rows.insert(values);
        else partition.rows.remove(values);
      }
      const changes: RowChanges = { rows: [], ops: [] };
      for (const id of touched) {
        const partition = this.partitions.get(id)!;
        if (!this.spec.emitOnWindowClose) {
          const output = this.outputOf(partition);
          diffRows(partition.output, output, changes);
          partition.output = output;
        }
        if (partition.rows.length === 0) this.partitions.delete(id);
      }
      this.updateStateMetric();
      return changes.rows.length > 0 ? [deltaFromRows(this.outputSchema, changes.rows, changes.ops)] : [];
    });
  }

  advanceWatermark(watermarkUs: number): Delta[] {
    if (watermarkUs <= this.watermarkUs) return [];
    this.watermarkUs = watermarkUs;
    if (this.orderClose) return timed(this.metrics, () => this.emitCompleteRows(this.orderClose!));
    if (!this.spec.windowClose) return [];
    return timed(this.metrics, () => {
      const closed: SqlValue[][] = [];
      for (const [id, partition] of this.partitions) {
        if (!this.isClosed(partition.key)) continue;
        if (this.spec.emitOnWindowClose) closed.push(...this.outputOf(partition));
        this.partitions.delete(id);
      }
      this.updateStateMetric();
      return closed.length > 0 ? [deltaFromRows(this.outputSchema, closed)] : [];
    });
  }

  /** Emits, per partition, the rows whose values became final (see window-completeness.ts). */
  private emitCompleteRows(close: { readonly keyColumn: number; readonly ahead: Lookahead }): Delta[] {
    const out: SqlValue[][] = [];
    for (const partition of this.partitions.values()) {
      const complete = completeRows(partition.rows.rows, close.keyColumn, close.ahead, this.watermarkUs, partition.emitted);
      if (complete <= partition.emitted) continue;
      out.push(...this.outputOf(partition).slice(partition.emitted, complete));
      partition.emitted = complete;
    }
    return out.length > 0 ? [deltaFromRows(this.outputSchema, out)] : [];
  }

  /** A row whose order key is below the watermark, when emitting by order key: its place is already emitted. */
  private isLateByOrder(values: readonly SqlValue[]): boolean {
    if (!this.orderClose) return false;
    const key = values[this.orderClose.keyColumn];
    return typeof key === 'number' && key < this.watermarkUs;
  }

  snapshot(): OperatorState {
    const partitions = [...this.partitions.values()];
    const keyFields = this.spec.partitionKeys.map((k) => this.inputSchema.fields[k]!);
    return {
      rows: deltaFromRows(this.inputSchema, partitions.flatMap((p) => p.rows.rows)),
      meta: deltaFromRows({ fields: [stateField('watermark_us', DOUBLE)] }, [[this.watermarkUs]]),
      emitted: deltaFromRows({ fields: [...keyFields, stateField('emitted_rows', DOUBLE)] }, partitions.map((p) => [...p.key, p.emitted])),
    };
  }

  open(restored?: OperatorState): void {
    this.partitions = new Map();
    this.watermarkUs = -Infinity;
    const meta = restored?.meta ? deltaRows(restored.meta)[0]?.values : undefined;
    if (meta) this.watermarkUs = meta[0] as number;
    if (!restored?.rows) return;
    const touched = new Set<string>();
    for (const { values } of deltaRows(restored.rows)) this.partitionOf(values, touched).rows.insert(values);
    if (!this.spec.emitOnWindowClose) for (const partition of this.partitions.values()) partition.output = this.outputOf(partition);
    const width = this.spec.partitionKeys.length;
    for (const { values } of restored.emitted ? deltaRows(restored.emitted) : []) {
      const partition = this.partitions.get(rowKey(values.slice(0, width)));
      if (partition) partition.emitted = values[width] as number;
    }
    this.updateStateMetric();
  }

  private keyOf(values: readonly SqlValue[]): SqlValue[] {
    return this.spec.partitionKeys.map((k) => values[k] ?? null);
  }

  /** Whether the window of a partition with key values `key` has closed. */
  private isClosed(key: readonly SqlValue[]): boolean {
    const close = this.spec.windowClose;
    if (!close) return false;
    const bound = key[close.keyIndex];
    return typeof bound === 'number' && bound + close.endOffsetUs <= this.watermarkUs;
  }

  private partitionOf(values: readonly SqlValue[], touched: Set<string>): Partition {
    const key = this.keyOf(values);
    const id = rowKey(key);
    touched.add(id);
    let partition = this.partitions.get(id);
    if (!partition) {
      partition = { key, rows: new SortedRows(this.total), output: [], emitted: 0 };
      this.partitions.set(id, partition);
    }
    return partition;
  }

  private outputOf(partition: Partition): SqlValue[][] {
    const rows = partition.rows.rows;
    const values = computeWindowValues({ rows, orderBy: this.spec.orderBy, peers: this.peers }, this.spec.calls);
    return rows.map((row, i) => [...row, ...values[i]!]);
  }

  private updateStateMetric(): void {
    let rows = 0;
    for (const p of this.partitions.values()) rows += p.rows.length;
    this.metrics.stateRows = rows;
  }
}
