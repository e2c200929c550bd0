import type { EventRow } from '../helpers/event-file.js';
import type { NormalRow } from '../helpers/normalize-rows.js';
import { canonicalTimestamp, formatSqlTimestamp } from '../helpers/timestamps.js';

/**
 * Plain JavaScript answers to the oracle queries, computed from the generated rows. They check
 * the DuckDB side (its reading of the file and the SQL written for it), not Sluice.
 */

const timestamp = (epochMs: number): string => canonicalTimestamp(formatSqlTimestamp(epochMs))!;

/** Groups rows by a key and folds each group into one output row. */
function groupRows<K>(
  rows: readonly EventRow[],
  keysOf: (row: EventRow) => K[],
  fold: (key: K, group: readonly EventRow[]) => NormalRow | undefined,
): NormalRow[] {
  const groups = new Map<string, { key: K; rows: EventRow[] }>();
  for (const row of rows) {
    for (const key of keysOf(row)) {
      const id = JSON.stringify(key);
      const group = groups.get(id) ?? { key, rows: [] };
      group.rows.push(row);
      groups.set(id, group);
    }
  }
  return [...groups.values()].flatMap(({ key, rows: group }): NormalRow[] => {
    const row = fold(key, group);
    return row ? [row] : [];
  });
}

const sum = (values: readonly number[]): number => values.reduce((a, b) => a + b, 0);

function wordCount(rows: readonly EventRow[], split: (line: string) => string[]): NormalRow[] {
  const counts = new Map<string, number>();
  for (const row of rows) for (const word of split(row.line)) counts.set(word, (counts.get(word) ?? 0) + 1);
  return [...counts].map(([word, n]) => ({ word, n }));
}

/** The reference answer for each query of ORACLE_QUERIES and CONTINUOUS_QUERY, by name. */
export const JS_REFERENCE: Readonly<Record<string, (rows: readonly EventRow[]) => NormalRow[]>> = {
  tumble_item_stats: (rows) =>
    groupRows(rows, (r) => [[Math.floor(r.tsMs / 10_000) * 10_000, r.item] as const], ([start, item], g) => ({
      window_start: timestamp(start), window_end: timestamp(start + 10_000), item,
      n: g.length, total: sum(g.map((r) => r.price)),
      lo: Math.min(...g.map((r) => r.price)), hi: Math.max(...g.map((r) => r.price)),
    })),
  hop_category_units: (rows) =>
    groupRows(rows, (r) => {
      const bucket = Math.floor(r.tsMs / 5_000) * 5_000;
      return [[bucket, r.category] as const, [bucket - 5_000, r.category] as const];
    }, ([start, category], g) => ({
      window_start: timestamp(start), window_end: timestamp(start + 10_000), category,
      n: g.length, units: sum(g.map((r) => r.qty)),
    })),
  filtered_amounts: (rows) =>
    rows
      .filter((r) =>
        (r.price * r.qty > 300 && r.item !== 'tea' && r.category !== null) || (r.qty >= 4 && r.price % 7 === 0))
      .map((r) => ({
        ts: timestamp(r.tsMs), user_id: r.userId, item: r.item,
        amount: r.price * r.qty, adjusted: r.price - r.qty * 3, multi: r.qty !== 1,
      })),
  price_buckets: (rows) =>
    groupRows(rows, (r) => [
      r.price < 20 ? 'cheap' : r.price < 100 ? 'regular' : r.qty > 3 ? 'bulk premium' : 'premium',
    ], (bucket, g) => ({
      bucket, n: g.length, units: sum(g.map((r) => r.qty)), top: Math.max(...g.map((r) => r.price)),
    })),
  frequent_users: (rows) =>
    groupRows(rows, (r) => [r.userId], (userId, g) => {
      const avgPrice = sum(g.map((r) => r.price)) / g.length;
      if (g.length < 30 || !(avgPrice > 40)) return undefined;
      return { user_id: userId, n: g.length, avg_price: avgPrice, max_qty: Math.max(...g.map((r) => r.qty)) };
    }),
  word_count_split: (rows) => wordCount(rows, (line) => line.split(' ')),
  word_count_regexp: (rows) => wordCount(rows, (line) => line.split(/\s+/)),
  category_totals: (rows) =>
    groupRows(rows, (r) => [r.category], (category, g) => ({
      category, n: g.length, total: sum(g.map((r) => r.price)), max_qty: Math.max(...g.map((r) => r.qty)),
    })),
};
