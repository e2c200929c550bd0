import { describe, expect, it } from 'vitest';
import { field, schemaOf, T, type SqlValue } from '@sluice/sql';
import { deltaFromRows, deltaRows, type Delta, type Op } from '../delta.js';
import { TopNOperator, type TopNSpec } from './top-n.js';

const input = schemaOf([field('g', T.varchar), field('v', T.int), field('id', T.int)]);
const withRank = schemaOf([...input.fields, field('rn', T.bigint, false)]);

function spec(extra: Partial<TopNSpec> = {}): TopNSpec {
  return {
    partitionKeys: [0], orderBy: [{ column: 1, direction: 'DESC', nulls: 'FIRST' }], rank: 'row_number',
    offset: 0, limit: 2, rankColumn: false, emitOnWindowClose: false, schema: input, ...extra,
  };
}

const rows = (deltas: Delta[]): [Op, SqlValue[]][] => deltas.flatMap((d) => deltaRows(d).map((r): [Op, SqlValue[]] => [r.op, r.values]));
const push = (op: TopNOperator, data: SqlValue[][], ops?: Op[]): [Op, SqlValue[]][] => rows(op.push(deltaFromRows(input, data, ops), 0));
const open = (s: TopNSpec, appendOnly = false): TopNOperator => {
  const op = new TopNOperator(s, input, appendOnly);
  op.open();
  return op;
};

describe('TopNOperator', () => {
  it('keeps the top rows per partition and retracts a row pushed out', () => {
    const op = open(spec());
    expect(push(op, [['a', 1, 1], ['a', 3, 2], ['b', 5, 3]])).toEqual([[1, ['a', 3, 2]], [1, ['a', 1, 1]], [1, ['b', 5, 3]]]);
    expect(push(op, [['a', 2, 4]])).toEqual([[-1, ['a', 1, 1]], [1, ['a', 2, 4]]]);
    // a row below the top changes nothing
    expect(push(op, [['a', 0, 5]])).toEqual([]);
  });

  it('refills the top from the rows below after a delete', () => {
    const op = open(spec());
    push(op, [['a', 1, 1], ['a', 3, 2], ['a', 2, 3], ['a', 0, 4]]);
    expect(push(op, [['a', 3, 2]], [-1])).toEqual([[-1, ['a', 3, 2]], [1, ['a', 1, 1]]]);
    expect(push(op, [['a', 2, 3], ['a', 1, 1]], [-1, -1])).toEqual([[-1, ['a', 2, 3]], [-1, ['a', 1, 1]], [1, ['a', 0, 4]]]);
    expect(op.metrics.stateRows).toBe(1);
  });

  it('breaks ties on the order keys by the other columns, whatever the arrival order', () => {
    const a = open(spec({ limit: 1 }));
    const b = open(spec({ limit: 1 }));
    push(a, [['a', 5, 9], ['a', 5, 2]]);
    push(b, [['a', 5, 2]]);
    expect(rows([a.advanceWatermark(0)])).toEqual([]);
    expect(push(b, [['a', 5, 9]])).toEqual([]);
    expect(a.snapshot().rows!.length).toBe(2);
    expect(push(a, [['a', 5, 2]], [-1])).toEqual([[-1, ['a', 5, 2]], [1, ['a', 5, 9]]]);
  });

  it('numbers rows with rank (1, 2, 2, 4) and dense_rank (1, 2, 2, 3), keeping rows tied at the boundary', () => {
    const data: SqlValue[][] = [['a', 9, 1], ['a', 7, 2], ['a', 7, 3], ['a', 5, 4], ['a', 4, 5]];
    const rank = open(spec({ rank: 'rank', limit: 3, rankColumn: true, schema: withRank }));
    expect(push(rank, data)).toEqual([[1, ['a', 9, 1, 1n]], [1, ['a', 7, 2, 2n]], [1, ['a', 7, 3, 2n]]]);
    const dense = open(spec({ rank: 'dense_rank', limit: 3, rankColumn: true, schema: withRank }));
    expect(push(dense, data)).toEqual([[1, ['a', 9, 1, 1n]], [1, ['a', 7, 2, 2n]], [1, ['a', 7, 3, 2n]], [1, ['a', 5, 4, 3n]]]);
  });

  it('re-emits rows whose rank column changed', () => {
    const op = open(spec({ rankColumn: true, schema: withRank }));
    push(op, [['a', 1, 1], ['a', 3, 2]]);
    expect(push(op, [['a', 4, 3]])).toEqual([[-1, ['a', 3, 2, 1n]], [-1, ['a', 1, 1, 2n]], [1, ['a', 4, 3, 1n]], [1, ['a', 3, 2, 2n]]]);
  });

  it('applies an offset and no partitions (ORDER BY ... LIMIT 2 OFFSET 1)', () => {
    const op = open(spec({ partitionKeys: [], offset: 1, orderBy: [{ column: 1, direction: 'ASC', nulls: 'LAST' }] }));
    expect(push(op, [['x', 3, 1], ['y', 1, 2], ['z', 2, 3], ['w', null, 4]])).toEqual([[1, ['z', 2, 3]], [1, ['x', 3, 1]]]);
    expect(push(op, [['y', 1, 2]], [-1])).toEqual([[-1, ['z', 2, 3]], [1, ['w', null, 4]]]);
  });

  it('keeps only reachable rows when the input is append-only', () => {
    const op = open(spec(), true);
    push(op, [['a', 1, 1], ['a', 3, 2], ['a', 2, 3], ['a', 0, 4], ['b', 1, 5]]);
    expect(op.metrics.stateRows).toBe(3);
    expect(push(op, [['a', 5, 6]])).toEqual([[-1, ['a', 2, 3]], [1, ['a', 5, 6]]]);
  });

  it('restores from a snapshot and continues with the same output', () => {
    const original = open(spec());
    push(original, [['a', 1, 1], ['a', 3, 2], ['a', 2, 3]]);
    const restored = new TopNOperator(spec(), input, false);
    restored.open(original.snapshot());
    const next: [SqlValue[][], Op[]] = [[['a', 3, 2], ['a', 4, 4]], [-1, 1]];
    expect(push(restored, ...next)).toEqual(push(original, ...next));
    expect(push(restored, [['a', 4, 4]], [-1])).toEqual([[-1, ['a', 4, 4]], [1, ['a', 1, 1]]]);
  });
});

describe('TopNOperator over windows', () => {
  const S = 1_000_000;
  const windowed = schemaOf([field('window_start', T.timestamp), field('v', T.int)]);
  const wspec = (emitOnWindowClose: boolean): TopNSpec => ({
    partitionKeys: [0], orderBy: [{ column: 1, direction: 'DESC', nulls: 'FIRST' }], rank: 'row_number', offset: 0, limit: 1,
    rankColumn: false, emitOnWindowClose, windowClose: { keyIndex: 0, endOffsetUs: 10 * S }, schema: windowed,
  });
  const wpush = (op: TopNOperator, data: SqlValue[][]): [Op, SqlValue[]][] => rows(op.push(deltaFromRows(windowed, data), 0));

  it('emits each window once when it closes, then evicts it and drops late rows', () => {
    const op = new TopNOperator(wspec(true), windowed, true);
    op.open();
    expect(wpush(op, [[0, 1], [0, 5], [10 * S, 2]])).toEqual([]);
    expect(rows(op.advanceWatermark(10 * S))).toEqual([[1, [0, 5]]]);
    expect(op.metrics.stateRows).toBe(1);
    expect(wpush(op, [[0, 9]])).toEqual([]);
    expect(op.metrics.lateRowsDropped).toBe(1);
    const restored = new TopNOperator(wspec(true), windowed, true);
    restored.open(op.snapshot());
    expect(rows(restored.advanceWatermark(Infinity))).toEqual([[1, [10 * S, 2]]]);
  });

  it('on update, emits as it goes and evicts closed windows without retracting them', () => {
    const op = new TopNOperator(wspec(false), windowed, false);
    op.open();
    expect(wpush(op, [[0, 1], [0, 5]])).toEqual([[1, [0, 5]]]);
    expect(rows(op.advanceWatermark(20 * S))).toEqual([]);
    expect(op.metrics.stateRows).toBe(0);
  });
});
