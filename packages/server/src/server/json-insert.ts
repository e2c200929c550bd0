/**
 * `POST /v1/tables/:name/rows`: JSON rows turned into one INSERT statement. Rows are objects
 * (`{"id": 1, "name": "a"}`, columns by name; a key missing from a row is NULL) or arrays
 * (values in the table's column order). Values become SQL literals the binder types against
 * the table's columns, as PostgreSQL does for untyped literals: strings are quoted (so
 * `"2024-05-01 12:00:00"` fills a TIMESTAMP column), JSON objects and arrays are written as
 * their JSON text (for JSONB columns).
 */
import { EngineError } from '@sluice/engine';
import { quoteIdent } from './introspection.js';

/** The INSERT statement for `rows` into `table`, and the number of rows. Throws `bad-request`. */
export function insertStatement(table: string, body: unknown): { sql: string; count: number } {
  const rows = Array.isArray(body) ? body : (body as { rows?: unknown } | null)?.rows;
  if (!Array.isArray(rows) || rows.length === 0) {
    throw badRequest('the body must be a non-empty JSON array of rows, or {"rows": [...]}');
  }
  if (rows.every((row) => Array.isArray(row))) {
    const values = rows.map((row: unknown[]) => `(${row.map(literal).join(', ')})`);
    return { sql: `INSERT INTO ${quoteIdent(table)} VALUES ${values.join(', ')}`, count: rows.length };
  }
  if (!rows.every((row) => typeof row === 'object' && row !== null && !Array.isArray(row))) {
    throw badRequest('rows must be all JSON objects (columns by name) or all arrays (columns in table order)');
  }
  const columns: string[] = [];
  const seen = new Set<string>();
  for (const row of rows as Record<string, unknown>[]) {
    for (const key of Object.keys(row)) {
      if (!seen.has(key)) {
        seen.add(key);
        columns.push(key);
      }
    }
  }
  if (columns.length === 0) throw badRequest('the rows name no columns');
  const values = (rows as Record<string, unknown>[]).map((row) => `(${columns.map((c) => literal(row[c])).join(', ')})`);
  return { sql: `INSERT INTO ${quoteIdent(table)} (${columns.map(quoteIdent).join(', ')}) VALUES ${values.join(', ')}`, count: rows.length };
}

/** A JSON value as a SQL literal. */
export function literal(value: unknown): string {
  if (value === null || value === undefined) return 'NULL';
  if (typeof value === 'boolean') return value ? 'TRUE' : 'FALSE';
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) throw badRequest(`${value} is not a number SQL can store`);
    return String(value);
  }
  if (typeof value === 'string') return quoteString(value);
  return quoteString(JSON.stringify(value));
}

/** `text` as a SQL string literal. */
export function quoteString(text: string): string {
  return `'${text.replace(/'/g, "''")}'`;
}

function badRequest(message: string): EngineError {
  return new EngineError('bad-request', message, 'user');
}
