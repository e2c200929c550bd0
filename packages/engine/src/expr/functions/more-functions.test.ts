import { describe, expect, it } from 'vitest';
import { call, field, inputRef, listOf, literal, schemaOf, T, type BoundExpr, type DataType, type SqlValue } from '@sluice/sql';
import { readValue } from '../../arrow/column-reader.js';
import { deltaFromRows } from '../../delta.js';
import { compileExpr } from '../compile-expr.js';
import { newEvalContext } from '../eval-context.js';
import { compileSetFunction } from '../set-functions.js';

const schema = schemaOf([field('s', T.varchar), field('ts', T.timestamp), field('d', T.double), field('arr', listOf(T.int))]);
const tsOf = (iso: string): number => Date.parse(`${iso}Z`) * 1000;
const rows: SqlValue[][] = [
  ['hello wOrld', tsOf('2015-07-15T09:05:03.250'), 8, [1, null, 3]],
  ['', tsOf('1999-12-31T23:59:59'), -27, []],
  [null, null, null, null],
];
const delta = deltaFromRows(schema, rows);
const col = (name: string): BoundExpr => {
  const k = schema.fields.findIndex((f) => f.name === name);
  return inputRef(k, schema.fields[k]!.type);
};
const fn = (name: string, type: DataType, ...args: BoundExpr[]): BoundExpr => call(name, args, type);
const str = (s: string): BoundExpr => literal(s, T.varchar);
const int = (n: number): BoundExpr => literal(n, T.int);

function evalExpr(e: BoundExpr, ctx = newEvalContext(0)): SqlValue[] {
  const data = compileExpr(e, schema).evaluate(delta, ctx);
  return Array.from({ length: delta.length }, (_, i) => readValue(data, e.type, i));
}

describe('to_char', () => {
  it('formats the common PostgreSQL patterns', () => {
    expect(evalExpr(fn('to_char', T.varchar, col('ts'), str('YYYY-MM-DD HH24:MI:SS.MS')))).toEqual(['2015-07-15 09:05:03.250', '1999-12-31 23:59:59.000', null]);
    expect(evalExpr(fn('to_char', T.varchar, col('ts'), str('yyyy-mm-dd hh24:mi')))).toEqual(['2015-07-15 09:05', '1999-12-31 23:59', null]);
    expect(evalExpr(fn('to_char', T.varchar, col('ts'), str('Dy, DD Mon YYYY HH12 AM')))).toEqual(['Wed, 15 Jul 2015 09 AM', 'Fri, 31 Dec 1999 11 PM', null]);
    expect(evalExpr(fn('to_char', T.varchar, col('ts'), str('Day|FMMonth|MONTH|Q')))).toEqual(['Wednesday|July|JULY     |3', 'Friday   |December|DECEMBER |4', null]);
    expect(evalExpr(fn('to_char', T.varchar, col('ts'), str('"Year" YYYY, FMDD\\D')))).toEqual(['Year 2015, 15D', 'Year 1999, 31D', null]);
  });

  it('formats a format given per row and DATE values', () => {
    const dateSchema = schemaOf([field('day', T.date), field('f', T.varchar)]);
    const d = deltaFromRows(dateSchema, [[16631, 'DD/MM/YYYY'], [0, 'YYYY DDD']]);
    const e = fn('to_char', T.varchar, inputRef(0, T.date), inputRef(1, T.varchar));
    const data = compileExpr(e, dateSchema).evaluate(d, newEvalContext(0));
    expect([0, 1].map((i) => readValue(data, T.varchar, i))).toEqual(['15/07/2015', '1970 001']);
  });
});

describe('string functions', () => {
  it('pads, cuts, repeats and reverses by characters', () => {
    expect(evalExpr(fn('left', T.varchar, col('s'), int(3)))).toEqual(['hel', '', null]);
    expect(evalExpr(fn('right', T.varchar, col('s'), int(-6)))).toEqual(['wOrld', '', null]);
    expect(evalExpr(fn('lpad', T.varchar, col('s'), int(13), str('*-')))).toEqual(['*-hello wOrld', '*-*-*-*-*-*-*', null]);
    expect(evalExpr(fn('rpad', T.varchar, col('s'), int(4)))).toEqual(['hell', '    ', null]);
    expect(evalExpr(fn('repeat', T.varchar, str('ab'), int(3)))).toEqual(['ababab', 'ababab', 'ababab']);
    expect(evalExpr(fn('reverse', T.varchar, str('añ😀')))).toEqual(['😀ña', '😀ña', '😀ña']);
    expect(evalExpr(fn('initcap', T.varchar, col('s')))).toEqual(['Hello World', '', null]);
    expect(evalExpr(fn('strpos', T.int, col('s'), str('wO')))).toEqual([7, 0, null]);
    expect(evalExpr(fn('octet_length', T.int, str('añ')))).toEqual([3, 3, 3]);
  });

  it('joins with concat_ws, skipping NULLs', () => {
    expect(evalExpr(fn('concat_ws', T.varchar, str('-'), col('s'), str('x'), col('s')))).toEqual(['hello wOrld-x-hello wOrld', '-x-', 'x']);
    expect(evalExpr(fn('concat_ws', T.varchar, literal(null, T.varchar), str('x')))).toEqual([null, null, null]);
  });

  it('hashes and encodes', () => {
    expect(evalExpr(fn('md5', T.varchar, str('abc')))[0]).toBe('900150983cd24fb0d6963f7d28e17f72');
    const hex = fn('encode', T.varchar, fn('decode', T.bytea, str('hi'), str('escape')), str('hex'));
    expect(evalExpr(hex)[0]).toBe('6869');
    expect(evalExpr(fn('encode', T.varchar, literal(new Uint8Array([104, 105]), T.bytea), str('base64')))[0]).toBe('aGk=');
  });

  it('matches and counts regular expressions', () => {
    const match = fn('regexp_match', listOf(T.varchar), col('s'), str('(l+)o (w)?'));
    expect(evalExpr(match)).toEqual([['ll', 'w'], null, null]);
    expect(evalExpr(fn('regexp_match', listOf(T.varchar), col('s'), str('O'), str('i')))).toEqual([['o'], null, null]);
    expect(evalExpr(fn('regexp_count', T.int, col('s'), str('o'), int(1), str('i')))).toEqual([2, 0, null]);
    expect(evalExpr(fn('regexp_count', T.int, col('s'), str('l')))).toEqual([3, 0, null]);
  });

  it('yields every match from regexp_matches with the g flag', () => {
    const set = compileSetFunction('regexp_matches', [col('s'), str('[lo]+'), str('g')], schema, listOf(T.varchar));
    const runs = set.evaluate(delta, newEvalContext(0));
    expect(Array.from(runs.lengths)).toEqual([2, 0, 0]);
    const values = Array.from({ length: 2 }, (_, i) => readValue(runs.child, listOf(T.varchar), i));
    expect(values).toEqual([['llo'], ['l']]);
  });
});

describe('math and array functions', () => {
  it('computes cbrt, log, trunc, sign and pi', () => {
    expect(evalExpr(fn('cbrt', T.double, col('d')))).toEqual([2, -3, null]);
    expect(evalExpr(fn('log', T.double, literal(1000, T.double)))[0]).toBeCloseTo(3);
    expect(evalExpr(fn('log', T.double, literal(2, T.double), col('d')))[0]).toBeCloseTo(3);
    const ctx = newEvalContext(0);
    expect(evalExpr(fn('log', T.double, col('d')), ctx)[1]).toBeNull();
    expect(ctx.problems.count).toBe(1);
    expect(evalExpr(fn('trunc', T.double, literal(-2.789, T.double), int(2)))[0]).toBe(-2.78);
    expect(evalExpr(fn('trunc', T.double, literal(-2.789, T.double)))[0]).toBe(-2);
    expect(evalExpr(fn('sign', T.double, col('d')))).toEqual([1, -1, null]);
    expect(evalExpr(fn('pi', T.double))[0]).toBe(Math.PI);
  });

  it('measures and joins arrays', () => {
    expect(evalExpr(fn('cardinality', T.int, col('arr')))).toEqual([3, 0, null]);
    expect(evalExpr(fn('array_length', T.int, col('arr'), int(1)))).toEqual([3, null, null]);
    expect(evalExpr(fn('array_to_string', T.varchar, col('arr'), str(',')))).toEqual(['1,3', '', null]);
    expect(evalExpr(fn('array_to_string', T.varchar, col('arr'), str(','), str('*')))).toEqual(['1,*,3', '', null]);
  });

  it('makes dates', () => {
    expect(evalExpr(fn('make_date', T.date, int(2015), int(7), int(15)))[0]).toBe(16631);
    expect(() => evalExpr(fn('make_date', T.date, int(2015), int(2), int(30)))).toThrow(/out of range/);
  });
});
