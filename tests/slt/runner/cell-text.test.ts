import { T, listOf } from '@sluice/sql';
import { describe, expect, it } from 'vitest';
import { cellText } from './cell-text.js';

describe('cellText', () => {
  it('writes NULL, empty strings, booleans and numbers as sqllogictest does', () => {
    expect(cellText(null, T.int)).toBe('NULL');
    expect(cellText('', T.varchar)).toBe('(empty)');
    expect([cellText(true, T.boolean), cellText(false, T.boolean)]).toEqual(['t', 'f']);
    expect(cellText(12345678901234567n, T.bigint)).toBe('12345678901234567');
    expect([cellText(1.5, T.double), cellText(0.1, T.double), cellText(Number.NaN, T.double)]).toEqual(['1.5', '0.1', 'NaN']);
  });

  it('writes timestamps, intervals and arrays in PostgreSQL text form', () => {
    expect(cellText(Date.UTC(2022, 0, 1, 10, 5) * 1000, T.timestamp)).toBe('2022-01-01 10:05:00');
    expect(cellText(Date.UTC(2022, 0, 1) * 1000 + 500, T.timestamp)).toBe('2022-01-01 00:00:00.0005');
    expect(cellText({ months: 0, days: 0, micros: 90 * 60 * 1_000_000 }, T.interval)).toBe('01:30:00');
    expect(cellText(['a', null, 'b c'], listOf(T.varchar))).toBe('{a,NULL,"b c"}');
  });
});
