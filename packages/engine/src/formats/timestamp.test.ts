import { describe, expect, it } from 'vitest';
import { formatDate, formatInterval, formatTimestamp, formatTimestampTz, parseDateText, parseTimestampText } from './timestamp.js';
import { parseDurationMs, parseIntervalText } from './interval-text.js';

const base = Date.UTC(2024, 0, 2, 3, 4, 5) * 1000;

describe('parseTimestampText', () => {
  it('reads ISO-8601, SQL and date-only spellings as UTC microseconds', () => {
    expect(parseTimestampText('2024-01-02T03:04:05Z')).toBe(base);
    expect(parseTimestampText('2024-01-02 03:04:05')).toBe(base);
    expect(parseTimestampText('2024-01-02T03:04:05.123456Z')).toBe(base + 123_456);
    expect(parseTimestampText('2024-01-02 03:04:05.5')).toBe(base + 500_000);
    expect(parseTimestampText('2024-01-02T05:04:05+02:00')).toBe(base);
    expect(parseTimestampText('2024-01-02T01:04:05-0200')).toBe(base);
    expect(parseTimestampText('2024-01-02')).toBe(Date.UTC(2024, 0, 2) * 1000);
    expect(parseTimestampText('2024-01-02T03:04')).toBe(base - 5_000_000);
    expect(parseTimestampText('1969-12-31 23:59:59.999999')).toBe(-1);
  });

  it('rejects malformed and impossible values', () => {
    for (const bad of ['', 'abc', '2024-02-30', '2024-13-01', '2024-01-02 25:00:00', '2024-01-02T03:04:05+', '2024-1-2', '2024-01-02 03:04:05.']) {
      expect(parseTimestampText(bad), bad).toBeNull();
    }
    expect(parseTimestampText('2024-02-29')).not.toBeNull();
    expect(parseDateText('2023-02-29')).toBeNull();
  });
});

describe('formatting', () => {
  it('prints timestamps with trimmed fractions, as PostgreSQL does', () => {
    expect(formatTimestamp(base)).toBe('2024-01-02 03:04:05');
    expect(formatTimestamp(base + 500_000)).toBe('2024-01-02 03:04:05.5');
    expect(formatTimestamp(base + 123_456)).toBe('2024-01-02 03:04:05.123456');
    expect(formatTimestamp(-1)).toBe('1969-12-31 23:59:59.999999');
    expect(formatTimestampTz(base)).toBe('2024-01-02 03:04:05+00:00');
    expect(formatDate(0)).toBe('1970-01-01');
    expect(formatDate(19_724)).toBe('2024-01-02');
  });

  it('round-trips every day over four centuries', () => {
    for (let d = -80_000; d < 80_000; d += 7) expect(parseDateText(formatDate(d))).toBe(d);
  });

  it('prints intervals in PostgreSQL style', () => {
    expect(formatInterval({ months: 0, days: 0, micros: 10_000_000 })).toBe('00:00:10');
    expect(formatInterval({ months: 0, days: 1, micros: 7_200_000_000 })).toBe('1 day 02:00:00');
    expect(formatInterval({ months: 14, days: 3, micros: 0 })).toBe('1 year 2 mons 3 days');
    expect(formatInterval({ months: 0, days: 0, micros: 0 })).toBe('00:00:00');
    expect(formatInterval({ months: 0, days: 0, micros: -1_500_000 })).toBe('-00:00:01.5');
  });

  it('parses interval and duration text', () => {
    expect(parseIntervalText('1 day 02:00:00')).toEqual({ months: 0, days: 1, micros: 7_200_000_000 });
    expect(parseIntervalText('5 seconds')).toEqual({ months: 0, days: 0, micros: 5_000_000 });
    expect(parseDurationMs('5s')).toBe(5000);
    expect(parseDurationMs('250ms')).toBe(250);
    expect(parseDurationMs('1 mon')).toBeNull();
    expect(parseDurationMs('soon')).toBeNull();
  });
});
