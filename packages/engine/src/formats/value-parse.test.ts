import { describe, expect, it } from 'vitest';
import { listOf, T } from '@sluice/sql';
import { coerceJsonValue, parseTextValue } from './value-parse.js';

describe('parseTextValue', () => {
  it('follows PostgreSQL input rules', () => {
    expect(parseTextValue('yes', T.boolean)).toBe(true);
    expect(parseTextValue('F', T.boolean)).toBe(false);
    expect(parseTextValue('maybe', T.boolean)).toBeUndefined();
    expect(parseTextValue(' 42 ', T.int)).toBe(42);
    expect(parseTextValue('2147483648', T.int)).toBeUndefined();
    expect(parseTextValue('40000', T.smallint)).toBeUndefined();
    expect(parseTextValue('9223372036854775807', T.bigint)).toBe(9223372036854775807n);
    expect(parseTextValue('1.5e3', T.double)).toBe(1500);
    expect(parseTextValue('-inf', T.double)).toBe(-Infinity);
    expect(parseTextValue('0x10', T.double)).toBeUndefined();
    expect(parseTextValue('2024-01-02 03:04:05 UTC', T.timestamp)).toBe(Date.UTC(2024, 0, 2, 3, 4, 5) * 1000);
    expect(parseTextValue('1970-01-02', T.date)).toBe(1);
    expect(parseTextValue('1 day 00:00:01', T.interval)).toEqual({ months: 0, days: 1, micros: 1_000_000 });
    expect(parseTextValue('\\x01ff', T.bytea)).toEqual(new Uint8Array([1, 255]));
    expect(parseTextValue('{1,NULL,3}', listOf(T.int))).toEqual([1, null, 3]);
    expect(parseTextValue('{"a b",c}', listOf(T.varchar))).toEqual(['a b', 'c']);
    expect(parseTextValue('{oops', T.jsonb)).toBeUndefined();
  });

  it('reads TIME as microseconds since midnight', () => {
    expect(parseTextValue('02:00:00', T.time)).toBe(7_200_000_000);
    expect(parseTextValue(' 13:05 ', T.time)).toBe(47_100_000_000);
    expect(parseTextValue('00:00:01.25', T.time)).toBe(1_250_000);
    expect(parseTextValue('24:00:00', T.time)).toBe(86_400_000_000);
    expect(parseTextValue('24:00:01', T.time)).toBeUndefined();
    expect(parseTextValue('12:60:00', T.time)).toBeUndefined();
    expect(coerceJsonValue('01:00:00', T.time)).toBe(3_600_000_000);
    expect(coerceJsonValue(3600, T.time)).toBeUndefined();
  });
});

describe('coerceJsonValue', () => {
  it('accepts numbers as strings and rejects wrong types', () => {
    expect(coerceJsonValue('42', T.bigint)).toBe(42n);
    expect(coerceJsonValue(42, T.varchar)).toBe('42');
    expect(coerceJsonValue(true, T.int)).toBeUndefined();
    expect(coerceJsonValue(1.5, T.int)).toBeUndefined();
    expect(coerceJsonValue(2 ** 60, T.bigint)).toBeUndefined(); // digits lost, no raw text given
    expect(coerceJsonValue(2 ** 60, T.bigint, () => '1152921504606846977')).toBe(1152921504606846977n);
    expect(coerceJsonValue(1_000, T.timestamp)).toBe(1_000_000);
    expect(coerceJsonValue({ a: [1] }, T.jsonb)).toBe('{"a":[1]}');
    expect(coerceJsonValue(['1', 2], listOf(T.bigint))).toEqual([1n, 2n]);
  });
});
