import { describe, expect, it } from 'vitest';
import { field, schemaOf, T, type SqlValue, type WindowCall, type WindowFrame } from '@sluice/sql';
import { deltaFromRows, deltaRows, type Delta, type Op } from '../delta.js';
import { OverWindowOperator, type OverWindowSpec } from './over-window.js';

const input = schemaOf([field('g', T.varchar), field('t', T.int), field('v', T.int)]);
const DEFAULT: WindowFrame = { mode: 'range', start: { kind: 'unbounded-preceding' }, end: { kind: 'current-row' } };
const call = (kind: WindowCall['kind'], args: number[], type = T.bigint, extra: Partial<WindowCall> = {}): WindowCall =>
  ({ kind, args, frame: DEFAULT, type, ...extra });

function spec(calls: WindowCall[], extra: Partial<OverWindowSpec> = {}): OverWindowSpec {
  return {
    partitionKeys: [0], orderBy: [{ column: 1, direction: 'ASC', nulls: 'LAST' }], calls, emitOnWindowClose: false,
    schema: schemaOf([...input.fields, ...calls.map((c, i) => field(`c${i}`, c.type))]), ...extra,
  };
}

const rows = (deltas: Delta[]): [Op, SqlValue[]][] => deltas.flatMap((d) => deltaRows(d).map((r): [Op, SqlValue[]] => [r.op, r.values]));
const push = (op: OverWindowOperator, data: SqlValue[][], ops?: Op[]): [Op, SqlValue[]][] => rows(op.push(deltaFromRows(input, data, ops), 0));
const open = (s: OverWindowSpec): OverWindowOperator => {
  const op = new OverWindowOperator(s, input);
  op.open();
  return op;
};

describe('OverWindowOperator', () => {
  it('numbers rows and retracts the rows whose numbers change', () => {
    const op = open(spec([call('row_number', []), call('rank', []), call('dense_rank', [])]));
    expect(push(op, [['a', 1, 0], ['a', 3, 0], ['b', 1, 0]])).toEqual([
      [1, ['a', 1, 0, 1n, 1n, 1n]], [1, ['a', 3, 0, 2n, 2n, 2n]], [1, ['b', 1, 0, 1n, 1n, 1n]],
    ]);
    // a peer of t=1 arrives: row_number shifts, rank of t=3 becomes 3, dense_rank stays 2
    expect(push(op, [['a', 1, 5]])).toEqual([
      [-1, ['a', 3, 0, 2n, 2n, 2n]], [1, ['a', 1, 5, 2n, 1n, 1n]], [1, ['a', 3, 0, 3n, 3n, 2n]],
    ]);
    expect(push(op, [['a', 1, 0]], [-1])).toEqual([
      [-1, ['a', 1, 0, 1n, 1n, 1n]], [-1, ['a', 1, 5, 2n, 1n, 1n]], [-1, ['a', 3, 0, 3n, 3n, 2n]],
      [1, ['a', 1, 5, 1n, 1n, 1n]], [1, ['a', 3, 0, 2n, 2n, 2n]],
    ]);
  });

  it('lag and lead with offsets and defaults; first_value and last_value over the default frame', () => {
    const op = open(spec([
      call('lag', [2], T.int), call('lead', [2], T.int, { offset: 2, defaultValue: -1 }),
      call('first_value', [2], T.int), call('last_value', [2], T.int),
    ]));
    expect(push(op, [['a', 1, 10], ['a', 2, 20], ['a', 2, 25], ['a', 3, 30]])).toEqual([
      [1, ['a', 1, 10, null, 25, 10, 10]],
      [1, ['a', 2, 20, 10, 30, 10, 25]],
      [1, ['a', 2, 25, 20, -1, 10, 25]],
      [1, ['a', 3, 30, 25, -1, 10, 30]],
    ]);
  });

  it('aggregates over ROWS and RANGE frames', () => {
    const rows1: WindowFrame = { mode: 'rows', start: { kind: 'preceding', offset: 1 }, end: { kind: 'following', offset: 1 } };
    const range2: WindowFrame = { mode: 'range', start: { kind: 'preceding', offset: 2 }, end: { kind: 'current-row' } };
    const op = open(spec([
      call('sum', [2], T.bigint, { frame: rows1 }), call('count_star', [], T.bigint, { frame: range2 }),
      call('max', [2], T.int, { frame: range2 }), call('avg', [2], T.double), call('sum', [2]),
    ]));
    expect(push(op, [['a', 1, 1], ['a', 2, 2], ['a', 4, 4], ['a', 7, null]])).toEqual([
      [1, ['a', 1, 1, 3n, 1n, 1, 1, 1n]],
      [1, ['a', 2, 2, 7n, 2n, 2, 1.5, 3n]],
      [1, ['a', 4, 4, 6n, 2n, 4, 7 / 3, 7n]],
      [1, ['a', 7, null, 4n, 1n, null, 7 / 3, 7n]],
    ]);
  });

  it('without ORDER BY every row is a peer: the aggregate covers the partition', () => {
    const op = open(spec([call('count', [2]), call('sum', [2])], { orderBy: [] }));
    push(op, [['a', 1, 1], ['a', 2, 2]]);
    expect(push(op, [['a', 3, 3]])).toEqual([
      [-1, ['a', 1, 1, 2n, 3n]], [-1, ['a', 2, 2, 2n, 3n]],
      [1, ['a', 1, 1, 3n, 6n]], [1, ['a', 2, 2, 3n, 6n]], [1, ['a', 3, 3, 3n, 6n]],
    ]);
  });

  it('restores from a snapshot and continues with the same output', () => {
    const s = spec([call('row_number', []), call('sum', [2])]);
    const original = open(s);
    push(original, [['a', 1, 1], ['a', 2, 2], ['b', 1, 7]]);
    const restored = new OverWindowOperator(s, input);
    restored.open(original.snapshot());
    const next: [SqlValue[][], Op[]] = [[['a', 1, 1], ['a', 0, 5], ['b', 2, 1]], [-1, 1, 1]];
    const out = push(original, ...next);
    expect(push(restored, ...next)).toEqual(out);
    expect(out.length).toBe(5);
  });

  it('emits a closed window partition once and evicts it', () => {
    const s = spec([call('row_number', [])], { windowClose: { keyIndex: 0, endOffsetUs: 10 }, emitOnWindowClose: true, partitionKeys: [1], orderBy: [{ column: 2, direction: 'ASC', nulls: 'LAST' }] });
    const op = open(s);
    expect(push(op, [['x', 0, 2], ['y', 0, 1], ['z', 10, 1]])).toEqual([]);
    expect(rows(op.advanceWatermark(10))).toEqual([[1, ['y', 0, 1, 1n]], [1, ['x', 0, 2, 2n]]]);
    expect(push(op, [['w', 0, 0]])).toEqual([]);
    expect(op.metrics.lateRowsDropped).toBe(1);
    expect(op.metrics.stateRows).toBe(1);
  });
});

describe('OverWindowOperator emitting on window close by a watermark ORDER BY key', () => {
  const ts = schemaOf([field('g', T.varchar), field('tm', T.timestamp), field('v', T.int)]);
  const eowc = (calls: WindowCall[]): OverWindowSpec => ({
    partitionKeys: [0], orderBy: [{ column: 1, direction: 'ASC', nulls: 'LAST' }], calls, emitOnWindowClose: true,
    schema: schemaOf([...ts.fields, ...calls.map((c, i) => field(`c${i}`, c.type))]),
  });
  const tpush = (op: OverWindowOperator, data: SqlValue[][]): [Op, SqlValue[]][] => rows(op.push(deltaFromRows(ts, data), 0));

  it('emits a row once the watermark passes it and the rows its lead reaches', () => {
    const s = eowc([call('row_number', []), call('lead', [2], T.int), call('sum', [2])]);
    const op = new OverWindowOperator(s, ts);
    op.open();
    expect(tpush(op, [['a', 1, 10], ['a', 2, 20], ['a', 2, 25], ['b', 1, 5]])).toEqual([]);
    // rows at 1 and 2 are complete; a's rows at 2 still wait for the row after them
    expect(rows(op.advanceWatermark(3))).toEqual([[1, ['a', 1, 10, 1n, 20, 10n]], [1, ['a', 2, 20, 2n, 25, 55n]]]);
    expect(tpush(op, [['a', 2, 99]])).toEqual([]);
    expect(op.metrics.lateRowsDropped).toBe(1);
    expect(tpush(op, [['a', 5, 1]])).toEqual([]);
    const restored = new OverWindowOperator(s, ts);
    restored.open(op.snapshot());
    expect(rows(restored.advanceWatermark(6))).toEqual([[1, ['a', 2, 25, 3n, 1, 55n]]]);
    expect(rows(restored.advanceWatermark(Infinity))).toEqual([[1, ['a', 5, 1, 4n, null, 56n]], [1, ['b', 1, 5, 1n, null, 5n]]]);
  });

  it('EXCLUDE CURRENT ROW leaves the row out of its own frame', () => {
    const frame: WindowFrame = { mode: 'rows', start: { kind: 'preceding', offset: 2 }, end: { kind: 'current-row' }, excludeCurrentRow: true };
    const op = open(spec([call('sum', [2], T.bigint, { frame }), call('count_star', [], T.bigint, { frame }), call('last_value', [2], T.int, { frame })]));
    expect(push(op, [['a', 1, 1], ['a', 2, 2], ['a', 3, 4]])).toEqual([
      [1, ['a', 1, 1, null, 0n, null]], [1, ['a', 2, 2, 1n, 1n, 1]], [1, ['a', 3, 4, 3n, 2n, 2]],
    ]);
  });
});
