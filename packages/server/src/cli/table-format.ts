/**
 * psql's "aligned" table layout, as pure text: a centred header, a `----+----` rule, one line
 * per row with numbers right-aligned, and `+` at the end of a cell that continues on the next
 * line (a value holding newlines), as psql marks it.
 */
import { displayWidth, padToWidth } from './display-width.js';

/** One column of a table: its header text and how its cells are aligned. */
export interface TableColumn {
  readonly header: string;
  readonly alignRight: boolean;
}

/**
 * The lines of the table (no trailing newline, no `(N rows)` footer). A null cell prints as
 * `nullText`, empty by default as in psql. Trailing spaces are trimmed from every line.
 */
export function formatTable(columns: readonly TableColumn[], rows: readonly (readonly (string | null)[])[], nullText = ''): string[] {
  const cells = rows.map((row) => columns.map((_, i) => (row[i] ?? nullText).split(/\r?\n/)));
  const widths = columns.map((column, i) => {
    let width = displayWidth(column.header);
    for (const row of cells) {
      for (const line of row[i]!) width = Math.max(width, displayWidth(line));
    }
    return width;
  });

  const lines = [columns.map((column, i) => ` ${centre(column.header, widths[i]!)} `).join('|').trimEnd()];
  lines.push(widths.map((width) => '-'.repeat(width + 2)).join('+'));
  for (const row of cells) lines.push(...rowLines(row, columns, widths));
  return lines;
}

/** A row whose cells may span several lines: one output line per line of its tallest cell. */
function rowLines(row: readonly string[][], columns: readonly TableColumn[], widths: readonly number[]): string[] {
  const height = Math.max(1, ...row.map((cell) => cell.length));
  const lines: string[] = [];
  for (let lineNo = 0; lineNo < height; lineNo++) {
    const parts = row.map((cell, i) => {
      const text = padToWidth(cell[lineNo] ?? '', widths[i]!, columns[i]!.alignRight);
      const continues = lineNo < cell.length - 1;
      return ` ${text}${continues ? '+' : ' '}`;
    });
    lines.push(parts.join('|').trimEnd());
  }
  return lines;
}

function centre(text: string, width: number): string {
  const room = Math.max(0, width - displayWidth(text));
  const left = Math.floor(room / 2);
  return ' '.repeat(left) + text + ' '.repeat(room - left);
}

/** psql's footer: `(1 row)`, `(3 rows)`. */
export function rowCountFooter(count: number): string {
  return `(${count} ${count === 1 ? 'row' : 'rows'})`;
}
