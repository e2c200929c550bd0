import { describe, expect, it } from 'vitest';
import { field, schemaOf, T } from '@sluice/sql';
import { deltaFromRows, deltaRows } from '../delta.js';
import { WindowAssignOperator } from './window-assign.js';

const input = schemaOf([field('v', T.int), field('ts', T.timestamp)]);
const output = schemaOf([...input.fields, field('window_start', T.timestamp), field('window_end', T.timestamp)]);
const S = 1_000_000;

describe('WindowAssignOperator', () => {
  it('assigns one tumbling window per row and drops NULL times', () => {
    const op = new WindowAssignOperator({ kind: 'tumble', sizeUs: 10 * S, offsetUs: 0 }, 1, output);
    const out = op.push(deltaFromRows(input, [[1, 0], [2, 9_999_999], [3, 10 * S], [4, -1], [5, null]]), 0);
    expect(deltaRows(out[0]!).map((r) => r.values)).toEqual([
      [1, 0, 0, 10 * S], [2, 9_999_999, 0, 10 * S], [3, 10 * S, 10 * S, 20 * S], [4, -1, -10 * S, 0],
    ]);
    expect(op.nullTimeRowsDropped).toBe(1);
  });

  it('assigns size/slide hopping windows honouring the offset, repeating ops', () => {
    const op = new WindowAssignOperator({ kind: 'hop', slideUs: 5 * S, sizeUs: 10 * S, offsetUs: 2 * S }, 1, output);
    const out = op.push(deltaFromRows(input, [[1, 7 * S], [2, 13 * S]], [1, -1]), 0);
    expect(deltaRows(out[0]!).map((r) => [r.op, r.values[0], r.values[2], r.values[3]])).toEqual([
      [1, 1, 2 * S, 12 * S],
      [1, 1, 7 * S, 17 * S],
      [-1, 2, 7 * S, 17 * S],
      [-1, 2, 12 * S, 22 * S],
    ]);
  });
});

describe('WindowAssignOperator (CUMULATE)', () => {
  it('assigns the growing windows of the row size-aligned period that end after its time', () => {
    const op = new WindowAssignOperator({ kind: 'cumulate', stepUs: 10 * S, sizeUs: 30 * S, offsetUs: 0 }, 1, output);
    const out = op.push(deltaFromRows(input, [[1, 5 * S], [2, 29 * S], [3, 30 * S], [4, 12 * S]], [1, 1, 1, -1]), 0);
    expect(deltaRows(out[0]!).map((r) => [r.op, r.values[0], r.values[2], r.values[3]])).toEqual([
      [1, 1, 0, 10 * S], [1, 1, 0, 20 * S], [1, 1, 0, 30 * S],
      [1, 2, 0, 30 * S],
      [1, 3, 30 * S, 40 * S], [1, 3, 30 * S, 50 * S], [1, 3, 30 * S, 60 * S],
      [-1, 4, 0, 20 * S], [-1, 4, 0, 30 * S],
    ]);
  });
});
