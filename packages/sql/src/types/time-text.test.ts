import { describe, expect, it } from 'vitest';
import { formatTime, parseTimeText, wrapTimeOfDay } from './time-text.js';

describe('TIME text', () => {
  it('reads PostgreSQL time input', () => {
    expect(parseTimeText('02:00:00')).toBe(7_200_000_000);
    expect(parseTimeText('2:05')).toBe(7_500_000_000);
    expect(parseTimeText('23:59:59.999999')).toBe(86_399_999_999);
    expect(parseTimeText('00:00:00.1234567')).toBe(123_457); // past the sixth digit rounds
    expect(parseTimeText('12:00 am')).toBe(0);
    expect(parseTimeText('1:30 PM')).toBe(48_600_000_000);
    expect(parseTimeText('2024-05-01 04:05:06')).toBe(14_706_000_000); // the date part is ignored
    expect(parseTimeText('24:00:00')).toBe(86_400_000_000);
  });

  it('rejects what is not a time of day', () => {
    for (const bad of ['', '25:00', '24:00:01', '12:60', '12:00:60', '13:00 pm', 'noon', '12', '12:00:00+02']) {
      expect(parseTimeText(bad), bad).toBeUndefined();
    }
  });

  it('prints HH:MM:SS with the fraction only when there is one', () => {
    expect(formatTime(0)).toBe('00:00:00');
    expect(formatTime(7_200_000_000)).toBe('02:00:00');
    expect(formatTime(3_723_500_000)).toBe('01:02:03.5');
    expect(formatTime(1)).toBe('00:00:00.000001');
    expect(formatTime(86_400_000_000)).toBe('24:00:00');
  });

  it('wraps around midnight', () => {
    expect(wrapTimeOfDay(90_000_000_000)).toBe(3_600_000_000);
    expect(wrapTimeOfDay(-3_600_000_000)).toBe(82_800_000_000);
  });
});
