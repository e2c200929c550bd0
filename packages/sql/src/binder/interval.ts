/**
 * INTERVAL literals, PostgreSQL style: `'1 hour'`, `'10' SECOND`, `'00:00:05'`,
 * `'1 day 2 hours'`, `'1 day 02:00:00'`, `'-5 minutes'`, plural and short unit names.
 */
import { SqlError } from '../errors.js';
import type { Interval } from '../types/data-type.js';

const US_PER_SECOND = 1_000_000;
const US_PER_DAY = 86_400 * US_PER_SECOND;

type UnitValue = { months: number } | { days: number } | { micros: number };

const UNITS: Record<string, (n: number) => UnitValue> = {
  microsecond: (n) => ({ micros: n }),
  millisecond: (n) => ({ micros: n * 1_000 }),
  second: (n) => ({ micros: n * US_PER_SECOND }),
  minute: (n) => ({ micros: n * 60 * US_PER_SECOND }),
  hour: (n) => ({ micros: n * 3_600 * US_PER_SECOND }),
  day: (n) => ({ days: n }),
  week: (n) => ({ days: n * 7 }),
  month: (n) => ({ months: n }),
  year: (n) => ({ months: n * 12 }),
  decade: (n) => ({ months: n * 120 }),
  century: (n) => ({ months: n * 1200 }),
};

const UNIT_ALIASES: Record<string, string> = {
  us: 'microsecond', usec: 'microsecond', usecs: 'microsecond', microseconds: 'microsecond',
  ms: 'millisecond', msec: 'millisecond', msecs: 'millisecond', milliseconds: 'millisecond',
  s: 'second', sec: 'second', secs: 'second', seconds: 'second',
  m: 'minute', min: 'minute', mins: 'minute', minutes: 'minute',
  h: 'hour', hr: 'hour', hrs: 'hour', hours: 'hour',
  d: 'day', days: 'day', w: 'week', weeks: 'week',
  mon: 'month', mons: 'month', months: 'month',
  y: 'year', yr: 'year', yrs: 'year', years: 'year', decades: 'decade', centuries: 'century',
};

function unitOf(word: string): string | undefined {
  const lower = word.toLowerCase();
  if (lower in UNITS) return lower;
  return UNIT_ALIASES[lower];
}

/**
 * Parses an interval's text and optional unit word (the `SECOND` of `INTERVAL '10' SECOND`;
 * for `DAY TO SECOND` the last word counts). A bare number takes the unit, or seconds when
 * there is none. Fractions spill into smaller fields (`'1.5' DAY` is 1 day 12 hours).
 * Throws SqlError `invalid-interval` on anything else.
 */
export function parseInterval(text: string, unit?: string): Interval {
  const fail = (): never => {
    throw new SqlError('invalid-interval', `invalid interval '${text}'${unit ? ` ${unit}` : ''}`, undefined,
      "write e.g. INTERVAL '10' SECOND, INTERVAL '1 hour 30 minutes' or INTERVAL '00:00:05'");
  };
  const defaultUnit = unit ? unitOf(unit.trim().split(/\s+/).pop()!) ?? fail() : 'second';
  const acc = { months: 0, days: 0, micros: 0 };
  const tokens = text.trim().toLowerCase().split(/\s+/).filter((t) => t !== '');
  if (tokens.length === 0) fail();
  for (let i = 0; i < tokens.length; i++) {
    const token = tokens[i]!;
    if (token.includes(':')) {
      const micros = parseClock(token);
      if (micros === undefined) fail();
      acc.micros += micros!;
      continue;
    }
    if (!/^[+-]?(\d+\.?\d*|\.\d+)$/.test(token)) fail();
    const n = Number(token);
    const next = tokens[i + 1];
    const nextUnit = next !== undefined ? unitOf(next) : undefined;
    if (nextUnit) i++;
    addUnit(acc, nextUnit ?? defaultUnit, n);
  }
  return { months: acc.months, days: acc.days, micros: Math.round(acc.micros) };
}

function addUnit(acc: { months: number; days: number; micros: number }, unit: string, n: number): void {
  const v = UNITS[unit]!(n);
  if ('months' in v) {
    const whole = Math.trunc(v.months);
    acc.months += whole;
    acc.days += Math.round((v.months - whole) * 30 * 1e6) / 1e6;
  } else if ('days' in v) {
    const whole = Math.trunc(v.days);
    acc.days += whole;
    acc.micros += (v.days - whole) * US_PER_DAY;
  } else {
    acc.micros += v.micros;
  }
  // a fractional day count from months spills into micros
  const fracDays = acc.days - Math.trunc(acc.days);
  if (fracDays !== 0) {
    acc.days = Math.trunc(acc.days);
    acc.micros += fracDays * US_PER_DAY;
  }
}

/** `hh:mm[:ss[.ffffff]]` (or `mm:ss.f` when the first part has a fraction later) in µs. */
function parseClock(token: string): number | undefined {
  const m = /^([+-])?(\d+):(\d{1,2})(?::(\d{1,2}(?:\.\d{1,6})?))?$/.exec(token);
  if (!m) return undefined;
  const sign = m[1] === '-' ? -1 : 1;
  const hours = Number(m[2]);
  const minutes = Number(m[3]);
  const seconds = m[4] !== undefined ? Number(m[4]) : 0;
  if (minutes >= 60 || seconds >= 60) return undefined;
  return sign * Math.round(((hours * 60 + minutes) * 60 + seconds) * US_PER_SECOND);
}

/**
 * The length of an interval in microseconds, counting a day as 24 hours and a month as
 * 30 days (PostgreSQL's convention for interval comparison).
 */
export function intervalMicros(i: Interval): number {
  return i.micros + i.days * US_PER_DAY + i.months * 30 * US_PER_DAY;
}

/** A short human form of a duration in µs for EXPLAIN: `10s`, `1h30m`, `250ms`. */
export function formatDurationUs(us: number): string {
  if (us === 0) return '0s';
  const sign = us < 0 ? '-' : '';
  let rest = Math.abs(us);
  const parts: string[] = [];
  const steps: [string, number][] = [['d', US_PER_DAY], ['h', 3_600 * US_PER_SECOND], ['m', 60 * US_PER_SECOND], ['s', US_PER_SECOND], ['ms', 1_000], ['us', 1]];
  for (const [suffix, size] of steps) {
    const n = Math.floor(rest / size);
    if (n > 0) {
      parts.push(`${n}${suffix}`);
      rest -= n * size;
    }
  }
  return sign + parts.join('');
}
