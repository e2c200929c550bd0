import { describe, expect, it } from 'vitest';
import { field, schemaOf, T, type SessionWindow, type SqlValue } from '@sluice/sql';
import { deltaFromRows, deltaRows, type Delta, type Op } from '../delta.js';
import { SessionWindowOperator } from './session-window.js';

const S = 1_000_000;
const input = schemaOf([field('k', T.varchar), field('ts', T.timestamp)]);
const output = schemaOf([...input.fields, field('window_start', T.timestamp), field('window_end', T.timestamp)]);
const byKey: SessionWindow = { kind: 'session', gapUs: 10 * S, sizeUs: 10 * S, partitionBy: [0], partitionInferred: false };

const rows = (deltas: Delta[]): [Op, SqlValue[]][] =>
  deltas.flatMap((d) => deltaRows(d).map((r): [Op, SqlValue[]] => [r.op, [r.values[0]!, ...r.values.slice(1).map((v) => (v as number) / S)]]));
const push = (op: SessionWindowOperator, data: [string, number][], ops?: Op[]): [Op, SqlValue[]][] =>
  rows(op.push(deltaFromRows(input, data.map(([k, t]) => [k, t * S]), ops), 0));

/** Rows in a fixed order, for pushes whose output order is not part of the contract. */
const sorted = (out: [Op, SqlValue[]][]): [Op, SqlValue[]][] => [...out].sort((a, b) => JSON.stringify(a).localeCompare(JSON.stringify(b)));

function newOperator(watermarked = true): SessionWindowOperator {
  const op = new SessionWindowOperator(byKey, 1, input, output, watermarked);
  op.open();
  return op;
}

describe('SessionWindowOperator', () => {
  it('groups rows closer than the gap per key and extends sessions, retracting the old bounds', () => {
    const op = newOperator();
    expect(push(op, [['a', 0], ['a', 5], ['b', 7], ['a', 30]])).toEqual([
      [1, ['a', 0, 0, 15]], [1, ['a', 5, 0, 15]], [1, ['b', 7, 7, 17]], [1, ['a', 30, 30, 40]],
    ]);
    // inside the first session, not extending it: only the new row
    expect(push(op, [['a', 4]])).toEqual([[1, ['a', 4, 0, 15]]]);
    // extends the first session: its rows move to the new bounds
    expect(push(op, [['a', 12]])).toEqual([
      [-1, ['a', 0, 0, 15]], [-1, ['a', 5, 0, 15]], [-1, ['a', 4, 0, 15]],
      [1, ['a', 0, 0, 22]], [1, ['a', 5, 0, 22]], [1, ['a', 4, 0, 22]], [1, ['a', 12, 0, 22]],
    ]);
  });

  it('merges sessions bridged by a row and splits them when it is retracted', () => {
    const op = newOperator();
    push(op, [['a', 0], ['a', 18]]);
    expect(sorted(push(op, [['a', 9]]))).toEqual(sorted([
      [-1, ['a', 0, 0, 10]], [-1, ['a', 18, 18, 28]],
      [1, ['a', 0, 0, 28]], [1, ['a', 18, 0, 28]], [1, ['a', 9, 0, 28]],
    ]));
    expect(sorted(push(op, [['a', 9]], [-1]))).toEqual(sorted([
      [-1, ['a', 0, 0, 28]], [-1, ['a', 18, 0, 28]], [-1, ['a', 9, 0, 28]],
      [1, ['a', 0, 0, 10]], [1, ['a', 18, 18, 28]],
    ]));
    // retracting a whole session removes it; an unknown row is ignored
    expect(push(op, [['a', 18], ['a', 50]], [-1, -1])).toEqual([[-1, ['a', 18, 18, 28]]]);
  });

  it('emits only the net change of a push and keeps duplicates', () => {
    const op = newOperator();
    expect(push(op, [['a', 0], ['a', 0], ['a', 3], ['a', 3]], [1, 1, 1, -1])).toEqual([[1, ['a', 0, 0, 10]], [1, ['a', 0, 0, 10]]]);
    expect(push(op, [['a', 0]], [-1])).toEqual([[-1, ['a', 0, 0, 10]]]);
  });

  it('evicts closed sessions and drops rows that are late for them', () => {
    const op = newOperator();
    push(op, [['a', 0], ['b', 0]]);
    op.advanceWatermark(12 * S);
    expect(op.metrics.stateRows).toBe(0);
    // a row whose own session already closed, and one that would reach into a closed session
    expect(push(op, [['a', 1], ['b', 5]])).toEqual([]);
    expect(op.metrics.lateRowsDropped).toBe(2);
    expect(push(op, [['a', 11]])).toEqual([[1, ['a', 11, 11, 21]]]);
  });

  it('ignores the watermark when the time column has none', () => {
    const op = newOperator(false);
    push(op, [['a', 0]]);
    op.advanceWatermark(100 * S);
    expect(push(op, [['a', 5]])).toEqual([[-1, ['a', 0, 0, 10]], [1, ['a', 0, 0, 15]], [1, ['a', 5, 0, 15]]]);
  });

  it('restores sessions, late-row bounds and the watermark from a snapshot', () => {
    const op = newOperator();
    push(op, [['a', 0], ['a', 30], ['a', 35], ['b', 40]]);
    op.advanceWatermark(20 * S);
    const restored = new SessionWindowOperator(byKey, 1, input, output, true);
    restored.open(op.snapshot());
    expect(restored.metrics.stateRows).toBe(3);
    expect(push(restored, [['a', 5]])).toEqual([]);
    expect(restored.metrics.lateRowsDropped).toBe(1);
    expect(push(restored, [['a', 44]])).toEqual([
      [-1, ['a', 30, 30, 45]], [-1, ['a', 35, 30, 45]],
      [1, ['a', 30, 30, 54]], [1, ['a', 35, 30, 54]], [1, ['a', 44, 30, 54]],
    ]);
  });
});
