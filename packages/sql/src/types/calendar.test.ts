import { describe, expect, it } from 'vitest';
import { addIntervalUs, civilFromDays, daysFromCivil, daysInMonth } from './calendar.js';

const DAY = 86_400_000_000;
const at = (y: number, m: number, d: number, hour = 0): number => daysFromCivil(y, m, d) * DAY + hour * 3_600_000_000;

describe('calendar', () => {
  it('numbers days from 1970-01-01, years below 100 included', () => {
    expect(daysFromCivil(1970, 1, 1)).toBe(0);
    expect(daysFromCivil(2024, 3, 1) - daysFromCivil(2024, 2, 28)).toBe(2);
    expect(civilFromDays(daysFromCivil(1, 1, 1))).toEqual({ year: 1, month: 1, day: 1 });
    expect(civilFromDays(daysFromCivil(99, 12, 31))).toEqual({ year: 99, month: 12, day: 31 });
    expect([daysInMonth(2024, 2), daysInMonth(2023, 2), daysInMonth(1900, 2), daysInMonth(2000, 2), daysInMonth(2024, 12)]).toEqual([29, 28, 28, 29, 31]);
  });

  it('adds months on the calendar, clamping the day, then days and time', () => {
    expect(addIntervalUs(at(1994, 1, 1), { months: 12, days: 0, micros: 0 })).toBe(at(1995, 1, 1));
    expect(addIntervalUs(at(2024, 1, 31, 10), { months: 1, days: 0, micros: 0 })).toBe(at(2024, 2, 29, 10));
    expect(addIntervalUs(at(2024, 3, 31), { months: 1, days: 1, micros: 3_600_000_000 }, -1)).toBe(at(2024, 2, 27, 23));
    expect(addIntervalUs(at(2024, 11, 15), { months: 14, days: 0, micros: 0 })).toBe(at(2026, 1, 15));
    expect(addIntervalUs(at(1, 1, 1, 21), { months: 0, days: 0, micros: 3_600_000_000 })).toBe(at(1, 1, 1, 22));
  });
});
