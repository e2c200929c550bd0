/**
 * to_char(timestamp, format) with PostgreSQL's template patterns (the common ones):
 * YYYY YYY YY Y, MM, Month/MONTH/month, Mon/MON/mon, DD, DDD, D, ID, Day/DAY/day, Dy/DY/dy,
 * HH HH12 HH24, MI, SS, MS, US, AM/PM (and a.m./p.m. forms), Q, WW, IW, TZ (always UTC),
 * the FM prefix (no padding), "quoted text" and backslash-escaped characters. Upper-case
 * keywords also match in lower case (`yyyy-mm-dd hh24:mi:ss`), as in PostgreSQL.
 * make_date(y, m, d) lives here too. All in UTC; TIMESTAMP and TIMESTAMPTZ are µs, DATE days.
 */
import type { BoundCall, SqlValue } from '@sluice/sql';
import { EngineError } from '../../errors.js';
import { civilFromDays, DAY_US, daysFromCivil, floorMod } from './calendar.js';
import { literalArg, type FunctionTable, type Kernel } from './kernel.js';
import { mapRows } from './row-map.js';

const MONTHS = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'];
const DAYS = ['Sunday', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday'];

/** The calendar fields of one instant, computed once per value. */
interface Parts {
  readonly year: number;
  readonly month: number;
  readonly day: number;
  readonly dayNumber: number;
  readonly micros: number;
}

type Render = (p: Parts, fm: boolean) => string;

const num = (width: number, value: (p: Parts) => number): Render => (p, fm) => {
  const v = value(p);
  return fm ? String(v) : String(Math.abs(v)).padStart(width, '0').replace(/^/, v < 0 ? '-' : '');
};

/** A name rendered in the case the keyword was written in, padded to 9 like PostgreSQL. */
const named = (names: readonly string[], pick: (p: Parts) => number, style: 'upper' | 'capital' | 'lower', width: number): Render => (p, fm) => {
  const full = names[pick(p)]!;
  const base = width === 3 ? full.slice(0, 3) : full;
  const text = style === 'upper' ? base.toUpperCase() : style === 'lower' ? base.toLowerCase() : base;
  return fm || width === 3 ? text : text.padEnd(9, ' ');
};

const hour24 = (p: Parts): number => Math.floor(p.micros / 3600e6);
const hour12 = (p: Parts): number => (hour24(p) % 12 === 0 ? 12 : hour24(p) % 12);
const weekday = (p: Parts): number => floorMod(p.dayNumber + 4, 7);
const dayOfYear = (p: Parts): number => p.dayNumber - daysFromCivil(p.year, 1, 1) + 1;

/** ISO 8601 week number (weeks start Monday; week 1 holds the year's first Thursday). */
function isoWeek(p: Parts): number {
  const thursday = p.dayNumber - floorMod(p.dayNumber + 3, 7) + 3;
  const year = civilFromDays(thursday).year;
  return Math.floor((thursday - daysFromCivil(year, 1, 1)) / 7) + 1;
}

const meridiem = (upper: boolean, dots: boolean): Render => (p) => {
  const am = hour24(p) < 12;
  const text = dots ? (am ? 'a.m.' : 'p.m.') : am ? 'am' : 'pm';
  return upper ? text.toUpperCase() : text;
};

/** Keywords, longest first within a shared prefix so that HH24 wins over HH. */
const KEYWORDS: readonly (readonly [string, Render])[] = [
  ['YYYY', num(4, (p) => p.year)],
  ['YYY', (p) => String(p.year % 1000).padStart(3, '0')],
  ['YY', (p) => String(p.year % 100).padStart(2, '0')],
  ['Y', (p) => String(p.year % 10)],
  ['MONTH', named(MONTHS, (p) => p.month - 1, 'upper', 9)],
  ['Month', named(MONTHS, (p) => p.month - 1, 'capital', 9)],
  ['month', named(MONTHS, (p) => p.month - 1, 'lower', 9)],
  ['MON', named(MONTHS, (p) => p.month - 1, 'upper', 3)],
  ['Mon', named(MONTHS, (p) => p.month - 1, 'capital', 3)],
  ['mon', named(MONTHS, (p) => p.month - 1, 'lower', 3)],
  ['MM', num(2, (p) => p.month)],
  ['MI', num(2, (p) => Math.floor(floorMod(p.micros, 3600e6) / 60e6))],
  ['MS', num(3, (p) => Math.floor(floorMod(p.micros, 1e6) / 1e3))],
  ['DAY', named(DAYS, weekday, 'upper', 9)],
  ['Day', named(DAYS, weekday, 'capital', 9)],
  ['day', named(DAYS, weekday, 'lower', 9)],
  ['DY', named(DAYS, weekday, 'upper', 3)],
  ['Dy', named(DAYS, weekday, 'capital', 3)],
  ['dy', named(DAYS, weekday, 'lower', 3)],
  ['DDD', num(3, dayOfYear)],
  ['DD', num(2, (p) => p.day)],
  ['D', (p) => String(weekday(p) + 1)],
  ['ID', (p) => String(floorMod(p.dayNumber + 3, 7) + 1)],
  ['IW', num(2, isoWeek)],
  ['WW', num(2, (p) => Math.floor((dayOfYear(p) - 1) / 7) + 1)],
  ['HH24', num(2, hour24)],
  ['HH12', num(2, hour12)],
  ['HH', num(2, hour12)],
  ['SS', num(2, (p) => Math.floor(floorMod(p.micros, 60e6) / 1e6))],
  ['US', num(6, (p) => floorMod(p.micros, 1e6))],
  ['A.M.', meridiem(true, true)], ['P.M.', meridiem(true, true)], ['a.m.', meridiem(false, true)], ['p.m.', meridiem(false, true)],
  ['AM', meridiem(true, false)], ['PM', meridiem(true, false)], ['am', meridiem(false, false)], ['pm', meridiem(false, false)],
  ['Q', (p) => String(Math.floor((p.month - 1) / 3) + 1)],
  ['TZ', () => 'UTC'], ['tz', () => 'utc'],
];

/** Keywords that also match when written in lower case (names and meridiems have their own). */
const LOWER_TOO = new Set(['YYYY', 'YYY', 'YY', 'Y', 'MM', 'MI', 'MS', 'DDD', 'DD', 'D', 'ID', 'IW', 'WW', 'HH24', 'HH12', 'HH', 'SS', 'US', 'Q']);

const TABLE: readonly (readonly [string, Render])[] = [
  ...KEYWORDS,
  ...KEYWORDS.filter(([k]) => LOWER_TOO.has(k)).map(([k, r]) => [k.toLowerCase(), r] as const),
].sort((a, b) => b[0].length - a[0].length);

type Piece = string | { readonly render: Render; readonly fm: boolean };

/** Splits a format into literal text and keywords, once per distinct format. */
export function compileFormat(format: string): readonly Piece[] {
  const pieces: Piece[] = [];
  let i = 0;
  while (i < format.length) {
    let fm = false;
    if (/^fm/i.test(format.slice(i, i + 2)) && TABLE.some(([k]) => format.startsWith(k, i + 2))) { fm = true; i += 2; }
    const hit = TABLE.find(([k]) => format.startsWith(k, i));
    if (hit) { pieces.push({ render: hit[1], fm }); i += hit[0].length; continue; }
    const c = format[i]!;
    if (c === '"') {
      const end = format.indexOf('"', i + 1);
      const stop = end < 0 ? format.length : end;
      pieces.push(format.slice(i + 1, stop).replace(/\\(.)/g, '$1'));
      i = stop + 1;
    } else if (c === '\\' && i + 1 < format.length) {
      pieces.push(format[i + 1]!);
      i += 2;
    } else {
      pieces.push(c);
      i++;
    }
  }
  return pieces;
}

/** `us` (µs since the epoch, UTC) formatted by `pieces`. */
export function formatTimestamp(us: number, pieces: readonly Piece[]): string {
  const dayNumber = Math.floor(us / DAY_US);
  const parts: Parts = { ...civilFromDays(dayNumber), dayNumber, micros: us - dayNumber * DAY_US };
  let out = '';
  for (const p of pieces) out += typeof p === 'string' ? p : p.render(parts, p.fm);
  return out;
}

const toChar: (call: BoundCall) => Kernel = (call) => {
  const scale = call.args[0]?.type.kind === 'scalar' && call.args[0].type.name === 'DATE' ? DAY_US : 1;
  const fixed = literalArg(call, 1);
  const fixedPieces = typeof fixed === 'string' ? compileFormat(fixed) : null;
  const cache = new Map<string, readonly Piece[]>();
  const piecesOf = (format: string): readonly Piece[] => {
    let pieces = cache.get(format);
    if (!pieces) {
      if (cache.size > 100) cache.clear();
      pieces = compileFormat(format);
      cache.set(format, pieces);
    }
    return pieces;
  };
  return (args, _ctx, n) => mapRows(call.type, args, n, (v) => formatTimestamp((v[0] as number) * scale, fixedPieces ?? piecesOf(v[1] as string)));
};

/** make_date(year, month, day): a DATE; an impossible date is an error, as in PostgreSQL. */
function makeDate(v: readonly SqlValue[]): SqlValue {
  const [year, month, day] = v as [number, number, number];
  const days = daysFromCivil(year, month, day);
  const back = civilFromDays(days);
  if (year === 0 || back.year !== year || back.month !== month || back.day !== day) {
    throw new EngineError('invalid-argument', `make_date: date field value out of range: ${year}-${month}-${day}`);
  }
  return days;
}

/** Formatting functions by canonical name. */
export const formattingFunctions: FunctionTable = {
  to_char: toChar,
  make_date: (call) => (args, _ctx, n) => mapRows(call.type, args, n, makeDate),
};
