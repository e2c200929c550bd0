import { describe, expect, it } from 'vitest';
import { normalizeRow, normalizeValue, rowsDifference } from './normalize-rows.js';
import { canonicalTimestamp, isSqlTimestampText } from './timestamps.js';

describe('normalizeValue', () => {
  it('canonicalizes timestamps in any accepted spelling', () => {
    expect(canonicalTimestamp('2024-03-01 12:00:10')).toBe('2024-03-01 12:00:10');
    expect(canonicalTimestamp('2024-03-01 12:00:10.000000')).toBe('2024-03-01 12:00:10');
    expect(canonicalTimestamp('2024-03-01T12:00:03.250Z')).toBe('2024-03-01 12:00:03.25');
    expect(normalizeValue(new Date(Date.UTC(2024, 2, 1, 12, 0, 3, 250)))).toBe('2024-03-01 12:00:03.25');
    expect(normalizeValue('tea')).toBe('tea');
  });

  it('tells the printed timestamp form from others', () => {
    expect(isSqlTimestampText('2024-03-01 12:00:10')).toBe(true);
    expect(isSqlTimestampText('2024-03-01 12:00:03.250000')).toBe(true);
    expect(isSqlTimestampText('2024-03-01T12:00:03.250Z')).toBe(false);
    expect(isSqlTimestampText('2024-03-01 12:00:03.2500001')).toBe(false);
  });

  it('turns safe bigints into numbers and keeps big ones exact as text', () => {
    expect(normalizeValue(42n)).toBe(42);
    expect(normalizeValue(2n ** 60n)).toBe('1152921504606846976');
    expect(normalizeValue(-0)).toBe(0);
    expect(normalizeValue(undefined)).toBeNull();
  });
});

describe('rowsDifference', () => {
  const expected = [
    { k: 'a', n: 1, avg: 1 / 3 },
    { k: 'b', n: 2, avg: 2.5 },
  ];

  it('ignores order and float noise, accepts numeric text for decimals', () => {
    expect(rowsDifference([{ k: 'b', n: 2, avg: '2.5' }, { k: 'a', n: 1, avg: 0.3333333333 }], expected)).toBe('');
  });

  it('wants integers as JSON numbers', () => {
    expect(rowsDifference([{ k: 'a', n: '1', avg: 1 / 3 }, { k: 'b', n: 2, avg: 2.5 }], expected)).not.toBe('');
  });

  it('reports missing, extra and differing rows', () => {
    expect(rowsDifference([{ k: 'a', n: 1, avg: 1 / 3 }], expected)).toMatch(/got 1 rows, expected 2/);
    expect(rowsDifference([{ k: 'a', n: 1, avg: 1 / 3 }, { k: 'b', n: 3, avg: 2.5 }], expected)).toMatch(/differ/);
    expect(rowsDifference([{ k: 'a', n: 1, avg: 0.34 }, { k: 'b', n: 2, avg: 2.5 }], expected)).not.toBe('');
    expect(rowsDifference([{ k: 'a', n: 1 }, { k: 'b', n: 2 }], expected)).toMatch(/columns differ/);
  });

  it('counts duplicates', () => {
    const row = normalizeRow({ x: 1 });
    expect(rowsDifference([row, row], [row])).not.toBe('');
    expect(rowsDifference([row, row], [row, row])).toBe('');
  });
});
