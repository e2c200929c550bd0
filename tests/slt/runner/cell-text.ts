/**
 * How one result value is written in a .slt file: the PostgreSQL text form (`formatValue`),
 * with sqllogictest's spellings for the two values that text cannot show: NULL as `NULL` and
 * the empty string as `(empty)`.
 */
import type { DataType, SqlValue } from '@sluice/sql';
import { formatValue } from '@sluice/engine/internal';

export function cellText(value: SqlValue, type: DataType): string {
  const text = formatValue(value, type);
  if (text === null) return 'NULL';
  return text === '' ? '(empty)' : text;
}
