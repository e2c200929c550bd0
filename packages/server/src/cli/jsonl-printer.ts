/**
 * `--format jsonl`: one JSON object per line. A finite result prints `{"col": value, ...}` per
 * row; a continuous result prints `{"op":"+","row":{...}}` per change. Stdout carries nothing
 * else: statement tags go to stderr.
 */
import type { ChangeBatch, ResultColumn } from '@sluice/engine';
import type { SqlValue } from '@sluice/sql';
import type { PrinterChannels, ResultPrinter } from './result-printer.js';
import { toJsonValue } from './values.js';

/** Prints results as JSON lines. */
export class JsonlPrinter implements ResultPrinter {
  constructor(private readonly channels: PrinterChannels) {}

  async rows(columns: readonly ResultColumn[], rows: readonly (readonly SqlValue[])[]): Promise<void> {
    const keys = jsonKeys(columns);
    await this.channels.data.write(rows.map((row) => `${JSON.stringify(jsonRow(columns, keys, row))}\n`).join(''));
  }

  async command(tag: string): Promise<void> {
    await this.channels.messages.write(`${tag}\n`);
  }

  async streamStart(_columns: readonly ResultColumn[]): Promise<void> {
    // a JSON line stream has no header
  }

  async streamBatch(columns: readonly ResultColumn[], batch: ChangeBatch): Promise<void> {
    const keys = jsonKeys(columns);
    const lines = batch.changes.map((change) => `${JSON.stringify({ op: change.op, row: jsonRow(columns, keys, change.values) })}\n`);
    await this.channels.data.write(lines.join(''));
  }
}

/**
 * Object keys for the columns. A result may repeat a name (`SELECT a.id, b.id`); later copies
 * get `_2`, `_3`, ... so that no value silently disappears from the object.
 */
export function jsonKeys(columns: readonly ResultColumn[]): string[] {
  const seen = new Set<string>();
  return columns.map((column) => {
    let key = column.name;
    for (let n = 2; seen.has(key); n++) key = `${column.name}_${n}`;
    seen.add(key);
    return key;
  });
}

/** One row as a JSON-ready object, keys in column order. */
export function jsonRow(columns: readonly ResultColumn[], keys: readonly string[], values: readonly SqlValue[]): Record<string, unknown> {
  const row: Record<string, unknown> = {};
  columns.forEach((column, i) => {
    row[keys[i]!] = toJsonValue(values[i] ?? null, column.type);
  });
  return row;
}
