/**
 * Date and time text <-> the engine's numbers (see @sluice/sql data-type.ts): TIMESTAMP and
 * TIMESTAMPTZ are microseconds since 1970-01-01 UTC, DATE is days since then.
 *
 * Parsing and printing are hand-rolled: they run once per row per column in decoders and
 * output, where building a `Date` each time would dominate.
 */
import type { Interval } from '@sluice/sql';

const US_PER_SECOND = 1_000_000;
const US_PER_MINUTE = 60 * US_PER_SECOND;
const US_PER_HOUR = 60 * US_PER_MINUTE;
/** Microseconds in one day. */
export const US_PER_DAY = 24 * US_PER_HOUR;

/**
 * Parses `YYYY-MM-DD`, `YYYY-MM-DD HH:MM[:SS[.f...]]` or ISO-8601 `YYYY-MM-DDTHH:MM[:SS[.f...]]`,
 * optionally followed by a zone: `Z`, `UTC`, `+HH`, `+HH:MM` or `+HHMM` (spaces before the zone are
 * allowed). Returns microseconds since the epoch in UTC: a zone offset is applied, text without
 * a zone is taken as UTC. Digits past the sixth fractional one are truncated. Returns `null` for
 * anything else, including impossible dates such as February 30.
 */
export function parseTimestampText(text: string): number | null {
  const s = text.trim();
  const days = parseDatePart(s);
  if (days === null) return null;
  if (s.length === 10) return days * US_PER_DAY;
  const sep = s.charCodeAt(10);
  if (sep !== 84 /* T */ && sep !== 116 /* t */ && sep !== 32 /* space */) return null;
  const hour = twoDigits(s, 11);
  const minute = s.charCodeAt(13) === 58 /* : */ ? twoDigits(s, 14) : -1;
  if (hour < 0 || hour > 23 || minute < 0 || minute > 59) return null;
  let at = 16;
  let second = 0;
  let micros = 0;
  if (s.charCodeAt(at) === 58) {
    second = twoDigits(s, at + 1);
    if (second < 0 || second > 59) return null;
    at += 3;
    if (s.charCodeAt(at) === 46 /* . */) {
      at++;
      let digits = 0;
      let scale = 100_000;
      while (at < s.length && isDigit(s.charCodeAt(at))) {
        if (digits < 6) micros += (s.charCodeAt(at) - 48) * scale;
        scale /= 10;
        digits++;
        at++;
      }
      if (digits === 0) return null;
    }
  }
  const offsetUs = parseZone(s, at);
  if (offsetUs === null) return null;
  return days * US_PER_DAY + hour * US_PER_HOUR + minute * US_PER_MINUTE + second * US_PER_SECOND + micros - offsetUs;
}

/** Parses `YYYY-MM-DD` (surrounding spaces allowed) into days since the epoch, or `null`. */
export function parseDateText(text: string): number | null {
  const s = text.trim();
  return s.length === 10 ? parseDatePart(s) : null;
}

/** `YYYY-MM-DD HH:MM:SS[.ffffff]` in UTC; the fraction only when non-zero, trailing zeros trimmed. */
export function formatTimestamp(us: number): string {
  const days = Math.floor(us / US_PER_DAY);
  let rest = us - days * US_PER_DAY;
  const hour = Math.floor(rest / US_PER_HOUR);
  rest -= hour * US_PER_HOUR;
  const minute = Math.floor(rest / US_PER_MINUTE);
  rest -= minute * US_PER_MINUTE;
  const second = Math.floor(rest / US_PER_SECOND);
  const micros = Math.floor(rest - second * US_PER_SECOND);
  return `${formatDate(days)} ${pad2(hour)}:${pad2(minute)}:${pad2(second)}${fraction(micros)}`;
}

/** `formatTimestamp(us)` followed by `+00:00`: TIMESTAMPTZ values print in UTC. */
export function formatTimestampTz(us: number): string {
  return `${formatTimestamp(us)}+00:00`;
}

/** `YYYY-MM-DD` for days since the epoch (years before 1000 are zero-padded to four digits). */
export function formatDate(days: number): string {
  const { year, month, day } = civilFromDays(days);
  const y = year < 0 ? `-${String(-year).padStart(4, '0')}` : String(year).padStart(4, '0');
  return `${y}-${pad2(month)}-${pad2(day)}`;
}

/**
 * PostgreSQL's default interval output: `1 year 2 mons 3 days 04:05:06.5`. The time part is
 * printed when non-zero or when it is all there is (`00:00:00`); hours are not folded into days
 * (`36:00:00`), as PostgreSQL does not either.
 */
export function formatInterval(i: Interval): string {
  const parts: string[] = [];
  const years = Math.trunc(i.months / 12);
  const months = i.months - years * 12;
  if (years !== 0) parts.push(`${years} ${years === 1 ? 'year' : 'years'}`);
  if (months !== 0) parts.push(`${months} ${months === 1 ? 'mon' : 'mons'}`);
  if (i.days !== 0) parts.push(`${i.days} ${i.days === 1 ? 'day' : 'days'}`);
  if (i.micros !== 0 || parts.length === 0) {
    const negative = i.micros < 0;
    let rest = Math.abs(i.micros);
    const hours = Math.floor(rest / US_PER_HOUR);
    rest -= hours * US_PER_HOUR;
    const minutes = Math.floor(rest / US_PER_MINUTE);
    rest -= minutes * US_PER_MINUTE;
    const seconds = Math.floor(rest / US_PER_SECOND);
    const micros = Math.floor(rest - seconds * US_PER_SECOND);
    parts.push(`${negative ? '-' : ''}${pad2(hours)}:${pad2(minutes)}:${pad2(seconds)}${fraction(micros)}`);
  }
  return parts.join(' ');
}

/** Days since the epoch of a proleptic Gregorian date (H. Hinnant's `days_from_civil`). */
export function daysFromCivil(year: number, month: number, day: number): number {
  const y = month <= 2 ? year - 1 : year;
  const era = Math.floor(y / 400);
  const yoe = y - era * 400;
  const doy = Math.floor((153 * (month + (month > 2 ? -3 : 9)) + 2) / 5) + day - 1;
  const doe = yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy;
  return era * 146_097 + doe - 719_468;
}

/** The inverse of `daysFromCivil`. */
export function civilFromDays(days: number): { year: number; month: number; day: number } {
  const z = days + 719_468;
  const era = Math.floor(z / 146_097);
  const doe = z - era * 146_097;
  const yoe = Math.floor((doe - Math.floor(doe / 1460) + Math.floor(doe / 36_524) - Math.floor(doe / 146_096)) / 365);
  const doy = doe - (365 * yoe + Math.floor(yoe / 4) - Math.floor(yoe / 100));
  const mp = Math.floor((5 * doy + 2) / 153);
  const day = doy - Math.floor((153 * mp + 2) / 5) + 1;
  const month = mp < 10 ? mp + 3 : mp - 9;
  return { year: yoe + era * 400 + (month <= 2 ? 1 : 0), month, day };
}

function parseDatePart(s: string): number | null {
  if (s.length < 10 || s.charCodeAt(4) !== 45 || s.charCodeAt(7) !== 45) return null;
  const century = twoDigits(s, 0);
  const yearOfCentury = twoDigits(s, 2);
  const month = twoDigits(s, 5);
  const day = twoDigits(s, 8);
  if (century < 0 || yearOfCentury < 0 || month < 1 || month > 12 || day < 1) return null;
  const year = century * 100 + yearOfCentury;
  if (day > daysInMonth(year, month)) return null;
  return daysFromCivil(year, month, day);
}

/** Offset east of UTC in µs for the zone text starting at `at`; 0 when there is none. */
function parseZone(s: string, at: number): number | null {
  while (at < s.length && s.charCodeAt(at) === 32) at++;
  if (at === s.length) return 0;
  const rest = s.slice(at).toUpperCase();
  if (rest === 'UTC' || rest === 'GMT') return 0;
  const c = s.charCodeAt(at);
  if ((c === 90 || c === 122) && at + 1 === s.length) return 0; // Z, z
  if (c !== 43 && c !== 45) return null; // + -
  const hours = twoDigits(s, at + 1);
  let minutes = 0;
  let end = at + 3;
  if (s.charCodeAt(end) === 58) {
    minutes = twoDigits(s, end + 1);
    end += 3;
  } else if (end + 2 === s.length) {
    minutes = twoDigits(s, end);
    end += 2;
  }
  if (end !== s.length || hours < 0 || hours > 15 || minutes < 0 || minutes > 59) return null;
  const offset = hours * US_PER_HOUR + minutes * US_PER_MINUTE;
  return c === 45 ? -offset : offset;
}

function daysInMonth(year: number, month: number): number {
  if (month === 2) return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0 ? 29 : 28;
  return month === 4 || month === 6 || month === 9 || month === 11 ? 30 : 31;
}

/** The two-digit number at `at`, or -1 when either character is not a digit. */
function twoDigits(s: string, at: number): number {
  const a = s.charCodeAt(at) - 48;
  const b = s.charCodeAt(at + 1) - 48;
  return a >= 0 && a <= 9 && b >= 0 && b <= 9 ? a * 10 + b : -1;
}

function isDigit(c: number): boolean {
  return c >= 48 && c <= 57;
}

function pad2(n: number): string {
  return n < 10 ? `0${n}` : String(n);
}

/** `.ffffff` with trailing zeros trimmed, or nothing for zero. */
function fraction(micros: number): string {
  if (micros === 0) return '';
  return `.${String(micros).padStart(6, '0').replace(/0+$/, '')}`;
}
