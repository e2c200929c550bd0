/**
 * `--format table`: psql's aligned output. A finite result is one table with a `(N rows)`
 * footer; a continuous result prints one small table per micro-batch with an `op` column
 * (`+` inserted, `-` retracted) and a footer naming the batch and its watermark. Statement
 * tags go to stdout, as in psql.
 */
import type { ChangeBatch, ResultColumn } from '@sluice/engine';
import { isNumeric, T, type SqlValue } from '@sluice/sql';
import type { PrinterChannels, ResultPrinter } from './result-printer.js';
import { formatTable, rowCountFooter, type TableColumn } from './table-format.js';
import { formatValue } from './values.js';

/** Prints results as psql-style aligned tables on stdout. */
export class TablePrinter implements ResultPrinter {
  constructor(private readonly channels: PrinterChannels) {}

  async rows(columns: readonly ResultColumn[], rows: readonly (readonly SqlValue[])[]): Promise<void> {
    const lines = formatTable(tableColumns(columns), rows.map((row) => textRow(columns, row)));
    lines.push(rowCountFooter(rows.length), '');
    await this.channels.data.write(`${lines.join('\n')}\n`);
  }

  async command(tag: string): Promise<void> {
    await this.channels.data.write(`${tag}\n`);
  }

  async streamStart(_columns: readonly ResultColumn[]): Promise<void> {
    // nothing to show until the first batch: its table carries the header
  }

  async streamBatch(columns: readonly ResultColumn[], batch: ChangeBatch): Promise<void> {
    if (batch.changes.length === 0) return;
    const header: TableColumn[] = [{ header: 'op', alignRight: false }, ...tableColumns(columns)];
    const rows = batch.changes.map((change) => [change.op, ...textRow(columns, change.values)]);
    const lines = formatTable(header, rows);
    lines.push(batchFooter(batch), '');
    await this.channels.data.write(`${lines.join('\n')}\n`);
  }
}

function tableColumns(columns: readonly ResultColumn[]): TableColumn[] {
  return columns.map((column) => ({ header: column.name, alignRight: isNumeric(column.type) }));
}

function textRow(columns: readonly ResultColumn[], values: readonly SqlValue[]): (string | null)[] {
  return columns.map((column, i) => formatValue(values[i] ?? null, column.type));
}

/** `(batch 17: 2 changes, watermark 2024-05-01 12:00:10)` */
function batchFooter(batch: ChangeBatch): string {
  const count = batch.changes.length;
  const watermark = batch.watermarkUs === null ? '' : `, watermark ${formatValue(batch.watermarkUs, T.timestamp)}`;
  return `(batch ${batch.batchId}: ${count} ${count === 1 ? 'change' : 'changes'}${watermark})`;
}
