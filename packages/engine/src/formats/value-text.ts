/**
 * Values out: the PostgreSQL text form (table and CSV output, CSV sinks) and the JSON form
 * (jsonl output, JSON sinks) of a JS scalar of some SQL type.
 */
import { formatTime, type DataType, type Interval, type SqlValue } from '@sluice/sql';
import { formatDate, formatInterval, formatTimestamp, formatTimestampTz, US_PER_DAY } from './timestamp.js';

const MAX_SAFE = BigInt(Number.MAX_SAFE_INTEGER) + 1n; // 2^53

/**
 * The PostgreSQL text form of `value`, or `null` for SQL NULL (how NULL prints is the caller's
 * choice). Booleans print `t`/`f`, BYTEA as `\x` hex, arrays as `{a,"b c",NULL}`, REAL with the
 * fewest digits that read back to the same float. An INTERVAL whose months and days are zero
 * has its whole days moved out of the time part (`1 day 02:00:00`): INTERVAL columns store one
 * microsecond count, so `INTERVAL '1' DAY` read back from a column would otherwise print as
 * `24:00:00`.
 */
export function formatValue(value: SqlValue, type: DataType): string | null {
  if (value === null || value === undefined) return null;
  if (type.kind === 'list') return formatArray(value as SqlValue[], type.element);
  switch (type.name) {
    case 'BOOLEAN': return value ? 't' : 'f';
    case 'SMALLINT':
    case 'INT':
    case 'BIGINT': return String(value);
    case 'REAL': return formatFloat(shortestFloat32(value as number));
    case 'DOUBLE':
    case 'DECIMAL': return formatFloat(value as number);
    case 'VARCHAR':
    case 'JSONB': return String(value);
    case 'TIMESTAMP': return formatTimestamp(value as number);
    case 'TIMESTAMPTZ': return formatTimestampTz(value as number);
    case 'DATE': return formatDate(value as number);
    case 'TIME': return formatTime(value as number);
    case 'INTERVAL': return formatInterval(normalizeInterval(value as Interval));
    case 'BYTEA': return formatBytea(value as Uint8Array);
    case 'NULL': return null;
    default: {
      const unknown: never = type.name;
      return String(unknown);
    }
  }
}

/**
 * The JSON form of `value`: numbers as JSON numbers (BIGINT too while |v| <= 2^53, beyond that
 * as a decimal string so no digit is lost; NaN and infinities as strings), booleans as
 * booleans, TIMESTAMP/DATE/TIME/INTERVAL/BYTEA as their `formatValue` text, JSONB as the parsed JSON
 * value (its text when it does not parse), arrays as arrays, NULL as `null`. The result is safe
 * to pass to `JSON.stringify`.
 */
export function toJsonValue(value: SqlValue, type: DataType): unknown {
  if (value === null || value === undefined) return null;
  if (type.kind === 'list') return (value as SqlValue[]).map((v) => toJsonValue(v, type.element));
  switch (type.name) {
    case 'BOOLEAN': return Boolean(value);
    case 'SMALLINT':
    case 'INT': return value;
    case 'BIGINT': {
      const v = typeof value === 'bigint' ? value : BigInt(value as number);
      return v <= MAX_SAFE && v >= -MAX_SAFE ? Number(v) : v.toString();
    }
    case 'REAL': return jsonNumber(shortestFloat32(value as number));
    case 'DOUBLE':
    case 'DECIMAL': return jsonNumber(value as number);
    case 'JSONB': {
      try {
        return JSON.parse(value as string);
      } catch {
        return value;
      }
    }
    default: return formatValue(value, type);
  }
}

/** Whole days in a months-and-days-free interval moved into `days` (see `formatValue`). */
function normalizeInterval(i: Interval): Interval {
  if (i.months !== 0 || i.days !== 0 || Math.abs(i.micros) < US_PER_DAY) return i;
  const days = Math.trunc(i.micros / US_PER_DAY);
  return { months: 0, days, micros: i.micros - days * US_PER_DAY };
}

function formatFloat(n: number): string {
  if (Number.isNaN(n)) return 'NaN';
  if (n === Infinity) return 'Infinity';
  if (n === -Infinity) return '-Infinity';
  return String(n);
}

function jsonNumber(n: number): number | string {
  return Number.isFinite(n) ? n : formatFloat(n);
}

/** The shortest decimal that rounds to the same float32 (REAL values arrive widened to double). */
function shortestFloat32(n: number): number {
  if (!Number.isFinite(n) || n === 0) return n;
  const f = Math.fround(n);
  for (let digits = 1; digits <= 9; digits++) {
    const candidate = Number(f.toPrecision(digits));
    if (Math.fround(candidate) === f) return candidate;
  }
  return f;
}

function formatBytea(bytes: Uint8Array): string {
  let out = '\\x';
  for (const b of bytes) out += b.toString(16).padStart(2, '0');
  return out;
}

function formatArray(values: readonly SqlValue[], element: DataType): string {
  const items = values.map((v) => {
    const text = formatValue(v, element);
    if (text === null) return 'NULL';
    if (element.kind === 'list') return text;
    return needsArrayQuotes(text) ? `"${text.replace(/["\\]/g, '\\$&')}"` : text;
  });
  return `{${items.join(',')}}`;
}

function needsArrayQuotes(text: string): boolean {
  return text === '' || text.toUpperCase() === 'NULL' || /[{},"\\\s]/.test(text);
}
