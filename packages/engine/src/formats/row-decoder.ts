/**
 * The contract shared by the line decoders (JSON lines, CSV, raw text) and the pieces they
 * share. `createRowDecoder` (decoder-factory.ts) picks one from `FORMAT ... ENCODE ...`.
 */
import type { Schema, SqlValue } from '@sluice/sql';
import { ColumnBuilder } from '../arrow/column-builder.js';
import type { InputProblem } from '../connectors/source.js';
import type { Delta } from '../delta.js';

/** Where the first record handed to `decode` starts: a file (or stream) name and 1-based line. */
export interface InputPosition {
  readonly file: string;
  readonly line: number;
}

export interface DecodeResult {
  /** the good records, in input order, as inserts */
  readonly delta: Delta;
  /** one per bad record, positioned `file:line`, in input order */
  readonly problems: InputProblem[];
}

/**
 * Decodes consecutive records of one input into rows of a fixed schema. A record is one line,
 * except that a CSV record may span lines inside quotes: the decoder counts the newlines inside
 * each record so later records keep their true line numbers. Blank records are skipped without
 * a problem. A bad record never stops decoding: it becomes a problem and is left out of the
 * delta; what to do about problems (skip or fail) is the caller's choice.
 */
export interface RowDecoder {
  decode(lines: readonly string[], firstPosition: InputPosition): DecodeResult;
}

/** `file:line`, the position format of every input problem. */
export function positionText(file: string, line: number): string {
  return `${file}:${line}`;
}

/** Newlines inside a record (non-zero only for CSV records with quoted line breaks). */
export function countNewlines(record: string): number {
  let n = 0;
  for (let i = record.indexOf('\n'); i !== -1; i = record.indexOf('\n', i + 1)) n++;
  return n;
}

/** Collects decoded rows column by column; `finish` returns them as an all-insert Delta. */
export class RowsBuilder {
  private readonly builders: ColumnBuilder[];
  private rows = 0;

  constructor(private readonly schema: Schema) {
    this.builders = schema.fields.map((f) => new ColumnBuilder(f.type));
  }

  /** Appends one row; `values` is in schema order and already in each column's JS representation. */
  append(values: readonly SqlValue[]): void {
    for (let c = 0; c < this.builders.length; c++) this.builders[c]!.append(values[c] ?? null);
    this.rows++;
  }

  finish(): Delta {
    const delta: Delta = { schema: this.schema, columns: this.builders.map((b) => b.finish()), length: this.rows, ops: null };
    for (const b of this.builders) b.reset();
    this.rows = 0;
    return delta;
  }
}

/** The problem for a bad record at `file:line`. */
export function badRow(file: string, line: number, message: string): InputProblem {
  return { code: 'bad-input-row', message, position: positionText(file, line) };
}
