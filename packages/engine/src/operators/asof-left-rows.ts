/**
 * The left side of an ASOF join: its distinct rows with their multiplicities and current
 * partners, found by row identity, and (those that can match: key and inequality value not
 * NULL) sorted per key by inequality value, so that a right change re-pairs only the left rows
 * whose value lies near the changed right value.
 */
import type { SqlValue } from '@sluice/sql';
import type { AsOfRightRow } from './asof-right-rows.js';
import { compareSqlValues } from './row-order.js';

/** One distinct left row: its key (null: has a NULL), inequality value and current partner. */
export interface AsOfLeftRow {
  readonly values: readonly SqlValue[];
  readonly rowId: string;
  readonly key: string | null;
  readonly ineq: SqlValue;
  count: number;
  match: AsOfRightRow | undefined;
}

/** The rows with NULL keys share this bucket; real keys never equal it. */
const NULL_BUCKET = '';

export class AsOfLeftRows {
  private readonly byId = new Map<string, Map<string, AsOfLeftRow>>();
  private readonly sorted = new Map<string, AsOfLeftRow[]>();
  private distinct = 0;

  /** Number of distinct rows held. */
  get size(): number {
    return this.distinct;
  }

  find(key: string | null, rowId: string): AsOfLeftRow | undefined {
    return this.byId.get(key ?? NULL_BUCKET)?.get(rowId);
  }

  insert(row: AsOfLeftRow): void {
    const bucketKey = row.key ?? NULL_BUCKET;
    let bucket = this.byId.get(bucketKey);
    if (!bucket) {
      bucket = new Map();
      this.byId.set(bucketKey, bucket);
    }
    bucket.set(row.rowId, row);
    this.distinct++;
    if (row.key === null || row.ineq === null) return;
    let rows = this.sorted.get(row.key);
    if (!rows) {
      rows = [];
      this.sorted.set(row.key, rows);
    }
    rows.splice(lowerBound(rows, row.ineq, false), 0, row);
  }

  remove(row: AsOfLeftRow): void {
    const bucketKey = row.key ?? NULL_BUCKET;
    const bucket = this.byId.get(bucketKey);
    if (!bucket?.delete(row.rowId)) return;
    this.distinct--;
    if (bucket.size === 0) this.byId.delete(bucketKey);
    if (row.key === null || row.ineq === null) return;
    const rows = this.sorted.get(row.key)!;
    for (let i = lowerBound(rows, row.ineq, false); i < rows.length; i++) {
      if (rows[i] !== row) continue;
      rows.splice(i, 1);
      break;
    }
    if (rows.length === 0) this.sorted.delete(row.key);
  }

  /** The rows of `key` whose inequality value lies in [from, to] (undefined: unbounded). */
  inRange(key: string, from: SqlValue | undefined, to: SqlValue | undefined): AsOfLeftRow[] {
    const rows = this.sorted.get(key);
    if (!rows) return [];
    const start = from === undefined ? 0 : lowerBound(rows, from, false);
    const end = to === undefined ? rows.length : lowerBound(rows, to, true);
    return rows.slice(start, end);
  }

  /** Every stored row, for snapshots. */
  *rows(): IterableIterator<AsOfLeftRow> {
    for (const bucket of this.byId.values()) yield* bucket.values();
  }

  clear(): void {
    this.byId.clear();
    this.sorted.clear();
    this.distinct = 0;
  }
}

/** The first position whose value is >= `value` (`after`: > `value`). */
function lowerBound(rows: readonly AsOfLeftRow[], value: SqlValue, after: boolean): number {
  let lo = 0;
  let hi = rows.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    const c = compareSqlValues(rows[mid]!.ineq, value);
    if (c < 0 || (after && c === 0)) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}
