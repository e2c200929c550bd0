/**
 * The rows of a table or materialized view, kept so they can be read (`SELECT`), subscribed
 * to, and scanned by other views.
 *
 * Two shapes: without a key, a multiset (a row inserted twice is there twice; a delete
 * removes one copy), kept as Arrow columns (`ColumnarRows`): the effective change is the
 * applied delta itself, passed on without a copy; with a key (a table's PRIMARY KEY), an
 * upsert map of JS rows where inserting a row whose key exists replaces it. `apply` returns
 * the *effective* change (for an upsert, the old row's delete and the new row's insert),
 * which is what listeners receive.
 */
import type { Schema, SqlValue } from '@sluice/sql';
import { deltaFromRows, deltaRows, type Delta, type Op } from '../delta.js';
import { takeDelta } from '../arrow/take.js';
import { ColumnarRows } from './columnar-rows.js';
import { rowKey } from './row-key.js';

export type StoreListener = (change: Delta) => void;

interface Entry {
  readonly values: SqlValue[];
  count: number;
}

export class RowStore {
  /** the upsert map of a keyed store */
  private readonly rows = new Map<string, Entry>();
  /** the rows of a multiset store */
  private readonly multiset: ColumnarRows | null;
  private readonly listeners = new Set<StoreListener>();
  private rowCount = 0;

  constructor(
    readonly schema: Schema,
    /** column positions of the primary key; empty: a multiset */
    readonly primaryKey: readonly number[] = [],
  ) {
    this.multiset = primaryKey.length === 0 ? new ColumnarRows(schema) : null;
  }

  get size(): number {
    return this.multiset ? this.multiset.size : this.rowCount;
  }

  /** Applies a delta; returns and broadcasts the effective change. */
  apply(delta: Delta): Delta {
    const change = this.multiset ? this.applyMultiset(this.multiset, delta) : this.applyKeyedDelta(delta);
    if (change.length > 0) for (const listener of this.listeners) listener(change);
    return change;
  }

  /** Every row, each as many times as it is present. */
  snapshotRows(): SqlValue[][] {
    if (this.multiset) return deltaRows(this.multiset.snapshot()).map((r) => r.values);
    const out: SqlValue[][] = [];
    for (const entry of this.rows.values()) for (let i = 0; i < entry.count; i++) out.push(entry.values);
    return out;
  }

  /** Every row as one delta of inserts (shares the store's columns: do not mutate). */
  snapshot(): Delta {
    if (this.multiset) return this.multiset.snapshot();
    return deltaFromRows(this.schema, this.snapshotRows());
  }

  /** Registers a listener for effective changes; returns the unsubscribe function. */
  listen(listener: StoreListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /**
   * Inserts go in first, then deletes: a change that inserts and retracts one row is applied
   * whatever its order; the change itself is the effective one.
   */
  private applyMultiset(rows: ColumnarRows, delta: Delta): Delta {
    const change: Delta = delta.schema === this.schema ? delta : { ...delta, schema: this.schema };
    const ops = delta.ops;
    if (!ops) {
      rows.insert(change);
      return change;
    }
    let deletes = 0;
    for (let i = 0; i < ops.length; i++) if (ops[i] === -1) deletes++;
    if (deletes === 0) rows.insert(change);
    else {
      const inserted = new Int32Array(delta.length - deletes);
      const deleted = new Int32Array(deletes);
      for (let i = 0, a = 0, d = 0; i < ops.length; i++) {
        if (ops[i] === -1) deleted[d++] = i;
        else inserted[a++] = i;
      }
      if (inserted.length > 0) rows.insert(takeDelta(change, inserted));
      rows.remove(change, deleted);
    }
    return change;
  }

  private applyKeyedDelta(delta: Delta): Delta {
    const effective: SqlValue[][] = [];
    const ops: Op[] = [];
    for (const { op, values } of deltaRows(delta)) this.applyKeyed(op, values, effective, ops);
    return deltaFromRows(this.schema, effective, ops);
  }

  private applyKeyed(op: Op, values: SqlValue[], effective: SqlValue[][], ops: Op[]): void {
    const key = rowKey(this.primaryKey.map((c) => values[c]!));
    const old = this.rows.get(key);
    if (old) {
      effective.push(old.values);
      ops.push(-1);
      this.rows.delete(key);
      this.rowCount--;
    }
    if (op === 1) {
      this.rows.set(key, { values, count: 1 });
      this.rowCount++;
      effective.push(values);
      ops.push(1);
    }
  }
}
