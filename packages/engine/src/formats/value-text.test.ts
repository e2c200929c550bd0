import { describe, expect, it } from 'vitest';
import { listOf, T } from '@sluice/sql';
import { formatValue, toJsonValue } from './value-text.js';

describe('formatValue', () => {
  it('prints PostgreSQL text', () => {
    expect(formatValue(true, T.boolean)).toBe('t');
    expect(formatValue(false, T.boolean)).toBe('f');
    expect(formatValue(null, T.int)).toBeNull();
    expect(formatValue(2n ** 60n, T.bigint)).toBe('1152921504606846976');
    expect(formatValue(Math.fround(0.1), T.real)).toBe('0.1');
    expect(formatValue(NaN, T.double)).toBe('NaN');
    expect(formatValue(1_704_164_645_500_000, T.timestamp)).toBe('2024-01-02 03:04:05.5');
    expect(formatValue({ months: 0, days: 0, micros: 93_600_000_000 }, T.interval)).toBe('1 day 02:00:00');
    expect(formatValue(new Uint8Array([1, 171]), T.bytea)).toBe('\\x01ab');
    expect(formatValue(7_200_000_000, T.time)).toBe('02:00:00');
    expect(formatValue(45_296_789_000, T.time)).toBe('12:34:56.789');
    expect(formatValue(['a b', 'c', null, ''], listOf(T.varchar))).toBe('{"a b",c,NULL,""}');
  });
});

describe('toJsonValue', () => {
  it('keeps numbers exact and times readable', () => {
    expect(toJsonValue(42n, T.bigint)).toBe(42);
    expect(toJsonValue(2n ** 53n + 1n, T.bigint)).toBe('9007199254740993');
    expect(toJsonValue(1_704_164_645_000_000, T.timestamp)).toBe('2024-01-02 03:04:05');
    expect(toJsonValue(true, T.boolean)).toBe(true);
    expect(toJsonValue([1n, null], listOf(T.bigint))).toEqual([1, null]);
    expect(toJsonValue('{"a":1}', T.jsonb)).toEqual({ a: 1 });
    expect(toJsonValue(Infinity, T.double)).toBe('Infinity');
    expect(toJsonValue(7_200_000_500, T.time)).toBe('02:00:00.0005');
  });
});
