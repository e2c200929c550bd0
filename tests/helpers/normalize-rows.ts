import { canonicalTimestamp, canonicalTimestampOfDate } from './timestamps.js';

/** A value after normalization: what both engines' answers are compared as. */
export type NormalValue = string | number | boolean | null;

/** A result row after normalization, keyed by column name. */
export type NormalRow = Record<string, NormalValue>;

/**
 * Normalizes one value from either engine: bigints become numbers when safe (else decimal
 * text), Dates and timestamp text become `YYYY-MM-DD HH:MM:SS[.fff]` (see canonicalTimestamp),
 * -0 becomes 0, undefined becomes null, arrays and objects become their JSON text.
 */
export function normalizeValue(value: unknown): NormalValue {
  if (value === null || value === undefined) return null;
  if (typeof value === 'bigint') {
    return value >= BigInt(Number.MIN_SAFE_INTEGER) && value <= BigInt(Number.MAX_SAFE_INTEGER)
      ? Number(value)
      : value.toString();
  }
  if (value instanceof Date) return canonicalTimestampOfDate(value);
  if (typeof value === 'string') return canonicalTimestamp(value) ?? value;
  if (typeof value === 'number') return Object.is(value, -0) ? 0 : value;
  if (typeof value === 'boolean') return value;
  return JSON.stringify(value, (_key, v: unknown) => (typeof v === 'bigint' ? v.toString() : v));
}

/** Normalizes every value of a row (see normalizeValue). */
export function normalizeRow(row: Readonly<Record<string, unknown>>): NormalRow {
  const out: NormalRow = {};
  for (const [column, value] of Object.entries(row)) out[column] = normalizeValue(value);
  return out;
}

/** The number a value stands for, if it is a number or numeric text (a DECIMAL may print as text). */
function numericValue(value: NormalValue): number | undefined {
  if (typeof value === 'number') return value;
  if (typeof value === 'string' && /^-?\d+(\.\d+)?(e[+-]?\d+)?$/i.test(value)) return Number(value);
  return undefined;
}

/** Options of rowsDifference. */
export interface CompareOptions {
  /** Relative tolerance for non-integer numbers (default 1e-6). */
  readonly relativeTolerance?: number;
}

function valuesEqual(actual: NormalValue, expected: NormalValue, tolerance: number): boolean {
  if (actual === expected) return true;
  // an integer must arrive as a JSON number (text only for values beyond 2^53, already equal above)
  if (typeof expected === 'number' && Number.isInteger(expected) && typeof actual !== 'number') return false;
  const a = numericValue(actual);
  const e = numericValue(expected);
  if (a === undefined || e === undefined) return false;
  if (Number.isInteger(e) && Number.isInteger(a)) return a === e;
  return Math.abs(a - e) <= tolerance * Math.max(1, Math.abs(a), Math.abs(e));
}

/** A sort and display key: float columns last and rounded, so that tiny float noise sorts alike. */
function rowKey(row: NormalRow, columns: readonly string[], floatColumns: ReadonlySet<string>): string {
  const exact = columns.filter((c) => !floatColumns.has(c)).map((c) => JSON.stringify(row[c] ?? null));
  const approximate = [...floatColumns].map((c) => {
    const n = numericValue(row[c] ?? null);
    return n === undefined ? JSON.stringify(row[c] ?? null) : n.toPrecision(6);
  });
  return [...exact, ...approximate].join('|');
}

/**
 * Compares two row multisets regardless of order. Integers, text, booleans and NULL must match
 * exactly; a column whose expected values include a non-integer number is compared with a
 * relative tolerance, and numeric text counts as its number there (a DECIMAL may print as text);
 * an integer must be a JSON number. Returns '' when the sets are equal, else a readable account
 * of the difference (counts, columns, and a few rows on either side).
 */
export function rowsDifference(
  actualRows: readonly NormalRow[],
  expectedRows: readonly NormalRow[],
  options: CompareOptions = {},
): string {
  const tolerance = options.relativeTolerance ?? 1e-6;
  const columnsOf = (rows: readonly NormalRow[]): string[] => [...new Set(rows.flatMap((r) => Object.keys(r)))].sort();
  const expectedColumns = columnsOf(expectedRows);
  const actualColumns = columnsOf(actualRows);
  if (actualRows.length > 0 && expectedRows.length > 0 && actualColumns.join(',') !== expectedColumns.join(',')) {
    return `columns differ: got [${actualColumns.join(', ')}], expected [${expectedColumns.join(', ')}]`;
  }
  const floatColumns = new Set(
    expectedColumns.filter((c) => expectedRows.some((r) => typeof r[c] === 'number' && !Number.isInteger(r[c]))),
  );
  const sortByKey = (rows: readonly NormalRow[]): { key: string; row: NormalRow }[] =>
    rows.map((row) => ({ key: rowKey(row, expectedColumns, floatColumns), row }))
      .sort((x, y) => (x.key < y.key ? -1 : x.key > y.key ? 1 : 0));
  const actual = sortByKey(actualRows);
  const expected = sortByKey(expectedRows);
  const mismatches: string[] = [];
  for (let i = 0; i < Math.min(actual.length, expected.length); i++) {
    const a = actual[i]!.row;
    const e = expected[i]!.row;
    const same = expectedColumns.every((c) => valuesEqual(a[c] ?? null, e[c] ?? null, tolerance));
    if (!same) mismatches.push(`  got      ${JSON.stringify(a)}\n  expected ${JSON.stringify(e)}`);
  }
  if (actual.length === expected.length && mismatches.length === 0) return '';
  const actualKeys = new Set(actual.map((x) => x.key));
  const expectedKeys = new Set(expected.map((x) => x.key));
  const missing = expected.filter((x) => !actualKeys.has(x.key)).slice(0, 5).map((x) => `  ${JSON.stringify(x.row)}`);
  const extra = actual.filter((x) => !expectedKeys.has(x.key)).slice(0, 5).map((x) => `  ${JSON.stringify(x.row)}`);
  return [
    `got ${actual.length} rows, expected ${expected.length}; ${mismatches.length} of the first pairs (sorted) differ`,
    ...(missing.length ? ['some expected rows that are missing:', ...missing] : []),
    ...(extra.length ? ['some rows that were not expected:', ...extra] : []),
    ...(mismatches.length ? ['first differing pairs:', ...mismatches.slice(0, 5)] : []),
  ].join('\n');
}
