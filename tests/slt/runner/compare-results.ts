/**
 * Compares a query's rows (already as cell text) with the expected lines of a record, the way
 * sqllogictest-rs does: whitespace inside and between values is collapsed, so a row
 * `2022-01-01 10:00:00 5` equals the cells `['2022-01-01 10:00:00', '5']`, however the
 * expected columns were aligned.
 *
 * - `rowsort`: both sides' rows are sorted as strings before comparing;
 * - `valuesort`: all values of both sides are sorted as one list;
 * - an expected `N values hashing to <md5>` line is compared with the MD5 of the (sorted)
 *   values, each followed by a newline, as sqllogictest writes results above its hash threshold.
 */
import { createHash } from 'node:crypto';
import type { SortMode } from './records.js';

export interface Comparison {
  readonly equal: boolean;
  /** the two sides as compared (sorted, normalized), for reports */
  readonly expected: readonly string[];
  readonly actual: readonly string[];
}

const HASH_LINE = /^(\d+) values hashing to ([0-9a-f]{32})$/;

/** Collapses runs of whitespace to one space and trims. */
export function normalizeText(text: string): string {
  return text.trim().split(/\s+/).filter((part) => part !== '').join(' ');
}

export function compareResults(rows: readonly (readonly string[])[], expectedLines: readonly string[], sortMode: SortMode): Comparison {
  const expected = expectedLines.map(normalizeText);
  const hash = expected.length === 1 ? HASH_LINE.exec(expected[0]!) : null;
  if (hash) {
    const values = orderedValues(rows, sortMode);
    const actualLine = `${values.length} values hashing to ${hashValues(values)}`;
    return { equal: actualLine === expected[0], expected, actual: [actualLine] };
  }
  if (sortMode === 'valuesort') {
    const values = orderedValues(rows, sortMode);
    const expectedValues = expected.length === values.length ? [...expected].sort() : expected.flatMap((line) => line.split(' ')).sort();
    const actualValues = expected.length === values.length ? values : values.flatMap((v) => v.split(' ')).sort();
    return { equal: sameLines(expectedValues, actualValues), expected: expectedValues, actual: actualValues };
  }
  let actual = rows.map((row) => normalizeText(row.join(' ')));
  let wanted = expected;
  if (sortMode === 'rowsort') {
    actual = [...actual].sort();
    wanted = [...expected].sort();
  }
  return { equal: sameLines(wanted, actual), expected: wanted, actual };
}

/** The values in comparison order: rows sorted first for `rowsort`, all values sorted for `valuesort`. */
function orderedValues(rows: readonly (readonly string[])[], sortMode: SortMode): string[] {
  const normalizedRows = rows.map((row) => row.map(normalizeText));
  if (sortMode === 'rowsort') normalizedRows.sort((a, b) => compareStrings(a.join(' '), b.join(' ')));
  const values = normalizedRows.flat();
  return sortMode === 'valuesort' ? values.sort() : values;
}

/**
 * How two results differ, in a few words, for aggregating wrong results: no rows at all, rows
 * missing, rows too many, the same rows in another order, or different values.
 */
export function describeDifference(comparison: Comparison): string {
  const { expected, actual } = comparison;
  if (actual.length === 0) return 'no rows';
  if (expected.length === 0) return 'rows where none were expected';
  const sortedExpected = [...expected].sort();
  const sortedActual = [...actual].sort();
  if (sameLines(sortedExpected, sortedActual)) return 'rows in another order';
  const remaining = new Map<string, number>();
  for (const line of actual) remaining.set(line, (remaining.get(line) ?? 0) + 1);
  let found = 0;
  for (const line of expected) {
    const n = remaining.get(line) ?? 0;
    if (n > 0) {
      found++;
      remaining.set(line, n - 1);
    }
  }
  if (found === expected.length) return 'extra rows';
  if (found === actual.length) return 'missing rows';
  if (sameUpToRounding(expected, actual)) return 'numbers differ in their last digits';
  return 'different values';
}

/** true when both sides have the same words except numbers that agree to ten significant digits */
function sameUpToRounding(expected: readonly string[], actual: readonly string[]): boolean {
  if (expected.length !== actual.length) return false;
  return expected.every((line, i) => {
    const a = line.split(' ');
    const b = actual[i]!.split(' ');
    return a.length === b.length && a.every((word, j) => word === b[j] || closeNumbers(word, b[j]!));
  });
}

function closeNumbers(a: string, b: string): boolean {
  const x = Number(a);
  const y = Number(b);
  if (a === '' || b === '' || !Number.isFinite(x) || !Number.isFinite(y)) return false;
  return Math.abs(x - y) <= 1e-10 * Math.max(Math.abs(x), Math.abs(y), 1e-300);
}

/** MD5 (hex) of the values, each followed by a newline. */
export function hashValues(values: readonly string[]): string {
  const hash = createHash('md5');
  for (const value of values) hash.update(`${value}\n`);
  return hash.digest('hex');
}

function sameLines(a: readonly string[], b: readonly string[]): boolean {
  return a.length === b.length && a.every((line, i) => line === b[i]);
}

function compareStrings(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
