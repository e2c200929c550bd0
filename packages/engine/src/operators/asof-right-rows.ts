/**
 * The right side of an ASOF join: per join key, the distinct right rows sorted by their
 * inequality value, then by their columns (so ties resolve the same way every time), each with
 * its multiplicity. Answers "the closest right row" for a left value and a comparison.
 * Rows whose key or inequality value is NULL never match, so they are never stored here.
 */
import type { AsOfCondition, SqlValue } from '@sluice/sql';
import { compareSqlValues } from './row-order.js';

/** One distinct right row. The object outlives its removal, so a left row can still retract its pairing. */
export interface AsOfRightRow {
  readonly values: readonly SqlValue[];
  /** the inequality's right value, never NULL */
  readonly ineq: SqlValue;
  readonly rowId: string;
  count: number;
}

/** Orders right rows by inequality value, then column by column. */
function compareRows(a: AsOfRightRow, b: AsOfRightRow): number {
  const c = compareSqlValues(a.ineq, b.ineq);
  if (c !== 0) return c;
  for (let i = 0; i < a.values.length; i++) {
    const d = compareSqlValues(a.values[i] ?? null, b.values[i] ?? null);
    if (d !== 0) return d;
  }
  return 0;
}

export class AsOfRightRows {
  private readonly byKey = new Map<string, AsOfRightRow[]>();
  private distinct = 0;

  /** Number of distinct rows held. */
  get size(): number {
    return this.distinct;
  }

  /**
   * Adds `copies` of a row (negative: removes them). Returns false for a retraction of a row
   * not held (never seen), which changes nothing.
   */
  apply(key: string, values: readonly SqlValue[], ineq: SqlValue, rowId: string, copies: number): boolean {
    let rows = this.byKey.get(key);
    const probe: AsOfRightRow = { values, ineq, rowId, count: copies };
    const at = rows ? this.lowerBound(rows, (r) => compareRows(r, probe)) : 0;
    const found = rows?.[at]?.rowId === rowId ? rows[at] : undefined;
    if (found) {
      found.count += copies;
      if (found.count <= 0) {
        rows!.splice(at, 1);
        this.distinct--;
        if (rows!.length === 0) this.byKey.delete(key);
      }
      return true;
    }
    if (copies <= 0) return false;
    if (!rows) {
      rows = [];
      this.byKey.set(key, rows);
    }
    rows.splice(at, 0, probe);
    this.distinct++;
    return true;
  }

  /**
   * The right row of `key` a left value `left` pairs with under `left op right`: the least
   * qualifying `right` for lt/le, the greatest for gt/ge, and among rows with that value the
   * first in column order; undefined when none qualifies.
   */
  closest(key: string, left: SqlValue, op: AsOfCondition['op']): AsOfRightRow | undefined {
    const rows = this.byKey.get(key);
    if (!rows) return undefined;
    const atOrAbove = this.lowerBound(rows, (r) => compareSqlValues(r.ineq, left));
    const above = this.lowerBound(rows, (r) => (compareSqlValues(r.ineq, left) > 0 ? 1 : -1));
    switch (op) {
      case 'le':
        return rows[atOrAbove];
      case 'lt':
        return rows[above];
      case 'ge':
      case 'gt': {
        const end = op === 'ge' ? above : atOrAbove;
        if (end === 0) return undefined;
        const best = rows[end - 1]!.ineq;
        return rows[this.lowerBound(rows, (r) => compareSqlValues(r.ineq, best))];
      }
      default:
        return op satisfies never;
    }
  }

  /** The greatest value of `key` below `value` and the least above it (undefined: none). */
  neighbours(key: string, value: SqlValue): { below: SqlValue | undefined; above: SqlValue | undefined } {
    const rows = this.byKey.get(key);
    if (!rows) return { below: undefined, above: undefined };
    const atOrAbove = this.lowerBound(rows, (r) => compareSqlValues(r.ineq, value));
    const above = this.lowerBound(rows, (r) => (compareSqlValues(r.ineq, value) > 0 ? 1 : -1));
    return { below: rows[atOrAbove - 1]?.ineq, above: rows[above]?.ineq };
  }

  /** Every stored row, for snapshots. */
  *rows(): IterableIterator<AsOfRightRow> {
    for (const rows of this.byKey.values()) yield* rows;
  }

  clear(): void {
    this.byKey.clear();
    this.distinct = 0;
  }

  /** The first position whose row `cmp` does not place below the target (cmp(row) >= 0). */
  private lowerBound(rows: readonly AsOfRightRow[], cmp: (r: AsOfRightRow) => number): number {
    let lo = 0;
    let hi = rows.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (cmp(rows[mid]!) < 0) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }
}
