/**
 * `EowcSortOperator`: EMIT ON WINDOW CLOSE for rows no window closes (RisingWave's EowcSort).
 * Each row is held until the watermark passes its sort column, then emitted; the rows a
 * watermark releases come out in ascending order of that column (then of all columns, so
 * output is deterministic).
 *
 * - An insert whose sort value is already behind the watermark is late: dropped and counted.
 * - A retraction of a held row cancels it; a retraction of a row no longer held (emitted
 *   already) passes through, so a retracting input still gives a consistent result.
 * - A NULL sort value is never passed by a watermark: such rows wait for the end of input.
 *
 * State tables (`snapshot`): `rows` (the held rows, a multiset) and `meta` (the watermark).
 */
import type { DataType, Schema, SqlValue } from '@sluice/sql';
import { deltaFromRows, deltaRows, type Delta, type Op } from '../delta.js';
import { stateField } from './aggregate-values.js';
import { newMetrics, type Operator, type OperatorState } from './operator.js';
import { type RowComparator, SortedRows, totalComparator } from './row-order.js';
import { timed } from './timed.js';

const DOUBLE: DataType = { kind: 'scalar', name: 'DOUBLE' };

export class EowcSortOperator implements Operator {
  readonly name = 'EowcSort';
  readonly metrics = newMetrics();
  private held: SortedRows;
  private watermarkUs = -Infinity;
  private readonly order: RowComparator;

  constructor(readonly outputSchema: Schema, private readonly sortColumn: number) {
    this.order = totalComparator([{ column: sortColumn, direction: 'ASC', nulls: 'LAST' }]);
    this.held = new SortedRows(this.order);
  }

  open(restored?: OperatorState): void {
    this.held = new SortedRows(this.order);
    this.watermarkUs = -Infinity;
    const meta = restored?.meta ? deltaRows(restored.meta)[0]?.values : undefined;
    if (meta) this.watermarkUs = meta[0] as number;
    if (restored?.rows) for (const { values } of deltaRows(restored.rows)) this.held.insert(values);
    this.metrics.stateRows = this.held.length;
  }

  push(delta: Delta): Delta[] {
    this.metrics.rowsIn += delta.length;
    return timed(this.metrics, () => {
      const passed: SqlValue[][] = [];
      for (const { op, values } of deltaRows(delta)) {
        if (op === 1) {
          if (this.released(values[this.sortColumn] ?? null)) this.metrics.lateRowsDropped++;
          else this.held.insert(values);
        } else if (!this.held.remove(values)) {
          passed.push(values);
        }
      }
      this.metrics.stateRows = this.held.length;
      return passed.length > 0 ? [deltaFromRows(this.outputSchema, passed, passed.map((): Op => -1))] : [];
    });
  }

  advanceWatermark(watermarkUs: number): Delta[] {
    if (watermarkUs <= this.watermarkUs) return [];
    this.watermarkUs = watermarkUs;
    return timed(this.metrics, () => {
      const rows = this.held.rows;
      let count = 0;
      while (count < rows.length && this.released(rows[count]![this.sortColumn] ?? null)) count++;
      if (count === 0) return [];
      const out = rows.splice(0, count);
      this.metrics.stateRows = this.held.length;
      return [deltaFromRows(this.outputSchema, out)];
    });
  }

  snapshot(): OperatorState {
    return {
      rows: deltaFromRows(this.outputSchema, this.held.rows),
      meta: deltaFromRows({ fields: [stateField('watermark_us', DOUBLE)] }, [[this.watermarkUs]]),
    };
  }

  /** true when the watermark has passed `value` (everything has, once the input ended) */
  private released(value: SqlValue): boolean {
    if (this.watermarkUs === Infinity) return true;
    return value !== null && Number(value) < this.watermarkUs;
  }
}
