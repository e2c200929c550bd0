import { describe, expect, it } from 'vitest';
import { field, schemaOf, T, type SqlValue } from '@sluice/sql';
import { deltaFromRows, deltaRows, type Delta, type Op } from '../delta.js';
import { EowcSortOperator } from './eowc-sort.js';

// the sort column holds event times in microseconds, as TIMESTAMP values do
const schema = schemaOf([field('ts', T.timestamp), field('v', T.int)]);

const rows = (deltas: Delta[]): [Op, SqlValue[]][] => deltas.flatMap((d) => deltaRows(d).map((r): [Op, SqlValue[]] => [r.op, r.values]));
const push = (op: EowcSortOperator, data: SqlValue[][], ops?: Op[]): [Op, SqlValue[]][] => rows(op.push(deltaFromRows(schema, data, ops), 0));
const open = (): EowcSortOperator => {
  const op = new EowcSortOperator(schema, 0);
  op.open();
  return op;
};

describe('EowcSortOperator', () => {
  it('holds rows until the watermark passes them, then emits them in order', () => {
    const op = open();
    expect(push(op, [[30, 1], [10, 2], [20, 3], [40, 4]])).toEqual([]);
    expect(rows(op.advanceWatermark(25))).toEqual([[1, [10, 2]], [1, [20, 3]]]);
    // a row exactly at the watermark is not passed yet
    expect(rows(op.advanceWatermark(30))).toEqual([]);
    expect(rows(op.advanceWatermark(31))).toEqual([[1, [30, 1]]]);
    expect(op.metrics.stateRows).toBe(1);
  });

  it('drops rows behind the watermark as late', () => {
    const op = open();
    op.advanceWatermark(100);
    expect(push(op, [[50, 1], [150, 2]])).toEqual([]);
    expect(op.metrics.lateRowsDropped).toBe(1);
    expect(rows(op.advanceWatermark(200))).toEqual([[1, [150, 2]]]);
  });

  it('a retraction cancels a held row, and passes through for an emitted one', () => {
    const op = open();
    push(op, [[10, 1], [20, 2], [20, 2]]);
    expect(rows(op.advanceWatermark(15))).toEqual([[1, [10, 1]]]);
    expect(push(op, [[20, 2], [10, 1]], [-1, -1])).toEqual([[-1, [10, 1]]]);
    expect(rows(op.advanceWatermark(25))).toEqual([[1, [20, 2]]]);
  });

  it('NULL sort values wait for the end of input', () => {
    const op = open();
    push(op, [[null, 1], [5, 2]]);
    expect(rows(op.advanceWatermark(1000))).toEqual([[1, [5, 2]]]);
    expect(rows(op.advanceWatermark(Infinity))).toEqual([[1, [null, 1]]]);
  });

  it('snapshot and open(restored) continue where the original left off', () => {
    const op = open();
    push(op, [[10, 1], [30, 2], [20, 3]]);
    op.advanceWatermark(15);
    const restored = new EowcSortOperator(schema, 0);
    restored.open(op.snapshot());
    expect(restored.metrics.stateRows).toBe(2);
    // the restored watermark still makes late rows late
    expect(push(restored, [[12, 9]])).toEqual([]);
    expect(restored.metrics.lateRowsDropped).toBe(1);
    expect(rows(restored.advanceWatermark(40))).toEqual(rows(op.advanceWatermark(40)));
  });
});
