/**
 * Deltas as Arrow IPC files (the checkpoint's storage format). The ops of a delta travel as
 * an extra Int8 column named `__op`; its absence means all inserts. The SQL schema is not in
 * the file (Arrow types do not tell VARCHAR from JSONB or DOUBLE from DECIMAL): the caller
 * keeps it, in the checkpoint manifest or from the plan.
 */
import * as arrow from 'apache-arrow';
import type { Schema } from '@sluice/sql';
import { concatDeltasSlow, deltaFromRows, toRecordBatch, type Delta } from '../delta.js';

const OP_COLUMN = '__op';

/** Encodes a delta as an Arrow IPC file. */
export function encodeDelta(delta: Delta): Uint8Array {
  let batch = toRecordBatch(delta);
  if (delta.ops) {
    const opField = new arrow.Field(OP_COLUMN, new arrow.Int8(), false);
    const opData = arrow.makeData({ type: new arrow.Int8(), length: delta.length, nullCount: 0, data: delta.ops });
    const schema = new arrow.Schema([...batch.schema.fields, opField]);
    const struct = arrow.makeData({
      type: new arrow.Struct(schema.fields), length: delta.length, nullCount: 0,
      children: [...batch.data.children, opData],
    });
    batch = new arrow.RecordBatch(schema, struct);
  }
  return arrow.tableToIPC(new arrow.Table([batch]), 'file');
}

/**
 * Decodes what `encodeDelta` wrote, for a delta of `schema`. Throws when the bytes are not a
 * whole IPC file or the columns do not match the schema (the caller reports which file).
 */
export function decodeDelta(bytes: Uint8Array, schema: Schema): Delta {
  const table = arrow.tableFromIPC(bytes);
  const width = schema.fields.length;
  const hasOps = table.schema.fields.length === width + 1 && table.schema.fields[width]!.name === OP_COLUMN;
  if (table.schema.fields.length !== width + (hasOps ? 1 : 0)) {
    throw new Error(`expected ${width} columns, found ${table.schema.fields.length}`);
  }
  const parts = table.batches.filter((b) => b.numRows > 0).map((batch): Delta => {
    const children = batch.data.children;
    const length = batch.numRows;
    const opData = hasOps ? children[width]! : null;
    const ops = opData ? (opData.values as Int8Array).slice(opData.offset, opData.offset + length) : null;
    return { schema, columns: children.slice(0, width), length, ops };
  });
  if (parts.length === 0) return deltaFromRows(schema, []);
  return parts.length === 1 ? parts[0]! : concatDeltasSlow(parts);
}
