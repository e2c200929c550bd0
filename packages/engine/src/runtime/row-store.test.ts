import { field, schemaOf, T } from '@sluice/sql';
import { describe, expect, it } from 'vitest';
import { deltaFromRows, deltaRows } from '../delta.js';
import { RowStore } from './row-store.js';

const schema = schemaOf([field('k', T.varchar), field('v', T.bigint)]);

describe('RowStore', () => {
  it('keeps a multiset without a key: duplicates stay, a delete removes one copy', () => {
    const store = new RowStore(schema);
    store.apply(deltaFromRows(schema, [['a', 1n], ['a', 1n], ['b', 2n]]));
    store.apply(deltaFromRows(schema, [['a', 1n]], [-1]));
    expect(store.snapshotRows()).toEqual([['a', 1n], ['b', 2n]]);
    expect(store.size).toBe(2);
  });

  it('upserts by primary key and reports the effective change to listeners', () => {
    const store = new RowStore(schema, [0]);
    const seen: unknown[] = [];
    store.listen((change) => seen.push(...deltaRows(change)));
    store.apply(deltaFromRows(schema, [['a', 1n]]));
    store.apply(deltaFromRows(schema, [['a', 5n]]));
    expect(store.snapshotRows()).toEqual([['a', 5n]]);
    expect(seen).toEqual([
      { op: 1, values: ['a', 1n] },
      { op: -1, values: ['a', 1n] },
      { op: 1, values: ['a', 5n] },
    ]);
  });

  it('refuses a delete of a row that is not there', () => {
    const store = new RowStore(schema);
    expect(() => store.apply(deltaFromRows(schema, [['x', 1n]], [-1]))).toThrow(/not present/);
  });

  it('passes an applied change on as it is and keeps it without copying (multiset)', () => {
    const store = new RowStore(schema);
    const delta = deltaFromRows(schema, [['a', 1n], ['b', 2n]]);
    expect(store.apply(delta)).toBe(delta);
    expect(store.snapshot().columns).toBe(delta.columns);
  });

  it('deletes rows across chunks, by value, with NULLs, duplicates and mixed ops in one change', () => {
    const wide = schemaOf([field('s', T.varchar), field('i', T.bigint), field('d', T.double), field('b', T.boolean), field('n', T.int)]);
    const store = new RowStore(wide);
    store.apply(deltaFromRows(wide, [['x', 1n, 0.5, true, null], ['x', 1n, 0.5, true, null], [null, -3n, -0, false, 7]]));
    store.apply(deltaFromRows(wide, [['y', 2n ** 40n, NaN, null, 1]]));
    // -0 equals 0, NaN equals NaN, NULL equals NULL; the insert of 'z' precedes its delete
    store.apply(deltaFromRows(wide, [
      [null, -3n, 0, false, 7], ['z', 0n, 1, true, 0], ['x', 1n, 0.5, true, null], ['y', 2n ** 40n, NaN, null, 1], ['z', 0n, 1, true, 0],
    ], [-1, 1, -1, -1, -1]));
    expect(store.snapshotRows()).toEqual([['x', 1n, 0.5, true, null]]);
    expect(store.size).toBe(1);
    store.apply(deltaFromRows(wide, [['x', 1n, 0.5, true, 0]], [1]));
    expect(() => store.apply(deltaFromRows(wide, [['x', 2n, 0.5, true, null]], [-1]))).toThrow(/not present/);
  });

  it('stays consistent through compaction when most rows are deleted', () => {
    const store = new RowStore(schema);
    const rows = Array.from({ length: 3000 }, (_, i) => [`k${i % 100}`, BigInt(i)] as [string, bigint]);
    for (let at = 0; at < rows.length; at += 500) store.apply(deltaFromRows(schema, rows.slice(at, at + 500)));
    const gone = rows.filter((_, i) => i % 10 !== 0);
    for (let at = 0; at < gone.length; at += 700) {
      const part = gone.slice(at, at + 700);
      store.apply(deltaFromRows(schema, part, part.map(() => -1)));
    }
    const left = rows.filter((_, i) => i % 10 === 0);
    expect(store.size).toBe(left.length);
    expect(store.snapshotRows()).toEqual(left);
    store.apply(deltaFromRows(schema, left.slice(0, 2), [-1, -1]));
    expect(store.snapshotRows()).toEqual(left.slice(2));
  });
});
