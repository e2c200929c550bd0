/**
 * What the REPL prints, as text: results as psql's aligned tables (the CLI's table layout) or,
 * with `\x`, psql's expanded records; stream batches with an `op` column and a batch footer;
 * errors as the CLI reports them, caret and all.
 */
import { SqlError } from '@sluice/sql';
import { formatError } from '../cli/error-report.js';
import { displayWidth } from '../cli/display-width.js';
import { formatTable, rowCountFooter, type TableColumn } from '../cli/table-format.js';
import type { WireColumn } from '../server/wire-values.js';
import type { RemoteError, TextChange } from './query-client.js';

type TextRow = readonly (string | null)[];

const NUMERIC = new Set(['SMALLINT', 'INT', 'BIGINT', 'REAL', 'DOUBLE', 'DECIMAL']);

/** Table columns for wire columns: numbers right-aligned. */
export function tableColumns(columns: readonly WireColumn[]): TableColumn[] {
  return columns.map((c) => ({ header: c.name, alignRight: NUMERIC.has(c.type) }));
}

/** A finite result: an aligned table (or expanded records) and the row count. */
export function formatRows(columns: readonly WireColumn[], rows: readonly TextRow[], expanded: boolean): string {
  const lines = expanded ? expandedRecords(columns.map((c) => c.name), rows) : formatTable(tableColumns(columns), rows);
  if (!expanded || rows.length === 0) lines.push(rowCountFooter(rows.length));
  return `${lines.join('\n')}\n\n`;
}

/** One batch of a stream: a table with the `op` column, and `(batch N: k changes, watermark W)`. */
export function formatChanges(columns: readonly WireColumn[], batch: number | 'snapshot', watermark: string | null, changes: readonly TextChange[], expanded: boolean): string {
  const rows = changes.map((c) => [c.op, ...c.values]);
  const names = ['op', ...columns.map((c) => c.name)];
  const lines = expanded ? expandedRecords(names, rows) : formatTable([{ header: 'op', alignRight: false }, ...tableColumns(columns)], rows);
  const count = `${changes.length} ${changes.length === 1 ? 'change' : 'changes'}`;
  lines.push(batch === 'snapshot' ? `(snapshot: ${changes.length} ${changes.length === 1 ? 'row' : 'rows'})` : `(batch ${batch}: ${count}${watermark === null ? '' : `, watermark ${watermark}`})`);
  return `${lines.join('\n')}\n\n`;
}

/** psql's `\x` layout: `-[ RECORD n ]--` then `name | value` per column. */
export function expandedRecords(names: readonly string[], rows: readonly TextRow[]): string[] {
  if (rows.length === 0) return [];
  const nameWidth = Math.max(...names.map(displayWidth));
  const valueWidth = Math.max(0, ...rows.flatMap((row) => row.map((v) => Math.max(0, ...(v ?? '').split('\n').map(displayWidth)))));
  const lines: string[] = [];
  rows.forEach((row, r) => {
    const head = `-[ RECORD ${r + 1} ]`;
    lines.push(head + '-'.repeat(Math.max(0, nameWidth + 1 - head.length)) + '+' + '-'.repeat(valueWidth + 1));
    names.forEach((name, i) => {
      const valueLines = (row[i] ?? '').split('\n');
      valueLines.forEach((line, k) => {
        const label = k === 0 ? name : '';
        lines.push(`${label}${' '.repeat(nameWidth - displayWidth(label))} | ${line}${k < valueLines.length - 1 ? '+' : ''}`.trimEnd());
      });
    });
  });
  return lines;
}

/** A title centred over a table, as psql prints `List of relations`. */
export function centredTitle(title: string, tableLines: readonly string[]): string {
  const width = Math.max(0, ...tableLines.map(displayWidth));
  const left = Math.max(0, Math.floor((width - displayWidth(title)) / 2));
  return `${' '.repeat(left)}${title}`;
}

/**
 * The CLI's error report for an error from the server: `ERROR:`, `LINE n:` with a caret when
 * the server gave a position in `sql`, `HINT:` and `CODE:`.
 */
export function formatRemoteError(error: RemoteError, sql: string): string {
  const offset = error.position !== undefined ? error.position - 1 : undefined;
  const position = offset !== undefined && error.line !== undefined && error.column !== undefined ? { line: error.line, column: error.column, offset } : undefined;
  const asSqlError = new SqlError(error.code, error.message, position, error.hint);
  return formatError(asSqlError, { script: { name: '', text: sql, file: false } });
}
