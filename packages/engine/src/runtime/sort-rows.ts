/**
 * ORDER BY for final result rows (snapshot reads), with PostgreSQL's NULL placement: the same
 * comparator the ordering operators use.
 */
import type { SortKey, SqlValue } from '@sluice/sql';
import { keyComparator } from '../operators/row-order.js';

export function sortRows(rows: SqlValue[][], keys: readonly SortKey[]): SqlValue[][] {
  return [...rows].sort(keyComparator(keys));
}
