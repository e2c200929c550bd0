/**
 * Text forms of DATE, TIMESTAMP and TIMESTAMPTZ values (µs or days since the Unix epoch, UTC),
 * used for literal casts at plan time and for EXPLAIN.
 */
import { daysFromCivil, daysInMonth } from '../types/calendar.js';

const US_PER_MS = 1_000;
const MS_PER_DAY = 86_400_000;

const TIMESTAMP_RE =
  /^(\d{4})-(\d{1,2})-(\d{1,2})(?:[ T](\d{1,2}):(\d{2})(?::(\d{2})(?:\.(\d{1,9}))?)?)?\s*(Z|z|UTC|[+-]\d{2}(?::?\d{2})?)?$/;

/**
 * Parses `YYYY-MM-DD[ HH:MM[:SS[.ffffff]]][Z|±hh[:mm]]` into µs since the epoch. A zone
 * suffix shifts the value to UTC. Returns `undefined` when the text is not a valid timestamp.
 */
export function parseTimestampText(text: string): number | undefined {
  const m = TIMESTAMP_RE.exec(text.trim());
  if (!m) return undefined;
  const [year, month, day] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const [hour, minute, second] = [Number(m[4] ?? 0), Number(m[5] ?? 0), Number(m[6] ?? 0)];
  if (month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month) || hour > 23 || minute > 59 || second > 59) return undefined;
  // not Date.UTC, which takes years 0-99 for 1900-1999
  const ms = daysFromCivil(year, month, day) * MS_PER_DAY + ((hour * 60 + minute) * 60 + second) * 1000;
  const fraction = m[7] ? Math.round(Number(`0.${m[7]}`) * 1e6) : 0;
  return ms * US_PER_MS + fraction - zoneOffsetUs(m[8]);
}

function zoneOffsetUs(zone: string | undefined): number {
  if (!zone || /^(z|utc)$/i.test(zone)) return 0;
  const sign = zone.startsWith('-') ? -1 : 1;
  const digits = zone.slice(1).replace(':', '');
  const hours = Number(digits.slice(0, 2));
  const minutes = digits.length > 2 ? Number(digits.slice(2)) : 0;
  return sign * (hours * 60 + minutes) * 60_000_000;
}

/** Parses `YYYY-MM-DD` into days since the epoch, or `undefined`. */
export function parseDateText(text: string): number | undefined {
  if (!/^\d{4}-\d{1,2}-\d{1,2}$/.test(text.trim())) return undefined;
  const us = parseTimestampText(text);
  return us === undefined ? undefined : Math.floor(us / US_PER_MS / MS_PER_DAY);
}

/** `YYYY-MM-DD HH:MM:SS[.ffffff]` (PostgreSQL's text form, UTC). */
export function formatTimestamp(us: number): string {
  const seconds = Math.floor(us / 1_000_000);
  const frac = us - seconds * 1_000_000;
  const iso = new Date(seconds * 1_000).toISOString();
  const base = `${iso.slice(0, 10)} ${iso.slice(11, 19)}`;
  return frac === 0 ? base : `${base}.${String(frac).padStart(6, '0').replace(/0+$/, '')}`;
}

/** `YYYY-MM-DD`. */
export function formatDate(days: number): string {
  return new Date(days * MS_PER_DAY).toISOString().slice(0, 10);
}
