import { describe, expect, it } from 'vitest';
import { call, field, inputRef, listOf, literal, schemaOf, T, type BoundExpr, type DataType, type SqlValue } from '@sluice/sql';
import { deltaFromRows } from '../delta.js';
import { readValue } from '../arrow/column-reader.js';
import { sliceDelta } from '../arrow/slice.js';
import { compileExpr, evaluatePredicate } from './compile-expr.js';
import { newEvalContext } from './eval-context.js';

const schema = schemaOf([
  field('b1', T.boolean), field('b2', T.boolean), field('i', T.int), field('big', T.bigint),
  field('s', T.varchar), field('ts', T.timestamp), field('d', T.double),
]);

const rows: SqlValue[][] = [
  [true, null, 7, 9007199254740993n, 'héllo wörld', Date.UTC(2024, 1, 29, 13, 45, 30, 250) * 1000, 1.5],
  [false, null, 0, -9007199254740993n, 'abc', 0, -2.5],
  [null, null, null, null, null, null, null],
  [true, true, -3, 5n, '😀x', -1, 0],
];
const delta = deltaFromRows(schema, rows);
const col = (name: string): BoundExpr => {
  const k = schema.fields.findIndex((f) => f.name === name);
  return inputRef(k, schema.fields[k]!.type);
};

function evalExpr(e: BoundExpr, ctx = newEvalContext(1_000_000)): SqlValue[] {
  const data = compileExpr(e, schema).evaluate(delta, ctx);
  expect(data.length).toBe(delta.length);
  return Array.from({ length: delta.length }, (_, i) => readValue(data, e.type, i));
}

const fn = (name: string, type: DataType, ...args: BoundExpr[]): BoundExpr => call(name, args, type);
const str = (s: string | null): BoundExpr => literal(s, T.varchar);

describe('compileExpr', () => {
  it('applies three-valued logic', () => {
    expect(evalExpr(fn('and', T.boolean, col('b1'), col('b2')))).toEqual([null, false, null, true]);
    expect(evalExpr(fn('or', T.boolean, col('b1'), col('b2')))).toEqual([true, null, null, true]);
    expect(evalExpr(fn('not', T.boolean, col('b1')))).toEqual([false, true, null, false]);
    expect(evalExpr(fn('is_not_true', T.boolean, col('b1')))).toEqual([false, true, true, false]);
    expect(evalExpr(fn('is_null', T.boolean, col('i')))).toEqual([false, false, true, false]);
  });

  it('propagates NULL and counts division by zero', () => {
    const ctx = newEvalContext();
    expect(evalExpr(fn('divide', T.int, literal(7, T.int), col('i')), ctx)).toEqual([1, null, null, -2]);
    expect(ctx.problems.count).toBe(1);
    expect(evalExpr(fn('modulo', T.int, literal(-7, T.int), literal(3, T.int)))).toEqual([-1, -1, -1, -1]);
  });

  it('keeps BIGINT exact beyond 2^53', () => {
    expect(evalExpr(fn('add', T.bigint, col('big'), literal(1n, T.bigint)))).toEqual([9007199254740994n, -9007199254740992n, null, 6n]);
    expect(evalExpr(fn('multiply', T.bigint, col('big'), literal(2n, T.bigint)))).toEqual([18014398509481986n, -18014398509481986n, null, 10n]);
    expect(evalExpr(fn('less_than', T.boolean, col('big'), literal(9007199254740992n, T.bigint)))).toEqual([false, true, null, true]);
    const ctx = newEvalContext();
    expect(evalExpr(fn('multiply', T.bigint, col('big'), literal(2n ** 62n, T.bigint)), ctx)).toEqual([null, null, null, null]);
    expect(ctx.problems.count).toBe(3);
  });

  it('handles non-ASCII strings', () => {
    expect(evalExpr(fn('length', T.int, col('s')))).toEqual([11, 3, null, 2]);
    expect(evalExpr(fn('upper', T.varchar, col('s')))).toEqual(['HÉLLO WÖRLD', 'ABC', null, '😀X']);
    expect(evalExpr(fn('substring', T.varchar, col('s'), literal(2, T.int), literal(3, T.int)))).toEqual(['éll', 'bc', null, 'x']);
    expect(evalExpr(fn('concat_op', T.varchar, col('s'), str('!')))).toEqual(['héllo wörld!', 'abc!', null, '😀x!']);
    expect(evalExpr(fn('concat', T.varchar, col('s'), str('-'), col('s')))).toEqual(['héllo wörld-héllo wörld', 'abc-abc', '-', '😀x-😀x']);
    expect(evalExpr(fn('equal', T.boolean, col('s'), str('abc')))).toEqual([false, true, null, false]);
    expect(evalExpr(fn('split_part', T.varchar, col('s'), str(' '), literal(2, T.int)))).toEqual(['wörld', '', null, '']);
    expect(evalExpr(fn('string_to_array', listOf(T.varchar), col('s'), str('l')))).toEqual([['hé', '', 'o wör', 'd'], ['abc'], null, ['😀x']]);
    expect(evalExpr(fn('regexp_replace', T.varchar, col('s'), str('[aeiou]'), str('_'), str('g')))).toEqual(['héll_ wörld', '_bc', null, '😀x']);
  });

  it('compiles LIKE and ILIKE patterns', () => {
    expect(evalExpr(fn('like', T.boolean, col('s'), str('h_llo%')))).toEqual([true, false, null, false]);
    expect(evalExpr(fn('ilike', T.boolean, col('s'), str('ABC')))).toEqual([false, true, null, false]);
    expect(evalExpr(fn('like', T.boolean, col('s'), str('_x')))).toEqual([false, false, null, true]);
    expect(evalExpr(fn('not_like', T.boolean, col('s'), str('%.%')))).toEqual([true, true, null, true]);
  });

  it('casts', () => {
    expect(evalExpr({ kind: 'Cast', operand: col('d'), type: T.int })).toEqual([2, -3, null, 0]);
    expect(evalExpr({ kind: 'Cast', operand: col('ts'), type: T.varchar })).toEqual(['2024-02-29 13:45:30.25', '1970-01-01 00:00:00', null, '1969-12-31 23:59:59.999999']);
    expect(evalExpr({ kind: 'Cast', operand: col('big'), type: T.varchar })).toEqual(['9007199254740993', '-9007199254740993', null, '5']);
    expect(evalExpr({ kind: 'Cast', operand: col('b1'), type: T.varchar })).toEqual(['true', 'false', null, 'true']);
    const ctx = newEvalContext();
    const cast = (s: string, type: DataType): SqlValue => evalExpr({ kind: 'Cast', operand: str(s), type }, ctx)[0]!;
    expect(cast(' 42 ', T.int)).toBe(42);
    expect(cast('9223372036854775807', T.bigint)).toBe(9223372036854775807n);
    expect(cast('2024-03-01 10:00:00', T.timestamp)).toBe(Date.UTC(2024, 2, 1, 10) * 1000);
    expect(cast('2024-03-01T10:00:00+02:00', T.timestamptz)).toBe(Date.UTC(2024, 2, 1, 8) * 1000);
    expect(cast('2024-02-30', T.date)).toBeNull();
    expect(cast('yes', T.boolean)).toBe(true);
    expect(cast('1 minute 30 seconds', T.interval)).toEqual({ months: 0, days: 0, micros: 90e6 });
    expect(cast('x1', T.int)).toBeNull();
    expect(ctx.problems.count).toBe(2 * delta.length); // the literal is evaluated once per row
    expect(evalExpr({ kind: 'Cast', operand: literal(3e9, T.double), type: T.int })[0]).toBeNull();
  });

  it('truncates and extracts timestamps in UTC', () => {
    const ts = col('ts');
    expect(evalExpr(fn('date_trunc', T.timestamp, str('hour'), ts))[0]).toBe(Date.UTC(2024, 1, 29, 13) * 1000);
    expect(evalExpr(fn('date_trunc', T.timestamp, str('month'), ts))[0]).toBe(Date.UTC(2024, 1, 1) * 1000);
    expect(evalExpr(fn('date_trunc', T.timestamp, str('week'), ts))[0]).toBe(Date.UTC(2024, 1, 26) * 1000);
    expect(evalExpr(fn('date_trunc', T.timestamp, str('day'), ts))[3]).toBe(-86_400_000_000);
    const ex = (f: string): SqlValue => evalExpr(fn('extract', T.double, str(f), ts))[0]!;
    expect([ex('year'), ex('month'), ex('day'), ex('hour'), ex('minute'), ex('second'), ex('dow'), ex('doy')]).toEqual([2024, 2, 29, 13, 45, 30.25, 4, 60]);
    expect(evalExpr(fn('add', T.timestamp, ts, literal({ months: 0, days: 0, micros: 1 }, T.interval)))[3]).toBe(0);
    expect(evalExpr(fn('now', T.timestamptz))[0]).toBe(1_000_000);
  });

  it('evaluates CASE without counting problems of branches not taken', () => {
    const ctx = newEvalContext();
    const e: BoundExpr = {
      kind: 'Case',
      whens: [{ when: fn('not_equal', T.boolean, col('i'), literal(0, T.int)), then: fn('divide', T.int, literal(14, T.int), col('i')) }],
      else: literal(-1, T.int),
      type: T.int,
    };
    expect(evalExpr(e, ctx)).toEqual([2, -1, -1, -4]);
    expect(ctx.problems.count).toBe(0);
  });

  it('implements coalesce, nullif, greatest, least and in_list', () => {
    expect(evalExpr(fn('coalesce', T.varchar, col('s'), str('none')))).toEqual(['héllo wörld', 'abc', 'none', '😀x']);
    expect(evalExpr(fn('nullif', T.int, col('i'), literal(0, T.int)))).toEqual([7, null, null, -3]);
    expect(evalExpr(fn('greatest', T.int, col('i'), literal(1, T.int)))).toEqual([7, 1, 1, 1]);
    expect(evalExpr(fn('least', T.int, col('i'), literal(null, T.int)))).toEqual([7, 0, null, -3]);
    expect(evalExpr(fn('in_list', T.boolean, col('i'), literal(7, T.int), literal(null, T.int)))).toEqual([true, null, null, null]);
    expect(evalExpr(fn('in_list', T.boolean, col('s'), str('abc'), str('x')))).toEqual([false, true, null, false]);
  });

  it('computes a predicate mask where NULL is false, also on sliced input', () => {
    const pred = compileExpr(fn('greater_than', T.boolean, col('i'), literal(-5, T.int)), schema);
    expect(Array.from(evaluatePredicate(pred, delta, newEvalContext()))).toEqual([1, 1, 0, 1]);
    const tail = sliceDelta(delta, 1, 4);
    expect(Array.from(evaluatePredicate(compileExpr(fn('equal', T.boolean, col('s'), str('😀x')), schema), tail, newEvalContext()))).toEqual([0, 0, 1]);
  });

  it('rounds half away from zero and guards math domains', () => {
    expect(evalExpr(fn('round', T.double, col('d')))).toEqual([2, -3, null, 0]);
    const ctx = newEvalContext();
    expect(evalExpr(fn('sqrt', T.double, col('d')), ctx)).toEqual([Math.sqrt(1.5), null, null, 0]);
    expect(ctx.problems.count).toBe(1);
  });
});
