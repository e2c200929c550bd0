/**
 * Ordering rows of JS values for the ordering operators (TopN, OverWindow): a total order on
 * SQL values, comparators built from sort keys (PostgreSQL's NULL placement), a sorted row
 * list, and the multiset difference between two versions of an output.
 */
import type { SortKey, SqlValue } from '@sluice/sql';
import { rowKey } from '../runtime/row-key.js';

/** A comparator of two rows. */
export type RowComparator = (a: readonly SqlValue[], b: readonly SqlValue[]) => number;

/**
 * Compares two non-NULL values of one SQL type: numbers (and timestamps, dates), bigints,
 * strings (by code unit, as the C collation), booleans (false first), intervals (by their
 * length with 30-day months, then by parts, so it is total), bytes and lists element-wise.
 */
export function compareSqlValues(x: SqlValue, y: SqlValue): number {
  if (x === null || y === null) return x === y ? 0 : x === null ? 1 : -1;
  if (typeof x === 'string' && typeof y === 'string') return x < y ? -1 : x > y ? 1 : 0;
  if (x instanceof Uint8Array && y instanceof Uint8Array) return compareSequences(x.length, y.length, (i) => x[i]! - y[i]!);
  if (Array.isArray(x) && Array.isArray(y)) return compareSequences(x.length, y.length, (i) => compareSqlValues(x[i]!, y[i]!));
  if (typeof x === 'object' && typeof y === 'object' && !Array.isArray(x) && !Array.isArray(y) && !(x instanceof Uint8Array) && !(y instanceof Uint8Array)) {
    const dx = (x.months * 30 + x.days) * 86_400_000_000 + x.micros;
    const dy = (y.months * 30 + y.days) * 86_400_000_000 + y.micros;
    return dx !== dy ? (dx < dy ? -1 : 1) : x.months - y.months || x.days - y.days;
  }
  const a = x as number | bigint | boolean;
  const b = y as number | bigint | boolean;
  return a < b ? -1 : a > b ? 1 : 0;
}

function compareSequences(lengthA: number, lengthB: number, at: (i: number) => number): number {
  const n = Math.min(lengthA, lengthB);
  for (let i = 0; i < n; i++) {
    const c = at(i);
    if (c !== 0) return c < 0 ? -1 : 1;
  }
  return lengthA - lengthB;
}

/** Orders rows by `keys` only: rows equal on every key compare 0 (they are peers). */
export function keyComparator(keys: readonly SortKey[]): RowComparator {
  return (a, b) => {
    for (const key of keys) {
      const x = a[key.column] ?? null;
      const y = b[key.column] ?? null;
      if (x === null || y === null) {
        if (x === y) continue;
        return (x === null) === (key.nulls === 'FIRST') ? -1 : 1;
      }
      const c = compareSqlValues(x, y);
      if (c !== 0) return key.direction === 'ASC' ? c : -c;
    }
    return 0;
  };
}

/**
 * Orders rows by `keys`, then by every column ascending: a total order in which only equal
 * rows compare 0, so ties on the keys resolve the same way every time.
 */
export function totalComparator(keys: readonly SortKey[]): RowComparator {
  const byKeys = keyComparator(keys);
  return (a, b) => {
    const c = byKeys(a, b);
    if (c !== 0) return c;
    for (let i = 0; i < a.length; i++) {
      const d = compareSqlValues(a[i] ?? null, b[i] ?? null);
      if (d !== 0) return d;
    }
    return 0;
  };
}

/** Rows kept sorted by a total comparator; equal rows (duplicates) sit next to each other. */
export class SortedRows {
  readonly rows: SqlValue[][] = [];

  constructor(private readonly compare: RowComparator) {}

  get length(): number {
    return this.rows.length;
  }

  /** Inserts `row` after any rows equal to it. */
  insert(row: SqlValue[]): void {
    let lo = 0;
    let hi = this.rows.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (this.compare(this.rows[mid]!, row) <= 0) lo = mid + 1;
      else hi = mid;
    }
    this.rows.splice(lo, 0, row);
  }

  /** Removes one row equal to `row`; false when there is none (a retraction of a row never seen). */
  remove(row: readonly SqlValue[]): boolean {
    let lo = 0;
    let hi = this.rows.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (this.compare(this.rows[mid]!, row) < 0) lo = mid + 1;
      else hi = mid;
    }
    if (lo >= this.rows.length || this.compare(this.rows[lo]!, row) !== 0) return false;
    this.rows.splice(lo, 1);
    return true;
  }

  /** Keeps only the first `count` rows. */
  truncate(count: number): void {
    if (this.rows.length > count) this.rows.length = count;
  }
}

/** Output rows and their ops (+1 insert, -1 delete). */
export interface RowChanges {
  readonly rows: SqlValue[][];
  readonly ops: (1 | -1)[];
}

/**
 * Appends to `into` what turns the multiset `before` into `after`: deletes of rows that
 * left, then inserts of rows that arrived; rows present in both emit nothing.
 */
export function diffRows(before: readonly SqlValue[][], after: readonly SqlValue[][], into: RowChanges): void {
  const counts = new Map<string, number>();
  for (const row of before) {
    const k = rowKey(row);
    counts.set(k, (counts.get(k) ?? 0) + 1);
  }
  const inserts: SqlValue[][] = [];
  for (const row of after) {
    const k = rowKey(row);
    const n = counts.get(k) ?? 0;
    if (n > 0) counts.set(k, n - 1);
    else inserts.push(row);
  }
  for (const row of before) {
    const k = rowKey(row);
    const n = counts.get(k) ?? 0;
    if (n > 0) {
      counts.set(k, n - 1);
      into.rows.push(row);
      into.ops.push(-1);
    }
  }
  for (const row of inserts) {
    into.rows.push(row);
    into.ops.push(1);
  }
}
