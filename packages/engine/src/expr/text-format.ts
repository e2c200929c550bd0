/**
 * Values in PostgreSQL's text form, for casts to VARCHAR (and string concatenation):
 * booleans `true`/`false`, timestamps `YYYY-MM-DD HH:MM:SS[.ffffff]` (`+00` for TIMESTAMPTZ),
 * times `HH:MM:SS[.ffffff]`, intervals `[N days ]HH:MM:SS[.ffffff]` (months are stored as 30
 * days, so they print as days), bytea `\x<hex>`, arrays `{a,b}`.
 */
import { formatTime, type DataType, type Interval, type SqlValue } from '@sluice/sql';
import { intervalToMicros } from '../arrow/column-builder.js';
import { civilFromDays, DAY_US, floorMod } from './functions/calendar.js';

const pad = (n: number, width = 2): string => String(n).padStart(width, '0');

/** `YYYY-MM-DD` of a day number. */
export function formatDate(days: number): string {
  const c = civilFromDays(days);
  return `${pad(c.year, 4)}-${pad(c.month)}-${pad(c.day)}`;
}

function formatFraction(us: number): string {
  return us === 0 ? '' : `.${pad(us, 6).replace(/0+$/, '')}`;
}

/** `YYYY-MM-DD HH:MM:SS[.ffffff]` of a µs timestamp (UTC). */
export function formatTimestamp(us: number): string {
  const days = Math.floor(us / DAY_US);
  const rest = us - days * DAY_US;
  return `${formatDate(days)} ${formatClock(rest)}`;
}

function formatClock(us: number): string {
  const seconds = Math.floor(us / 1e6);
  return `${pad(Math.floor(seconds / 3600))}:${pad(Math.floor(seconds / 60) % 60)}:${pad(seconds % 60)}${formatFraction(floorMod(us, 1e6))}`;
}

/** An interval of `us` microseconds: `[-][N day(s) ]HH:MM:SS[.ffffff]`. */
export function formatInterval(us: number): string {
  const sign = us < 0 ? '-' : '';
  const abs = Math.abs(us);
  const days = Math.floor(abs / DAY_US);
  const clock = formatClock(abs - days * DAY_US);
  if (days === 0) return `${sign}${clock}`;
  const dayText = `${sign}${days} day${days === 1 ? '' : 's'}`;
  return abs % DAY_US === 0 ? dayText : `${dayText} ${sign}${clock}`;
}

/** The shortest decimal that reads back as the same float32. */
function formatReal(x: number): string {
  if (!Number.isFinite(x)) return formatDouble(x);
  for (let p = 1; p <= 9; p++) {
    const s = x.toPrecision(p);
    if (Math.fround(Number(s)) === x) return String(Number(s));
  }
  return String(x);
}

function formatDouble(x: number): string {
  if (x !== x) return 'NaN';
  if (x === Infinity) return 'Infinity';
  if (x === -Infinity) return '-Infinity';
  return String(x);
}

/** A list element in array text form: quoted when it would not read back bare. */
function formatElement(value: SqlValue, type: DataType): string {
  if (value === null) return 'NULL';
  const s = formatValue(value, type);
  return s === '' || /[{}," \\]/.test(s) || /^null$/i.test(s) ? `"${s.replace(/["\\]/g, '\\$&')}"` : s;
}

/** `value` (non-NULL, of `type`) in PostgreSQL text form. */
export function formatValue(value: SqlValue, type: DataType): string {
  if (type.kind === 'list') return `{${(value as SqlValue[]).map((v) => formatElement(v, type.element)).join(',')}}`;
  switch (type.name) {
    case 'BOOLEAN': return value ? 'true' : 'false';
    case 'REAL': return formatReal(value as number);
    case 'DOUBLE':
    case 'DECIMAL': return formatDouble(value as number);
    case 'TIMESTAMP': return formatTimestamp(value as number);
    case 'TIMESTAMPTZ': return `${formatTimestamp(value as number)}+00`;
    case 'DATE': return formatDate(value as number);
    case 'TIME': return formatTime(value as number);
    case 'INTERVAL': return formatInterval(typeof value === 'number' ? value : intervalToMicros(value as Interval));
    case 'BYTEA': return `\\x${Buffer.from(value as Uint8Array).toString('hex')}`;
    default: return String(value);
  }
}
