import { normalizeRow, type NormalRow } from './normalize-rows.js';

/** One line of a continuous query's output: `{"op":"+","row":{...}}` or `{"op":"-","row":{...}}`. */
export interface Change {
  readonly op: '+' | '-';
  readonly row: Record<string, unknown>;
}

/** Checks that a parsed JSON value is a Change, and returns it typed. */
export function asChange(value: unknown): Change {
  const candidate = value as { op?: unknown; row?: unknown } | null;
  if (
    candidate === null || typeof candidate !== 'object' ||
    (candidate.op !== '+' && candidate.op !== '-') ||
    candidate.row === null || typeof candidate.row !== 'object' || Array.isArray(candidate.row)
  ) {
    throw new Error(`not a change line: ${JSON.stringify(value)}`);
  }
  return candidate as Change;
}

const keyOf = (row: NormalRow): string =>
  JSON.stringify(Object.keys(row).sort().map((column) => [column, row[column]]));

/**
 * A multiset of rows maintained from a changelog, in order: `+` adds a row, `-` removes one
 * equal row. Removing a row that is not there is an error (the changelog is inconsistent).
 */
export class ChangelogTable {
  private readonly rows = new Map<string, { row: NormalRow; count: number }>();

  /** Applies one change; throws if a `-` has no equal row to remove. */
  apply(change: Change): void {
    const row = normalizeRow(change.row);
    const key = keyOf(row);
    const entry = this.rows.get(key);
    if (change.op === '+') {
      if (entry) entry.count++;
      else this.rows.set(key, { row, count: 1 });
      return;
    }
    if (!entry) throw new Error(`retraction of a row that is not present: ${JSON.stringify(row)}`);
    if (--entry.count === 0) this.rows.delete(key);
  }

  /** Applies changes in order. */
  applyAll(changes: Iterable<Change>): this {
    for (const change of changes) this.apply(change);
    return this;
  }

  /** The current rows (a row present n times appears n times). */
  snapshot(): NormalRow[] {
    return [...this.rows.values()].flatMap(({ row, count }) => Array.from({ length: count }, () => row));
  }
}
