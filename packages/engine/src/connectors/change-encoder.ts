/**
 * Turns a sink's changes into text lines: JSON objects (`ENCODE JSON`, the default) or CSV
 * records (`ENCODE CSV`), both through the formats in ../formats.
 *
 * JSON: each row is an object keyed by column name. With `format.ops = 'false'` (the default) an
 * insert is just the row and a delete is the row plus `"__op": "-"` (so an append-only result
 * reads as plain JSON lines and no deletion is ever lost); with `format.ops = 'true'` every line
 * carries `"__op": "+"` or `"-"`. CSV: one record per row in column order, NULL as an empty
 * field; with `format.ops = 'true'` a leading `+`/`-` field. CSV without ops cannot express a
 * deletion, so one fails the sink with EngineError('sink-needs-ops').
 */
import type { Schema } from '@sluice/sql';
import { readValue } from '../arrow/column-reader.js';
import type { Delta } from '../delta.js';
import { EngineError } from '../errors.js';
import { formatValue, toJsonValue } from '../formats/value-text.js';

/** How a sink spells its changes. */
export interface ChangeEncoding {
  readonly encode: 'json' | 'csv';
  /** mark every line with its op (see the module comment) */
  readonly ops: boolean;
  /** CSV field delimiter */
  readonly delimiter: string;
}

/** The lines for one delta, in row order, without line breaks. */
export function encodeChanges(delta: Delta, encoding: ChangeEncoding, sinkName: string): string[] {
  const lines: string[] = new Array<string>(delta.length);
  for (let i = 0; i < delta.length; i++) {
    const op = delta.ops ? delta.ops[i]! : 1;
    lines[i] = encoding.encode === 'json' ? jsonLine(delta, i, op, encoding.ops) : csvLine(delta, i, op, encoding, sinkName);
  }
  return lines;
}

/** The row object of row `i` (column name -> JSON value). */
export function rowObject(delta: Delta, i: number): Record<string, unknown> {
  const row: Record<string, unknown> = {};
  const fields = delta.schema.fields;
  for (let c = 0; c < fields.length; c++) {
    const f = fields[c]!;
    row[f.name] = toJsonValue(readValue(delta.columns[c]!, f.type, i), f.type);
  }
  return row;
}

function jsonLine(delta: Delta, i: number, op: number, ops: boolean): string {
  const row = rowObject(delta, i);
  if (ops || op < 0) row['__op'] = op < 0 ? '-' : '+';
  return JSON.stringify(row);
}

function csvLine(delta: Delta, i: number, op: number, encoding: ChangeEncoding, sinkName: string): string {
  if (op < 0 && !encoding.ops) {
    throw new EngineError('sink-needs-ops', `sink ${sinkName} received a deletion, which CSV without ops cannot write`, 'user', {
      operator: `sink ${sinkName}`,
      hint: "set format.ops = 'true' to write a +/- column, or sink an append-only query",
    });
  }
  const fields = csvFields(delta.schema, delta, i).map((v) => csvField(v, encoding.delimiter));
  if (encoding.ops) fields.unshift(op < 0 ? '-' : '+');
  return fields.join(encoding.delimiter);
}

function csvFields(schema: Schema, delta: Delta, i: number): (string | null)[] {
  return schema.fields.map((f, c) => formatValue(readValue(delta.columns[c]!, f.type, i), f.type));
}

/** RFC 4180: quote when the text holds the delimiter, a quote or a line break; "" stays "" (not NULL). */
function csvField(text: string | null, delimiter: string): string {
  if (text === null) return '';
  if (text === '' || text.includes(delimiter) || /["\r\n]/.test(text)) return `"${text.replace(/"/g, '""')}"`;
  return text;
}
