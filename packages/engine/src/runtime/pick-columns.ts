import type { Schema } from '@sluice/sql';
import type { Delta } from '../delta.js';

/** A delta with only the given columns, in the given order. Zero-copy. */
export function pickColumns(delta: Delta, columns: readonly number[], schema: Schema): Delta {
  return { schema, columns: columns.map((c) => delta.columns[c]!), length: delta.length, ops: delta.ops };
}
