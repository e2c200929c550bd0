/**
 * UTC calendar arithmetic on days since 1970-01-01 (proleptic Gregorian), without Date
 * objects: civil_from_days / days_from_civil after H. Hinnant's public-domain algorithms.
 */

export const DAY_US = 86_400_000_000;

// The civil-date conversions live with the timestamp text formats; the calendar functions share them.
export { civilFromDays, daysFromCivil } from '../../formats/timestamp.js';

/** x mod m in [0, m). */
export function floorMod(x: number, m: number): number {
  const r = x % m;
  return r < 0 ? r + m : r;
}
