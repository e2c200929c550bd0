/**
 * Deltas: what operators exchange (DESIGN §2). A delta is a set of rows in Arrow columns plus
 * an optional op per row: +1 insert, -1 delete (an update is a delete and an insert).
 * `ops === null` means every row is an insert.
 *
 * Invariants: `columns.length === schema.fields.length`; every column has `length` rows and
 * the Arrow type `toArrowType(field.type)`. Deltas are immutable once built.
 */
import * as arrow from 'apache-arrow';
import type { Schema, SqlValue } from '@sluice/sql';
import { ColumnBuilder } from './arrow/column-builder.js';
import { readValue } from './arrow/column-reader.js';
import { toArrowSchema } from './arrow/types.js';

export interface Delta {
  readonly schema: Schema;
  readonly columns: readonly arrow.Data[];
  readonly length: number;
  readonly ops: Int8Array | null;
}

export type Op = 1 | -1;

/** A delta built from JS rows (arrays in schema order). For tests, VALUES and slow paths. */
export function deltaFromRows(schema: Schema, rows: readonly (readonly SqlValue[])[], ops?: readonly Op[]): Delta {
  const builders = schema.fields.map((f) => new ColumnBuilder(f.type));
  for (const row of rows) {
    for (let c = 0; c < builders.length; c++) builders[c]!.append(row[c] ?? null);
  }
  return {
    schema,
    columns: builders.map((b) => b.finish()),
    length: rows.length,
    ops: ops ? Int8Array.from(ops) : null,
  };
}

/** Rows of a delta as JS arrays, each with its op. For tests, output and slow paths. */
export function deltaRows(delta: Delta): { op: Op; values: SqlValue[] }[] {
  const out: { op: Op; values: SqlValue[] }[] = [];
  for (let i = 0; i < delta.length; i++) {
    const values = delta.schema.fields.map((f, c) => readValue(delta.columns[c]!, f.type, i));
    out.push({ op: delta.ops ? (delta.ops[i] as Op) : 1, values });
  }
  return out;
}

export function emptyDelta(schema: Schema): Delta {
  return deltaFromRows(schema, []);
}

/** The delta's rows as an Arrow RecordBatch (ops are not included). */
export function toRecordBatch(delta: Delta): arrow.RecordBatch {
  const schema = toArrowSchema(delta.schema);
  const struct = arrow.makeData({
    type: new arrow.Struct(schema.fields),
    length: delta.length,
    nullCount: 0,
    children: delta.columns as arrow.Data[],
  });
  return new arrow.RecordBatch(schema, struct);
}

/** Concatenates deltas of one schema through JS values. Slow path: fine for table changes. */
export function concatDeltasSlow(parts: readonly Delta[]): Delta {
  const rows: SqlValue[][] = [];
  const ops: Op[] = [];
  for (const part of parts) {
    for (const { op, values } of deltaRows(part)) {
      rows.push(values);
      ops.push(op);
    }
  }
  return deltaFromRows(parts[0]!.schema, rows, ops);
}
