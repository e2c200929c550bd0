/**
 * Casts of constant values at plan time, following the cast table of
 * docs/functions-contract.md. A literal that cannot be cast is the user's error:
 * SqlError `invalid-cast` (the engine instead yields NULL for column values).
 */
import { SqlError } from '../errors.js';
import { type DataType, type Interval, type SqlValue, typeName } from '../types/data-type.js';
import { formatDurationUs, intervalMicros, parseInterval } from './interval.js';
import { formatDate, formatTimestamp, parseDateText, parseTimestampText } from './temporal-text.js';
import { formatTime, parseTimeText, wrapTimeOfDay } from '../types/time-text.js';

const US_PER_DAY = 86_400_000_000;

const INT_RANGE: Record<string, [bigint, bigint]> = {
  SMALLINT: [-32768n, 32767n],
  INT: [-2147483648n, 2147483647n],
  BIGINT: [-9223372036854775808n, 9223372036854775807n],
};

/** Whether an integer value fits the range of integer type `name` (SMALLINT, INT, BIGINT). */
export function fitsInteger(value: number | bigint, name: 'SMALLINT' | 'INT' | 'BIGINT'): boolean {
  const [lo, hi] = INT_RANGE[name]!;
  if (typeof value === 'number' && !Number.isInteger(value)) return false;
  const v = BigInt(value);
  return v >= lo && v <= hi;
}

/** Converts `value` of type `from` to type `to`. NULL stays NULL. Throws `invalid-cast`. */
export function castValue(value: SqlValue, from: DataType, to: DataType): SqlValue {
  if (value === null) return null;
  if (to.kind === 'list' || from.kind === 'list') {
    if (to.kind === 'scalar' && to.name === 'VARCHAR') return valueToText(value, from);
    if (from.kind === 'list' && to.kind === 'list' && Array.isArray(value)) return value.map((v) => castValue(v, from.element, to.element));
    return fail(value, from, to);
  }
  const target = to.name;
  if (target === 'VARCHAR' || (target === 'JSONB' && from.name === 'VARCHAR')) {
    const text = from.name === 'VARCHAR' || from.name === 'JSONB' ? String(value) : valueToText(value, from);
    if (target === 'JSONB' && !isJson(text)) return fail(value, from, to);
    return text;
  }
  if (from.name === 'VARCHAR' || from.name === 'JSONB') return textToValue(String(value), from, to);
  if (typeof value === 'number' || typeof value === 'bigint') {
    if (from.name === 'DATE' || from.name === 'TIMESTAMP' || from.name === 'TIMESTAMPTZ') return castTemporal(Number(value), from.name, to);
    if (from.name === 'TIME') return target === 'INTERVAL' ? { months: 0, days: 0, micros: Number(value) } : fail(value, from, to);
    return castNumber(value, from, to);
  }
  if (from.name === 'INTERVAL' && target === 'TIME') return wrapTimeOfDay(intervalMicros(value as Interval));
  if (typeof value === 'boolean' && target === 'BOOLEAN') return value;
  return fail(value, from, to);
}

function castTemporal(value: number, from: string, to: DataType): SqlValue {
  const name = to.kind === 'scalar' ? to.name : '';
  if (name === from) return value;
  if (from === 'DATE' && (name === 'TIMESTAMP' || name === 'TIMESTAMPTZ')) return value * US_PER_DAY;
  if (name === 'DATE') return Math.floor(value / US_PER_DAY);
  if (name === 'TIME' && from !== 'DATE') return wrapTimeOfDay(value);
  if (name === 'TIMESTAMP' || name === 'TIMESTAMPTZ') return value;
  return fail(value, { kind: 'scalar', name: from } as DataType, to);
}

function castNumber(value: number | bigint, from: DataType, to: DataType): SqlValue {
  const target = to.kind === 'scalar' ? to.name : '';
  switch (target) {
    case 'SMALLINT':
    case 'INT':
    case 'BIGINT': {
      const whole = typeof value === 'bigint' ? value : roundHalfAwayFromZero(value);
      if (whole === undefined || !fitsInteger(whole, target)) {
        throw new SqlError('invalid-cast', `${String(value)} is out of range for ${target}`);
      }
      return target === 'BIGINT' ? BigInt(whole) : Number(whole);
    }
    case 'REAL':
      return Math.fround(Number(value));
    case 'DOUBLE':
    case 'DECIMAL':
      return Number(value);
    default:
      return fail(value, from, to);
  }
}

function roundHalfAwayFromZero(x: number): bigint | undefined {
  if (!Number.isFinite(x)) return undefined;
  return BigInt(Math.sign(x) * Math.round(Math.abs(x)));
}

function textToValue(text: string, from: DataType, to: DataType): SqlValue {
  const trimmed = text.trim();
  const target = to.kind === 'scalar' ? to.name : '';
  switch (target) {
    case 'SMALLINT':
    case 'INT':
    case 'BIGINT': {
      if (!/^[+-]?\d+$/.test(trimmed)) return fail(text, from, to);
      return castNumber(BigInt(trimmed), from, to);
    }
    case 'REAL':
    case 'DOUBLE':
    case 'DECIMAL': {
      // PostgreSQL's spellings: NaN, [+-]Infinity and [+-]inf, any case
      const special = /^(nan|[+-]?inf(inity)?)$/i.test(trimmed);
      const n = special ? (/nan/i.test(trimmed) ? NaN : trimmed.startsWith('-') ? -Infinity : Infinity)
        : /^[+-]?(\d+\.?\d*|\.\d+)(e[+-]?\d+)?$/i.test(trimmed) ? Number(trimmed) : undefined;
      if (n === undefined) return fail(text, from, to);
      return target === 'REAL' ? Math.fround(n) : n;
    }
    case 'BOOLEAN': {
      const lower = trimmed.toLowerCase();
      if (['t', 'true', 'y', 'yes', 'on', '1'].includes(lower)) return true;
      if (['f', 'false', 'n', 'no', 'off', '0'].includes(lower)) return false;
      return fail(text, from, to);
    }
    case 'TIMESTAMP':
    case 'TIMESTAMPTZ':
      return parseTimestampText(trimmed) ?? fail(text, from, to);
    case 'DATE':
      return parseDateText(trimmed) ?? (() => {
        const us = parseTimestampText(trimmed);
        return us === undefined ? fail(text, from, to) : Math.floor(us / US_PER_DAY);
      })();
    case 'TIME':
      return parseTimeText(trimmed) ?? fail(text, from, to);
    case 'INTERVAL':
      try {
        return parseInterval(trimmed);
      } catch {
        return fail(text, from, to);
      }
    case 'BYTEA':
      return /^\\x([0-9a-f]{2})*$/i.test(trimmed)
        ? Uint8Array.from(trimmed.slice(2).match(/../g) ?? [], (h) => parseInt(h, 16))
        : new TextEncoder().encode(text);
    default:
      return fail(text, from, to);
  }
}

/** PostgreSQL's text form of a value of type `type`. */
export function valueToText(value: SqlValue, type: DataType): string {
  if (value === null) return 'NULL';
  if (type.kind === 'list') {
    const items = Array.isArray(value) ? value : [];
    return `{${items.map((v) => (v === null ? 'NULL' : valueToText(v, type.element))).join(',')}}`;
  }
  switch (type.name) {
    case 'TIMESTAMP':
      return formatTimestamp(Number(value));
    case 'TIMESTAMPTZ':
      return `${formatTimestamp(Number(value))}+00`;
    case 'DATE':
      return formatDate(Number(value));
    case 'TIME':
      return formatTime(Number(value));
    case 'INTERVAL':
      return formatInterval(value as Interval);
    case 'BYTEA':
      return `\\x${[...(value as Uint8Array)].map((b) => b.toString(16).padStart(2, '0')).join('')}`;
    default:
      return String(value);
  }
}

/** A compact text form of an interval: `1 mon 2 days 10s`. */
export function formatInterval(i: Interval): string {
  const parts: string[] = [];
  if (i.months) parts.push(`${i.months} mon${Math.abs(i.months) === 1 ? '' : 's'}`);
  if (i.days) parts.push(`${i.days} day${Math.abs(i.days) === 1 ? '' : 's'}`);
  if (i.micros || parts.length === 0) parts.push(formatDurationUs(i.micros));
  return parts.join(' ');
}

function isJson(text: string): boolean {
  try {
    JSON.parse(text);
    return true;
  } catch {
    return false;
  }
}

function fail(value: SqlValue, from: DataType, to: DataType): never {
  const shown = typeof value === 'string' ? `'${value}'` : valueToText(value, from);
  throw new SqlError('invalid-cast', `cannot cast ${shown} (${typeName(from)}) to ${typeName(to)}`);
}
