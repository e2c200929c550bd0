import { describe, expect, it } from 'vitest';
import { T, field, type Schema } from '@sluice/sql';
import { deltaFromRows, deltaRows } from '../delta.js';
import { decodeDelta, encodeDelta } from './delta-ipc.js';

const schema: Schema = {
  fields: [field('id', T.bigint), field('name', T.varchar), field('at', T.timestamp), field('x', T.double), field('ok', T.boolean)],
};

describe('delta IPC', () => {
  it('round-trips rows, nulls and ops', () => {
    const rows = [[1n, 'a', 1_000_000, 1.5, true], [2n, null, null, null, false], [3n, 'ü', 5, -0.25, null]];
    const delta = deltaFromRows(schema, rows, [1, -1, 1]);
    const back = decodeDelta(encodeDelta(delta), schema);
    expect(deltaRows(back)).toEqual(deltaRows(delta));
  });

  it('round-trips an empty delta and one without ops', () => {
    const empty = decodeDelta(encodeDelta(deltaFromRows(schema, [])), schema);
    expect(empty.length).toBe(0);
    const plain = decodeDelta(encodeDelta(deltaFromRows(schema, [[7n, 'b', 0, 0, true]])), schema);
    expect(plain.ops).toBeNull();
    expect(deltaRows(plain)).toEqual([{ op: 1, values: [7n, 'b', 0, 0, true] }]);
  });

  it('rejects truncated bytes', () => {
    const bytes = encodeDelta(deltaFromRows(schema, [[1n, 'a', 1, 1, true]]));
    expect(() => decodeDelta(bytes.subarray(0, bytes.length - 20), schema)).toThrow();
  });
});
