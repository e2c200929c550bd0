/**
 * The printers behind `--format`: each turns statement results into text on the given
 * channels. The session calls them in order, one statement at a time, and awaits every call
 * so a slow reader slows the query down instead of filling memory.
 */
import type { ChangeBatch, ResultColumn } from '@sluice/engine';
import type { SqlValue } from '@sluice/sql';
import type { OutputFormat } from './cli-args.js';
import type { OutputChannel } from './cli-io.js';
import { CsvPrinter } from './csv-printer.js';
import { JsonlPrinter } from './jsonl-printer.js';
import { TablePrinter } from './table-printer.js';

/** Prints results of one format. Rows go to the data channel; what else goes where is per format. */
export interface ResultPrinter {
  /** a finite result */
  rows(columns: readonly ResultColumn[], rows: readonly (readonly SqlValue[])[]): Promise<void>;
  /** a statement without rows: its tag, such as `INSERT 0 3` */
  command(tag: string): Promise<void>;
  /** a continuous result begins; nothing has changed yet */
  streamStart(columns: readonly ResultColumn[]): Promise<void>;
  /** one micro-batch of a continuous result */
  streamBatch(columns: readonly ResultColumn[], batch: ChangeBatch): Promise<void>;
}

/** The two channels a printer writes to: `data` is stdout, `messages` is stderr. */
export interface PrinterChannels {
  readonly data: OutputChannel;
  readonly messages: OutputChannel;
}

/** The printer for `format`. */
export function createResultPrinter(format: OutputFormat, channels: PrinterChannels): ResultPrinter {
  switch (format) {
    case 'table':
      return new TablePrinter(channels);
    case 'jsonl':
      return new JsonlPrinter(channels);
    case 'csv':
      return new CsvPrinter(channels);
    default:
      return format satisfies never;
  }
}
