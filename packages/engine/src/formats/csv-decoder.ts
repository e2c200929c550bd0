/**
 * CSV records -> rows. Without a header, fields map to columns by position and a record must
 * have exactly one field per column. With a header (the record on line 1 of each file), fields
 * map to columns by header name, case-insensitively: header names that match no column are
 * ignored and columns missing from the header are NULL. Decoding that starts past line 1 of a
 * file whose header this decoder has not seen falls back to positions, so a reader resuming
 * mid-file first hands the decoder the file's line 1 (the file source does).
 */
import type { Options, Schema, SqlValue } from '@sluice/sql';
import { fieldIndex, typeName } from '@sluice/sql';
import type { InputProblem } from '../connectors/source.js';
import { EngineError } from '../errors.js';
import { splitCsvRecord } from './csv-record.js';
import { badRow, countNewlines, RowsBuilder, type DecodeResult, type InputPosition, type RowDecoder } from './row-decoder.js';
import { parseTextValue } from './value-parse.js';

/** CSV settings; see `csvOptions` for the option names. */
export interface CsvOptions {
  readonly header: boolean;
  readonly delimiter: string;
}

/**
 * Reads CSV settings from options: `csv.header` ('true' | 'false', default 'false'; RisingWave's
 * `without_header` is accepted as its opposite) and `csv.delimiter` or `delimiter` (one
 * character, default ','; `\t` spelled out is a tab). Throws EngineError('invalid-option').
 */
export function csvOptions(options: Options): CsvOptions {
  let header = false;
  if (options['without_header'] !== undefined) header = !parseBoolOption('without_header', options['without_header']);
  if (options['csv.header'] !== undefined) header = parseBoolOption('csv.header', options['csv.header']);
  let delimiter = options['csv.delimiter'] ?? options['delimiter'] ?? ',';
  if (delimiter === '\\t') delimiter = '\t';
  if (delimiter.length !== 1 || delimiter === '"' || delimiter === '\n' || delimiter === '\r') {
    throw new EngineError('invalid-option', `csv.delimiter must be one character other than a quote or line break, got '${delimiter}'`);
  }
  return { header, delimiter };
}

function parseBoolOption(name: string, value: string): boolean {
  const v = value.toLowerCase();
  if (v === 'true') return true;
  if (v === 'false') return false;
  throw new EngineError('invalid-option', `${name} must be 'true' or 'false', got '${value}'`);
}

/** Decodes CSV records into rows of `schema`; remembers the header of the file being read. */
export class CsvDecoder implements RowDecoder {
  private readonly rows: RowsBuilder;
  private byPosition: number[];
  /** for the current file: field index -> column index (-1: ignored) */
  private mapping: number[];
  private mappingFile: string | null = null;

  constructor(private readonly schema: Schema, private readonly options: CsvOptions) {
    this.rows = new RowsBuilder(schema);
    this.byPosition = schema.fields.map((_, i) => i);
    this.mapping = this.byPosition;
  }

  decode(lines: readonly string[], first: InputPosition): DecodeResult {
    const problems: InputProblem[] = [];
    if (this.mappingFile !== first.file) {
      this.mapping = this.byPosition;
      this.mappingFile = first.file;
    }
    let line = first.line;
    for (const record of lines) {
      const at = line;
      line += 1 + countNewlines(record);
      if (record.trim() === '') continue;
      const fields = splitCsvRecord(record, this.options.delimiter);
      if (typeof fields === 'string') {
        problems.push(badRow(first.file, at, fields));
      } else if (this.options.header && at === 1) {
        this.mapping = fields.map((name) => fieldIndex(this.schema, (name ?? '').trim()));
      } else {
        const result = this.decodeFields(fields);
        if (typeof result === 'string') problems.push(badRow(first.file, at, result));
        else this.rows.append(result);
      }
    }
    return { delta: this.rows.finish(), problems };
  }

  private decodeFields(fields: readonly (string | null)[]): SqlValue[] | string {
    const columns = this.schema.fields;
    if (fields.length !== this.mapping.length) {
      return `expected ${this.mapping.length} fields, found ${fields.length}`;
    }
    const values: SqlValue[] = new Array<SqlValue>(columns.length).fill(null);
    for (let i = 0; i < fields.length; i++) {
      const c = this.mapping[i]!;
      const text = fields[i];
      if (c < 0 || text === null || text === undefined) continue;
      const type = columns[c]!.type;
      const value = parseTextValue(text, type);
      if (value === undefined) return `column '${columns[c]!.name}': '${text}' is not a valid ${typeName(type)}`;
      values[c] = value;
    }
    return values;
  }
}
