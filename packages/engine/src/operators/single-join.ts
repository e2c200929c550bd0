/**
 * `SingleJoinOperator`: a `SingleJoin` plan node — every left row extended with the one right
 * row of its key (NULLs when there is none), as a scalar subquery gives it. When a key's
 * right row changes, the left rows of that key are retracted with the old values and
 * emitted with the new.
 *
 * Two right rows for one key after a delta is applied is the user error
 * `subquery-returned-multiple-rows` (PostgreSQL: "more than one row returned by a subquery
 * used as an expression").
 *
 * State: `left_rows` (left columns and a count) and `right_rows` (right key columns, the
 * contributed right columns, and a count).
 */
import type { Schema, SingleJoin, SqlValue } from '@sluice/sql';
import { deltaFromRows, deltaRows, type Delta, type Op } from '../delta.js';
import { EngineError } from '../errors.js';
import { rowKey } from '../runtime/row-key.js';
import { sameValue, stateField } from './aggregate-values.js';
import { emitBucket, KeyedRows, pick } from './keyed-rows.js';
import { newMetrics, type Operator, type OperatorState } from './operator.js';
import { timed } from './timed.js';

/** What the operator needs of a `SingleJoin` node. */
export type SingleJoinSpec = Pick<SingleJoin, 'leftKeys' | 'rightKeys' | 'rightColumns' | 'schema'>;

export class SingleJoinOperator implements Operator {
  readonly name = 'SingleJoin';
  readonly metrics = newMetrics();
  readonly outputSchema: Schema;
  private left = new KeyedRows();
  /** right rows by key; each row is the key values followed by the contributed values */
  private right = new KeyedRows();
  private readonly nulls: SqlValue[];

  constructor(private readonly spec: SingleJoinSpec, private readonly leftSchema: Schema, private readonly rightSchema: Schema) {
    this.outputSchema = spec.schema;
    this.nulls = spec.rightColumns.map(() => null);
  }

  open(restored?: OperatorState): void {
    this.left = new KeyedRows();
    this.right = new KeyedRows();
    const width = this.spec.rightKeys.length;
    for (const { values, count } of restored?.right_rows ? KeyedRows.rowsOfState(restored.right_rows) : []) {
      const key = values.slice(0, width);
      this.right.add(rowKey(key), key, values, count);
    }
    for (const { values, count } of restored?.left_rows ? KeyedRows.rowsOfState(restored.left_rows) : []) {
      const key = pick(values, this.spec.leftKeys);
      this.left.add(rowKey(key), key, values, count);
    }
    this.metrics.stateRows = this.left.size + this.right.size;
  }

  push(delta: Delta, input: number): Delta[] {
    this.metrics.rowsIn += delta.length;
    return timed(this.metrics, () => {
      const rows: SqlValue[][] = [];
      const ops: Op[] = [];
      if (input === 0) this.pushLeft(delta, rows, ops);
      else this.pushRight(delta, rows, ops);
      this.metrics.stateRows = this.left.size + this.right.size;
      return rows.length > 0 ? [deltaFromRows(this.outputSchema, rows, ops)] : [];
    });
  }

  private pushLeft(delta: Delta, rows: SqlValue[][], ops: Op[]): void {
    for (const { op, values } of deltaRows(delta)) {
      const key = pick(values, this.spec.leftKeys);
      const k = rowKey(key);
      rows.push([...values, ...this.rightValues(k, key)]);
      ops.push(op);
      this.left.add(k, key, values, op);
    }
  }

  private pushRight(delta: Delta, rows: SqlValue[][], ops: Op[]): void {
    const before = new Map<string, SqlValue[]>();
    for (const { op, values } of deltaRows(delta)) {
      const key = pick(values, this.spec.rightKeys);
      if (key.some((v) => v === null)) continue; // never equal to any left key
      const k = rowKey(key);
      if (!before.has(k)) before.set(k, this.rightValues(k, key));
      this.right.add(k, key, [...key, ...pick(values, this.spec.rightColumns)], op);
    }
    for (const [k, old] of before) {
      const bucket = this.left.buckets.get(k);
      const now = this.rightValues(k, bucket?.key ?? []);
      if (!bucket || old.every((v, i) => sameValue(v, now[i]!))) continue;
      emitBucket(bucket, -1, rows, ops, old);
      emitBucket(bucket, 1, rows, ops, now);
    }
  }

  /** The contributed right values for a left key: the one right row's, or NULLs. */
  private rightValues(k: string, key: readonly SqlValue[]): SqlValue[] {
    if (key.some((v) => v === null)) return this.nulls;
    const bucket = this.right.buckets.get(k);
    if (!bucket) return this.nulls;
    let total = 0;
    let only: SqlValue[] = this.nulls;
    for (const r of bucket.rows.values()) {
      total += r.count;
      only = r.values.slice(this.spec.rightKeys.length);
    }
    if (total > 1) {
      throw new EngineError('subquery-returned-multiple-rows', 'more than one row returned by a subquery used as an expression', 'user', {
        operator: this.name,
        hint: 'make the subquery return one row, e.g. with an aggregate such as max(...)',
      });
    }
    return only;
  }

  advanceWatermark(_watermarkUs: number): Delta[] {
    return [];
  }

  snapshot(): OperatorState {
    const keyFields = this.spec.rightKeys.map((c, i) => stateField(`key_${i}`, this.rightSchema.fields[c]!.type));
    const valueFields = this.spec.rightColumns.map((c) => stateField(this.rightSchema.fields[c]!.name, this.rightSchema.fields[c]!.type));
    return {
      left_rows: this.left.toState(this.leftSchema),
      right_rows: this.right.toState({ fields: [...keyFields, ...valueFields] }),
    };
  }
}
