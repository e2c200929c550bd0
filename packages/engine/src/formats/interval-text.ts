/**
 * Interval text -> `Interval`: PostgreSQL's verbose form (`1 day 02:00:00`, `5 seconds`,
 * `-3 hours`, `1 year 2 mons`) and the short form used in options (`5s`, `100ms`, `2m`, `1h`).
 */
import type { Interval } from '@sluice/sql';

const US: Record<string, number> = {
  us: 1, microsecond: 1, microseconds: 1,
  ms: 1_000, millisecond: 1_000, milliseconds: 1_000,
  s: 1_000_000, sec: 1_000_000, secs: 1_000_000, second: 1_000_000, seconds: 1_000_000,
  m: 60_000_000, min: 60_000_000, mins: 60_000_000, minute: 60_000_000, minutes: 60_000_000,
  h: 3_600_000_000, hour: 3_600_000_000, hours: 3_600_000_000,
};
const DAYS: Record<string, number> = { d: 1, day: 1, days: 1, w: 7, week: 7, weeks: 7 };
const MONTHS: Record<string, number> = { mon: 1, mons: 1, month: 1, months: 1, y: 12, year: 12, years: 12 };

const TOKEN = /\s*(?:([+-]?\d+(?:\.\d+)?)\s*([a-z]+)|([+-]?)(\d+):(\d{2})(?::(\d{2})(?:\.(\d{1,6}))?)?)/iy;

/**
 * Parses a sequence of `<number> <unit>` terms and at most one `[-]HH:MM[:SS[.ffffff]]` time
 * part; a bare number means seconds. Returns `null` when the text is not of that shape.
 */
export function parseIntervalText(text: string): Interval | null {
  const s = text.trim();
  if (s === '') return null;
  if (/^[+-]?\d+(\.\d+)?$/.test(s)) return { months: 0, days: 0, micros: Math.round(Number(s) * 1_000_000) };
  let months = 0;
  let days = 0;
  let micros = 0;
  TOKEN.lastIndex = 0;
  let at = 0;
  while (at < s.length) {
    TOKEN.lastIndex = at;
    const m = TOKEN.exec(s);
    if (!m) return null;
    at = TOKEN.lastIndex;
    if (m[1] !== undefined) {
      const n = Number(m[1]);
      const unit = m[2]!.toLowerCase();
      if (unit in US) micros += Math.round(n * US[unit]!);
      else if (unit in DAYS) days += n * DAYS[unit]!;
      else if (unit in MONTHS) months += n * MONTHS[unit]!;
      else return null;
    } else {
      const sign = m[3] === '-' ? -1 : 1;
      const fraction = m[7] ? Number(m[7].padEnd(6, '0')) : 0;
      const total = Number(m[4]) * 3_600_000_000 + Number(m[5]) * 60_000_000 + Number(m[6] ?? 0) * 1_000_000 + fraction;
      micros += sign * total;
    }
  }
  if (!Number.isInteger(months) || !Number.isInteger(days)) return null;
  return { months, days, micros };
}

/**
 * A duration option such as `5s`, `250ms` or `1 minute` in milliseconds, or `null` when it does
 * not parse or uses months (whose length varies).
 */
export function parseDurationMs(text: string): number | null {
  const i = parseIntervalText(text);
  if (!i || i.months !== 0) return null;
  return i.days * 86_400_000 + i.micros / 1_000;
}
