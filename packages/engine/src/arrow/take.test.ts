import { describe, expect, it } from 'vitest';
import { field, listOf, schemaOf, T } from '@sluice/sql';
import { deltaFromRows, deltaRows } from '../delta.js';
import { concatDeltas } from './concat.js';
import { filterDelta } from './filter.js';
import { sliceDelta } from './slice.js';
import { takeDelta } from './take.js';

const schema = schemaOf([
  field('b', T.boolean), field('i', T.int), field('big', T.bigint), field('s', T.varchar),
  field('ts', T.timestamp), field('l', listOf(T.varchar)),
]);
const rows = [
  [true, 1, 1n, 'ä', 5, ['x']],
  [null, null, null, null, null, null],
  [false, 3, 2n ** 60n, 'ccc', 7, []],
  [true, 4, -4n, '😀', 9, ['y', null]],
];
const delta = deltaFromRows(schema, rows, [1, -1, 1, -1]);

describe('arrow kernels', () => {
  it('takes rows by index, -1 giving NULL, for every layout', () => {
    const out = deltaRows(takeDelta(delta, Int32Array.from([3, 0, 0, 1])));
    expect(out.map((r) => r.values)).toEqual([rows[3], rows[0], rows[0], rows[1]]);
    expect(out.map((r) => r.op)).toEqual([-1, 1, 1, -1]);
  });

  it('filters, slices and concatenates, also from sliced input', () => {
    const tail = sliceDelta(delta, 1, 4);
    expect(deltaRows(tail).map((r) => r.values)).toEqual(rows.slice(1));
    const kept = filterDelta(tail, Uint8Array.from([0, 1, 1]));
    expect(deltaRows(kept).map((r) => r.values)).toEqual(rows.slice(2));
    const both = concatDeltas([sliceDelta(delta, 3, 4), tail, deltaFromRows(schema, [rows[0]!])]);
    expect(deltaRows(both).map((r) => r.values)).toEqual([rows[3], ...rows.slice(1), rows[0]]);
    expect(deltaRows(both).map((r) => r.op)).toEqual([-1, -1, 1, -1, 1]);
  });
});
