/**
 * `DistinctAccumulator`: an aggregate over DISTINCT values (`count(DISTINCT x)`,
 * `sum(DISTINCT x)`, `avg(DISTINCT x)`). Per group it counts how many rows hold each value;
 * only a value's first appearance (0 -> 1 rows) reaches the wrapped accumulator as an insert
 * and its last disappearance (1 -> 0) as a retraction, so retractions stay exact. NULLs are
 * ignored, as every aggregate but count(*) ignores them; FILTER applies before counting.
 *
 * Checkpoint: the wrapped accumulator's columns in `groups`, and the value counts as the
 * extra table `aggregate_<j>_values` (group row, value, count).
 */
import type { DataType, Field, SqlValue } from '@sluice/sql';
import type { Vec } from '../expr/vec.js';
import type { Accumulator, BatchRouting } from './accumulators.js';
import { primitiveReader, stateField, storageType, toPrimitive, toStorage, type Primitive } from './aggregate-values.js';

export class DistinctAccumulator implements Accumulator {
  private readonly counts: (Map<Primitive, number> | undefined)[] = [];

  constructor(private readonly inner: Accumulator, private readonly argType: DataType) {}

  accumulate(batch: BatchRouting, arg: Vec | null, filter: Uint8Array | null): void {
    if (!arg) return;
    const read = primitiveReader(arg);
    const slots = new Int32Array(batch.n).fill(-1);
    const signs = new Int8Array(batch.n);
    for (let i = 0; i < batch.n; i++) {
      const s = batch.slots[i]!;
      if (s < 0 || (filter && !filter[i])) continue;
      const v = read(i);
      if (v === null) continue;
      const counts = (this.counts[s] ??= new Map());
      const before = counts.get(v) ?? 0;
      const after = before + batch.signs[i]!;
      if (after > 0) counts.set(v, after);
      else counts.delete(v);
      if (before <= 0 && after > 0) { slots[i] = s; signs[i] = 1; }
      else if (before > 0 && after <= 0) { slots[i] = s; signs[i] = -1; }
    }
    this.inner.accumulate({ slots, signs, n: batch.n }, arg, null);
  }

  result(slot: number): SqlValue {
    return this.inner.result(slot);
  }

  clear(slot: number): void {
    this.counts[slot] = undefined;
    this.inner.clear(slot);
  }

  stateFields(prefix: string): Field[] {
    return this.inner.stateFields(prefix);
  }

  stateValues(slot: number): SqlValue[] {
    return this.inner.stateValues(slot);
  }

  restore(slot: number, values: readonly SqlValue[]): void {
    this.inner.restore(slot, values);
  }

  extraState(slotRows: ReadonlyMap<number, number>): { fields: Field[]; rows: SqlValue[][] } {
    const rows: SqlValue[][] = [];
    for (const [slot, row] of slotRows) {
      for (const [v, c] of this.counts[slot] ?? []) rows.push([row, toStorage(v, this.argType), c]);
    }
    const fields = [stateField('group_row', { kind: 'scalar', name: 'INT' }), stateField('value', storageType(this.argType)), stateField('count', { kind: 'scalar', name: 'DOUBLE' })];
    return { fields, rows };
  }

  restoreExtra(rows: readonly SqlValue[][], slotOfRow: (row: number) => number): void {
    for (const [row, value, count] of rows) {
      const slot = slotOfRow(row as number);
      (this.counts[slot] ??= new Map()).set(toPrimitive(value ?? null, storageType(this.argType)), count as number);
    }
  }
}
