/**
 * A multiset of rows grouped by a key, for the join-like operators of subqueries (semi/anti
 * and single joins): rows are JS values, identified by `rowKey`, with a count each. A key
 * whose rows all went away is removed, so state holds only live rows.
 */
import type { Schema, SqlValue } from '@sluice/sql';
import { deltaFromRows, deltaRows, type Delta } from '../delta.js';
import { rowKey } from '../runtime/row-key.js';
import { stateField } from './aggregate-values.js';

/** One key's rows: the key's values and each distinct row with its multiplicity. */
export interface KeyBucket {
  readonly key: readonly SqlValue[];
  readonly rows: Map<string, { readonly values: SqlValue[]; count: number }>;
}

const COUNT_TYPE = { kind: 'scalar', name: 'DOUBLE' } as const;

export class KeyedRows {
  readonly buckets = new Map<string, KeyBucket>();

  /** Number of distinct rows held. */
  get size(): number {
    let n = 0;
    for (const b of this.buckets.values()) n += b.rows.size;
    return n;
  }

  /** Adds `sign` copies of `values` under `key` (a negative sign removes them). */
  add(keyString: string, key: readonly SqlValue[], values: SqlValue[], sign: number): void {
    let bucket = this.buckets.get(keyString);
    if (!bucket) {
      if (sign <= 0) return; // a retraction of a row never seen
      bucket = { key, rows: new Map() };
      this.buckets.set(keyString, bucket);
    }
    const id = rowKey(values);
    const entry = bucket.rows.get(id);
    const count = (entry?.count ?? 0) + sign;
    if (count > 0) {
      if (entry) entry.count = count;
      else bucket.rows.set(id, { values, count });
    } else {
      bucket.rows.delete(id);
      if (bucket.rows.size === 0) this.buckets.delete(keyString);
    }
  }

  /** The state table: the row's columns (`schema`), then its count. */
  toState(schema: Schema): Delta {
    const rows: SqlValue[][] = [];
    for (const b of this.buckets.values()) for (const r of b.rows.values()) rows.push([...r.values, r.count]);
    return deltaFromRows({ fields: [...schema.fields.map((f) => stateField(f.name, f.type)), stateField('row_count', COUNT_TYPE)] }, rows);
  }

  /** Rows of a state table written by `toState`, as (values, count). */
  static rowsOfState(state: Delta): { values: SqlValue[]; count: number }[] {
    return deltaRows(state).map(({ values }) => ({ values: values.slice(0, -1), count: values[values.length - 1] as number }));
  }
}

/** Appends each row of `bucket`, as many times as it occurs, with `op`. */
export function emitBucket(bucket: KeyBucket, op: 1 | -1, rows: SqlValue[][], ops: (1 | -1)[], extend?: readonly SqlValue[]): void {
  for (const r of bucket.rows.values()) {
    const values = extend ? [...r.values, ...extend] : r.values;
    for (let i = 0; i < r.count; i++) {
      rows.push(values);
      ops.push(op);
    }
  }
}

/** The values of `columns` of a row. */
export function pick(values: readonly SqlValue[], columns: readonly number[]): SqlValue[] {
  return columns.map((c) => values[c] ?? null);
}
