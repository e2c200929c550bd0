/**
 * Proleptic Gregorian calendar arithmetic on days and microseconds since 1970-01-01 (UTC),
 * without `Date` (whose `Date.UTC` reads years 0-99 as 1900-1999): H. Hinnant's public-domain
 * `days_from_civil` / `civil_from_days`, and PostgreSQL's timestamp + interval, which adds
 * the months on the calendar (the day clamped to the month's end), then days, then time.
 */
import type { Interval } from './data-type.js';

const US_PER_DAY = 86_400_000_000;

/** Days since the epoch of a civil date. */
export function daysFromCivil(year: number, month: number, day: number): number {
  const y = month <= 2 ? year - 1 : year;
  const era = Math.floor(y / 400);
  const yoe = y - era * 400;
  const doy = Math.floor((153 * (month + (month > 2 ? -3 : 9)) + 2) / 5) + day - 1;
  const doe = yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy;
  return era * 146_097 + doe - 719_468;
}

/** The civil date of a day number (the inverse of `daysFromCivil`). */
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

/** Days in `month` (1-12) of `year`. */
export function daysInMonth(year: number, month: number): number {
  return month === 12 ? 31 : daysFromCivil(year, month + 1, 1) - daysFromCivil(year, month, 1);
}

/**
 * A timestamp (µs since the epoch) plus `sign` (1 or -1) times `interval`, as PostgreSQL
 * computes it: months on the calendar first (`2024-01-31 + 1 month` is `2024-02-29`), then
 * days and microseconds.
 */
export function addIntervalUs(us: number, interval: Interval, sign: 1 | -1 = 1): number {
  let out = us;
  if (interval.months !== 0) {
    const days = Math.floor(out / US_PER_DAY);
    const timeOfDay = out - days * US_PER_DAY;
    const c = civilFromDays(days);
    const monthIndex = c.year * 12 + (c.month - 1) + sign * interval.months;
    const year = Math.floor(monthIndex / 12);
    const month = monthIndex - year * 12 + 1;
    out = daysFromCivil(year, month, Math.min(c.day, daysInMonth(year, month))) * US_PER_DAY + timeOfDay;
  }
  return out + sign * (interval.days * US_PER_DAY + interval.micros);
}
