/**
 * Rows as an embedding program writes and reads them: objects keyed by column name (values as
 * js-values.ts describes), or Arrow RecordBatches.
 */
import * as arrow from 'apache-arrow';
import type { Schema, SqlValue } from '@sluice/sql';
import { readValue } from '../arrow/column-reader.js';
import { toArrowType } from '../arrow/types.js';
import { deltaFromRows, deltaRows, type Delta } from '../delta.js';
import { EngineError } from '../errors.js';
import type { RowChange } from './function-types.js';
import { describe, fromJsValue, toJsValue, type ValueOptions } from './js-values.js';

/** Rows written from code: objects keyed by column name, or one Arrow RecordBatch. */
export type RowsInput = readonly Record<string, unknown>[] | arrow.RecordBatch;

/**
 * The rows as a delta of `schema`. A missing key is NULL. Throws EngineError `invalid-row`
 * naming the row, the column and the reason (an unknown column, a value of the wrong type)
 * and `not-null-violation` for NULL in a NOT NULL column; nothing is written then.
 */
export function rowsToDelta(schema: Schema, input: RowsInput, target: string): Delta {
  if (input instanceof arrow.RecordBatch) return batchToDelta(schema, input, target);
  if (!Array.isArray(input)) throw new EngineError('invalid-row', `rows for ${target} must be an array of objects or an Arrow RecordBatch`);
  const names = new Map(schema.fields.map((f, i) => [f.name.toLowerCase(), i]));
  const rows: SqlValue[][] = [];
  input.forEach((object, r) => {
    if (object === null || typeof object !== 'object' || Array.isArray(object)) {
      throw new EngineError('invalid-row', `row ${r} for ${target} is ${describe(object)}, not an object keyed by column name`);
    }
    for (const key of Object.keys(object)) {
      if (!names.has(key.toLowerCase())) {
        throw new EngineError('invalid-row', `row ${r} for ${target}: "${key}" is not a column (columns: ${schema.fields.map((f) => f.name).join(', ')})`);
      }
    }
    const values = new Array<SqlValue>(schema.fields.length).fill(null);
    for (const [key, value] of Object.entries(object)) {
      const c = names.get(key.toLowerCase())!;
      values[c] = convert(schema, c, value, r, target);
    }
    checkNotNull(schema, values, r, target);
    rows.push(values);
  });
  return deltaFromRows(schema, rows);
}

function convert(schema: Schema, c: number, value: unknown, r: number, target: string): SqlValue {
  const field = schema.fields[c]!;
  const result = fromJsValue(value, field.type);
  if (!result.ok) throw new EngineError('invalid-row', `row ${r} for ${target}, column ${field.name}: ${result.reason}`);
  return result.value;
}

function checkNotNull(schema: Schema, values: readonly SqlValue[], r: number, target: string): void {
  schema.fields.forEach((f, c) => {
    if (!f.nullable && values[c] === null) {
      throw new EngineError('not-null-violation', `row ${r} for ${target}: column ${f.name} is NOT NULL and got no value`);
    }
  });
}

/** A RecordBatch's columns, matched by name; same-typed columns are read exactly. */
function batchToDelta(schema: Schema, batch: arrow.RecordBatch, target: string): Delta {
  const byName = new Map(batch.schema.fields.map((f, i) => [f.name.toLowerCase(), i]));
  for (const f of batch.schema.fields) {
    if (!schema.fields.some((s) => s.name === f.name.toLowerCase())) {
      throw new EngineError('invalid-row', `the RecordBatch for ${target} has a column "${f.name}" that ${target} does not have`);
    }
  }
  const readers = schema.fields.map((field) => {
    const index = byName.get(field.name);
    if (index === undefined) return () => null;
    const data = batch.getChildAt(index)!.data[0]!;
    if (String(batch.schema.fields[index]!.type) === String(toArrowType(field.type))) return (i: number) => readValue(data, field.type, i);
    const vector = batch.getChildAt(index)!;
    return (i: number) => vector.get(i) as unknown;
  });
  const rows: SqlValue[][] = [];
  for (let r = 0; r < batch.numRows; r++) {
    const values = readers.map((read, c) => convert(schema, c, read(r), r, target));
    checkNotNull(schema, values, r, target);
    rows.push(values);
  }
  return deltaFromRows(schema, rows);
}

/** The rows of a delta as changes of objects keyed by column name. */
export function deltaToChanges<Row>(delta: Delta, options: ValueOptions = {}, visibleColumns = delta.schema.fields.length): RowChange<Row>[] {
  const fields = delta.schema.fields.slice(0, visibleColumns);
  return deltaRows(delta).map(({ op, values }) => ({ op: op === 1 ? '+' : '-', row: rowObject<Row>(fields, values, options) }));
}

/** One row as an object keyed by column name. */
export function rowObject<Row>(fields: Schema['fields'], values: readonly SqlValue[], options: ValueOptions = {}): Row {
  const row: Record<string, unknown> = {};
  fields.forEach((f, c) => {
    row[f.name] = toJsValue(values[c] ?? null, f.type, options);
  });
  return row as Row;
}
