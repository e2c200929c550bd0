/**
 * Raw lines -> rows: each line as is into the schema's one text column (`ENCODE TEXT`/`BYTES`,
 * and the socket source's default, like Spark's socketTextStream). Any other columns must be
 * TIMESTAMP/TIMESTAMPTZ: they receive the time the line was decoded (its arrival, for a
 * socket), which gives line streams an event-time column for windows.
 */
import { isScalar, type Schema } from '@sluice/sql';
import { EngineError } from '../errors.js';
import { RowsBuilder, type DecodeResult, type InputPosition, type RowDecoder } from './row-decoder.js';

const utf8 = new TextEncoder();

/** Puts each line into the schema's text column and the arrival time into its timestamp columns. */
export class RawLineDecoder implements RowDecoder {
  private readonly rows: RowsBuilder;
  private readonly bytes: boolean;
  private readonly textColumn: number;
  private readonly width: number;

  /** Throws EngineError('invalid-option') unless the schema is one text column plus timestamps. */
  constructor(schema: Schema) {
    const textColumn = rawTextColumn(schema, true);
    if (textColumn < 0) {
      throw new EngineError('invalid-option', 'ENCODE TEXT/BYTES needs one VARCHAR or BYTEA column (plus, optionally, TIMESTAMP columns for the arrival time)', 'user', {
        hint: 'use ENCODE JSON or ENCODE CSV for several columns',
      });
    }
    this.textColumn = textColumn;
    this.width = schema.fields.length;
    this.bytes = isScalar(schema.fields[textColumn]!.type, 'BYTEA');
    this.rows = new RowsBuilder(schema);
  }

  decode(lines: readonly string[], _first: InputPosition): DecodeResult {
    const arrivalUs = Date.now() * 1000;
    const row = new Array(this.width).fill(arrivalUs);
    for (const line of lines) {
      row[this.textColumn] = this.bytes ? utf8.encode(line) : line;
      this.rows.append(row);
    }
    return { delta: this.rows.finish(), problems: [] };
  }
}

/** Whether `schema` takes raw lines by default: one VARCHAR column, other columns timestamps. */
export function isSingleTextColumn(schema: Schema): boolean {
  return rawTextColumn(schema, false) >= 0;
}

function rawTextColumn(schema: Schema, allowBytes: boolean): number {
  let text = -1;
  for (let i = 0; i < schema.fields.length; i++) {
    const type = schema.fields[i]!.type;
    if (isScalar(type, 'TIMESTAMP', 'TIMESTAMPTZ')) continue;
    if (text >= 0 || !(isScalar(type, 'VARCHAR') || (allowBytes && isScalar(type, 'BYTEA')))) return -1;
    text = i;
  }
  return text;
}
