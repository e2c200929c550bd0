/**
 * Values on the wire of the HTTP and websocket APIs. Two formats: `json` (numbers as JSON
 * numbers, BIGINT beyond 2^53 as a decimal string, timestamps as `YYYY-MM-DD HH:MM:SS[.ffffff]`,
 * JSONB as JSON) and `text` (PostgreSQL's text form of every value, as psql prints it; the REPL
 * uses it). Columns travel as `{name, type}` with the SQL type's name (`BIGINT`, `VARCHAR[]`).
 */
import type { ResultColumn } from '@sluice/engine';
import { typeName, type SqlValue } from '@sluice/sql';
import { formatValue, toJsonValue } from '../cli/values.js';

/** How row values are encoded. */
export type ValueFormat = 'json' | 'text';

/** A column as sent to clients. */
export interface WireColumn {
  readonly name: string;
  readonly type: string;
}

/** The columns as sent to clients. */
export function wireColumns(columns: readonly ResultColumn[]): WireColumn[] {
  return columns.map((column) => ({ name: column.name, type: typeName(column.type) }));
}

/** A converter from engine rows to wire rows for `columns` in `format`. */
export function rowEncoder(columns: readonly ResultColumn[], format: ValueFormat): (values: readonly SqlValue[]) => unknown[] {
  if (format === 'text') return (values) => columns.map((column, i) => formatValue(values[i] ?? null, column.type));
  return (values) => columns.map((column, i) => toJsonValue(values[i] ?? null, column.type));
}

/** Reads a `format` field of a request: absent means `json`; anything else is undefined. */
export function parseValueFormat(value: unknown): ValueFormat | undefined {
  if (value === undefined || value === null || value === 'json') return 'json';
  if (value === 'text') return 'text';
  return undefined;
}
