import { describe, expect, it } from 'vitest';
import { field, schemaOf, T, type SqlValue } from '@sluice/sql';
import { deltaFromRows, deltaRows } from '../delta.js';
import { decodeDelta, encodeDelta } from './delta-ipc.js';
import { applyTableChanges, keyedChangeDelta, type StoredTableChange } from './state-merge.js';

// a table keyed by (k, g) whose keys may hold several rows (like a group's value counts)
const schema = schemaOf([field('v', T.double), field('k', T.varchar), field('g', T.bigint)]);
const keySchema = schemaOf([field('k', T.varchar), field('g', T.bigint)]);
const keyColumns = [1, 2];

function change(upserts: SqlValue[][], removed: SqlValue[][] = []): StoredTableChange {
  const rows = keyedChangeDelta(schema, { kind: 'upsert', keyColumns, upserts: deltaFromRows(schema, upserts), removed: deltaFromRows(keySchema, removed) });
  // through the file format, as a restore reads it
  return { kind: 'upsert', keyColumns, rows: decodeDelta(encodeDelta(rows), schema) };
}

const sorted = (rows: SqlValue[][]): string[] => rows.map((r) => JSON.stringify(r, (_, v: unknown) => (typeof v === 'bigint' ? `${v}n` : v))).sort();
const rowsOf = (changes: StoredTableChange[], base: SqlValue[][] | null = null): string[] =>
  sorted(deltaRows(applyTableChanges(schema, base ? deltaFromRows(schema, base) : null, changes)).map((r) => r.values));

describe('applyTableChanges', () => {
  const base: SqlValue[][] = [[1, 'a', 1n], [2, 'a', 1n], [3, 'a', 2n], [4, 'b', null], [5, 'c', 1n]];

  it('replaces every row of an upserted key, deletes removed keys (NULL keys included), keeps the rest', () => {
    expect(rowsOf([change([[9, 'a', 1n]], [['b', null]])], base)).toEqual(sorted([[9, 'a', 1n], [3, 'a', 2n], [5, 'c', 1n]]));
  });

  it('applies changes in order: the newest word on a key wins, a removed key may come back', () => {
    const changes = [
      change([[10, 'c', 1n], [11, 'c', 1n]], [['a', 1n]]),
      change([], [['c', 1n], ['a', 2n]]),
      change([[12, 'a', 1n], [13, 'd', 0n]]),
    ];
    expect(rowsOf(changes, base)).toEqual(sorted([[12, 'a', 1n], [4, 'b', null], [13, 'd', 0n]]));
  });

  it('starts from a replacement when one comes after the base', () => {
    const replace: StoredTableChange = { kind: 'replace', rows: deltaFromRows(schema, [[7, 'x', 1n], [8, 'a', 1n]]) };
    expect(rowsOf([change([[20, 'b', null]]), replace, change([[21, 'x', 1n]])], base)).toEqual(sorted([[21, 'x', 1n], [8, 'a', 1n]]));
  });

  it('builds a table that has no base, and an empty one from nothing', () => {
    expect(rowsOf([change([[1, 'a', 1n]])])).toEqual(sorted([[1, 'a', 1n]]));
    expect(rowsOf([])).toEqual([]);
  });
});
