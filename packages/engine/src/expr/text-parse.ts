/**
 * Text to values, for casts from VARCHAR. Each parser returns `undefined` when the text is
 * not a value of the type (the cast then yields NULL and counts a problem).
 */
import { parseTimeText, type DataType, type Interval, type SqlValue } from '@sluice/sql';
import { fitsInt64 } from '../arrow/int64.js';
import { daysFromCivil, DAY_US } from './functions/calendar.js';

const TRUE_WORDS = new Set(['t', 'true', 'y', 'yes', 'on', '1']);
const FALSE_WORDS = new Set(['f', 'false', 'n', 'no', 'off', '0']);
const INTEGER = /^[+-]?\d+$/;
const FLOAT = /^[+-]?(\d+\.?\d*|\.\d+)(e[+-]?\d+)?$/i;
const DATE = /^(\d{4,})-(\d{1,2})-(\d{1,2})/;
const TIMESTAMP = /^(\d{4,})-(\d{1,2})-(\d{1,2})(?:[ T](\d{1,2}):(\d{2})(?::(\d{2})(?:\.(\d{1,9}))?)?)?\s*(Z|[+-]\d{2}(?::?\d{2})?)?$/i;

/** The value of `text` as `type`, or undefined when it does not parse. */
export function parseText(text: string, type: DataType): SqlValue | undefined {
  const s = text.trim();
  if (type.kind === 'list') return undefined;
  switch (type.name) {
    case 'BOOLEAN': {
      const w = s.toLowerCase();
      return TRUE_WORDS.has(w) ? true : FALSE_WORDS.has(w) ? false : undefined;
    }
    case 'SMALLINT':
    case 'INT': return INTEGER.test(s) ? Number(s) : undefined;
    case 'BIGINT': {
      if (!INTEGER.test(s)) return undefined;
      const v = BigInt(s);
      return fitsInt64(v) ? v : undefined;
    }
    case 'REAL':
    case 'DOUBLE':
    case 'DECIMAL': return parseFloatText(s);
    case 'DATE': return parseDate(s);
    case 'TIME': return parseTimeText(s);
    case 'TIMESTAMP': return parseTimestamp(s, false);
    case 'TIMESTAMPTZ': return parseTimestamp(s, true);
    case 'INTERVAL': return parseInterval(s);
    case 'BYTEA': return s.startsWith('\\x') ? Uint8Array.from(Buffer.from(s.slice(2), 'hex')) : Uint8Array.from(Buffer.from(text, 'utf8'));
    case 'VARCHAR':
    case 'JSONB': return text;
    case 'NULL': return null;
  }
}

function parseFloatText(s: string): number | undefined {
  const w = s.toLowerCase();
  if (w === 'nan') return NaN;
  if (w === 'infinity' || w === '+infinity' || w === 'inf' || w === '+inf') return Infinity;
  if (w === '-infinity' || w === '-inf') return -Infinity;
  return FLOAT.test(s) ? Number(s) : undefined;
}

function validDay(y: number, m: number, d: number): number | undefined {
  if (m < 1 || m > 12 || d < 1 || d > daysInMonth(y, m)) return undefined;
  return daysFromCivil(y, m, d);
}

function daysInMonth(y: number, m: number): number {
  const next = m === 12 ? daysFromCivil(y + 1, 1, 1) : daysFromCivil(y, m + 1, 1);
  return next - daysFromCivil(y, m, 1);
}

function parseDate(s: string): number | undefined {
  const m = DATE.exec(s);
  if (!m || m[0].length !== s.length) return undefined;
  return validDay(Number(m[1]), Number(m[2]), Number(m[3]));
}

function parseTimestamp(s: string, withZone: boolean): number | undefined {
  const m = TIMESTAMP.exec(s);
  if (!m) return undefined;
  const days = validDay(Number(m[1]), Number(m[2]), Number(m[3]));
  const hour = Number(m[4] ?? 0);
  const minute = Number(m[5] ?? 0);
  const second = Number(m[6] ?? 0);
  if (days === undefined || hour > 24 || minute > 59 || second > 60) return undefined;
  const fraction = m[7] ? Math.round(Number(`0.${m[7]}`) * 1e6) : 0;
  let us = days * DAY_US + ((hour * 60 + minute) * 60 + second) * 1e6 + fraction;
  const zone = m[8];
  if (withZone && zone && zone.toUpperCase() !== 'Z') {
    const sign = zone[0] === '-' ? -1 : 1;
    const digits = zone.slice(1).replace(':', '');
    us -= sign * (Number(digits.slice(0, 2)) * 60 + Number(digits.slice(2) || 0)) * 60e6;
  }
  return us;
}

const UNIT_US: Record<string, number> = {
  microsecond: 1, us: 1, usec: 1, millisecond: 1e3, ms: 1e3, msec: 1e3,
  second: 1e6, sec: 1e6, s: 1e6, minute: 60e6, min: 60e6, m: 60e6, hour: 3600e6, hr: 3600e6, h: 3600e6,
  day: DAY_US, d: DAY_US, week: 7 * DAY_US, w: 7 * DAY_US,
};
const UNIT_MONTHS: Record<string, number> = { month: 1, mon: 1, year: 12, y: 12, decade: 120, century: 1200 };

/** PostgreSQL-style interval text: `1 day 2 hours`, `01:02:03.5`, `-3 minutes`, `P1DT2H`. */
export function parseInterval(text: string): Interval | undefined {
  let s = text.trim().toLowerCase().replace(/^@\s*/, '');
  if (s.startsWith('p')) return parseIsoInterval(s);
  let sign = 1;
  if (s.endsWith(' ago')) { sign = -1; s = s.slice(0, -4).trim(); }
  if (s === '') return undefined;
  let months = 0;
  let micros = 0;
  const token = /([+-]?\d+(?:\.\d+)?)\s*([a-z]+)?|([+-]?)(\d+):(\d{1,2})(?::(\d{1,2}(?:\.\d+)?))?/y;
  let at = 0;
  while (at < s.length) {
    while (s[at] === ' ' || s[at] === ',') at++;
    if (at >= s.length) break;
    token.lastIndex = at;
    const m = token.exec(s);
    if (!m) return undefined;
    at = token.lastIndex;
    if (m[4] !== undefined) {
      const clock = (Number(m[4]) * 3600 + Number(m[5]) * 60 + Number(m[6] ?? 0)) * 1e6;
      micros += m[3] === '-' ? -clock : clock;
      continue;
    }
    const value = Number(m[1]);
    const unit = (m[2] ?? 'second').replace(/s$/, '') || 's';
    if (UNIT_US[unit] !== undefined) micros += value * UNIT_US[unit]!;
    else if (UNIT_MONTHS[unit] !== undefined) months += value * UNIT_MONTHS[unit]!;
    else return undefined;
  }
  return { months: sign * months, days: 0, micros: sign * Math.round(micros) };
}

function parseIsoInterval(s: string): Interval | undefined {
  const m = /^p(?:(\d+(?:\.\d+)?)y)?(?:(\d+(?:\.\d+)?)m)?(?:(\d+(?:\.\d+)?)w)?(?:(\d+(?:\.\d+)?)d)?(?:t(?:(\d+(?:\.\d+)?)h)?(?:(\d+(?:\.\d+)?)m)?(?:(\d+(?:\.\d+)?)s)?)?$/.exec(s);
  if (!m || s === 'p' || s === 'pt') return undefined;
  const n = (k: number): number => Number(m[k] ?? 0);
  return {
    months: n(1) * 12 + n(2),
    days: 0,
    micros: Math.round((n(3) * 7 + n(4)) * DAY_US + (n(5) * 3600 + n(6) * 60 + n(7)) * 1e6),
  };
}
