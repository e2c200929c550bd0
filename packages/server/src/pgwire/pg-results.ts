/**
 * Statement results as backend messages: RowDescription, DataRows in text format, command
 * tags as PostgreSQL spells them.
 */
import type { ResultColumn, StatementResult } from '@sluice/engine';
import { T, type SqlValue } from '@sluice/sql';
import { formatValue } from '../cli/values.js';
import { MessageBuilder, dataRow } from './pg-messages.js';
import { pgType } from './pg-types.js';

/** The `op` column a streaming result starts with: `+` inserted, `-` retracted. */
export const OP_COLUMN: ResultColumn = { name: 'op', type: T.varchar };

/** RowDescription for `columns`, every field in text format. */
export function rowDescription(columns: readonly ResultColumn[]): Buffer {
  const m = new MessageBuilder('T').int16(columns.length);
  for (const column of columns) {
    const { oid, size } = pgType(column.type);
    m.cstring(column.name).int32(0).int16(0).int32(oid).int16(size).int32(-1).int16(0);
  }
  return m.build();
}

/** One row as a DataRow. */
export function rowMessage(columns: readonly ResultColumn[], values: readonly SqlValue[]): Buffer {
  return dataRow(columns.map((column, i) => formatValue(values[i] ?? null, column.type)));
}

/** CommandComplete with `tag`. */
export function commandComplete(tag: string): Buffer {
  return new MessageBuilder('C').cstring(tag).build();
}

/** The columns a result describes to the client (a stream gets the `op` column first). */
export function describedColumns(result: StatementResult): readonly ResultColumn[] | undefined {
  if (result.kind === 'rows') return result.columns;
  if (result.kind === 'stream') return [OP_COLUMN, ...result.columns];
  return undefined;
}

/** PostgreSQL's spelling of an engine command tag: `CREATE_TABLE` -> `CREATE TABLE`. */
export function pgCommandTag(tag: string): string {
  return tag.replace(/_/g, ' ');
}
