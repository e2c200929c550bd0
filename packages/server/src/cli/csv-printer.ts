/**
 * `--format csv`: a header line, then one line per row, quoted as RFC 4180 asks (a field with
 * a comma, a double quote or a line break is wrapped in double quotes, quotes doubled). NULL is
 * an empty field and the empty string is `""`, as PostgreSQL's COPY writes them, so the two
 * stay apart. A continuous result has an `op` column first. Lines end with `\n`, as psql's
 * `--csv` does. Statement tags go to stderr.
 */
import type { ChangeBatch, ResultColumn } from '@sluice/engine';
import type { SqlValue } from '@sluice/sql';
import type { PrinterChannels, ResultPrinter } from './result-printer.js';
import { formatValue } from './values.js';

/** Prints results as CSV. */
export class CsvPrinter implements ResultPrinter {
  constructor(private readonly channels: PrinterChannels) {}

  async rows(columns: readonly ResultColumn[], rows: readonly (readonly SqlValue[])[]): Promise<void> {
    const lines = [csvLine(columns.map((column) => column.name))];
    for (const row of rows) lines.push(csvLine(textRow(columns, row)));
    await this.channels.data.write(lines.join(''));
  }

  async command(tag: string): Promise<void> {
    await this.channels.messages.write(`${tag}\n`);
  }

  async streamStart(columns: readonly ResultColumn[]): Promise<void> {
    await this.channels.data.write(csvLine(['op', ...columns.map((column) => column.name)]));
  }

  async streamBatch(columns: readonly ResultColumn[], batch: ChangeBatch): Promise<void> {
    await this.channels.data.write(batch.changes.map((change) => csvLine([change.op, ...textRow(columns, change.values)])).join(''));
  }
}

/** One CSV field. null (SQL NULL) is the empty field; the empty string is quoted. */
export function csvField(text: string | null): string {
  if (text === null) return '';
  if (text === '' || /[",\r\n]/.test(text)) return `"${text.replace(/"/g, '""')}"`;
  return text;
}

/** One CSV line, newline included. */
export function csvLine(fields: readonly (string | null)[]): string {
  return `${fields.map(csvField).join(',')}\n`;
}

function textRow(columns: readonly ResultColumn[], values: readonly SqlValue[]): (string | null)[] {
  return columns.map((column, i) => formatValue(values[i] ?? null, column.type));
}
