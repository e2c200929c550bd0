/**
 * Joins all-insert deltas of one schema into one. Copies value by value: for sources that read
 * several small inputs (files) within one poll, which is rare enough not to need a fast path.
 */
import { ColumnBuilder } from '../arrow/column-builder.js';
import { readValue } from '../arrow/column-reader.js';
import type { Delta } from '../delta.js';

/** One delta with the rows of `deltas` in order; `deltas` must be non-empty and share a schema. */
export function concatDeltas(deltas: readonly Delta[]): Delta {
  const nonEmpty = deltas.filter((d) => d.length > 0);
  if (nonEmpty.length <= 1) return nonEmpty[0] ?? deltas[0]!;
  const schema = nonEmpty[0]!.schema;
  const columns = schema.fields.map((f, c) => {
    const builder = new ColumnBuilder(f.type);
    for (const d of nonEmpty) for (let i = 0; i < d.length; i++) builder.append(readValue(d.columns[c]!, f.type, i));
    return builder.finish();
  });
  return { schema, columns, length: nonEmpty.reduce((n, d) => n + d.length, 0), ops: null };
}
