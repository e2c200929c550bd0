import { describe, expect, test } from 'vitest';
import type { Expr } from '../ast/expr.js';
import type { FromItem, Query, Select } from '../ast/query.js';
import { SqlError } from '../errors.js';
import { T } from '../types/data-type.js';
import { parse } from './parse.js';

/** The value without positions, for comparing shapes. */
function bare(value: unknown): unknown {
  return JSON.parse(JSON.stringify(value, (key, v: unknown) => (key === 'pos' ? undefined : v)));
}

function query(sql: string): Query {
  const [statement] = parse(sql);
  if (statement?.kind !== 'Query') throw new Error(`not a query: ${sql}`);
  return statement.query;
}

function select(sql: string): Select {
  const body = query(sql).body;
  if (body.kind !== 'Select') throw new Error(`not a SELECT: ${sql}`);
  return body;
}

/** The expression of `SELECT <expr>`, without positions. */
function expr(text: string): unknown {
  return bare(select(`SELECT ${text}`).projection[0]!.expr);
}

function from(sql: string): unknown {
  return bare(select(sql).from);
}

const col = (name: string, table?: string): Expr =>
  table === undefined ? { kind: 'ColumnRef', name } : { kind: 'ColumnRef', table, name };
const num = (text: string): Expr => ({ kind: 'Literal', value: { type: 'number', text } });
const str = (value: string): Expr => ({ kind: 'Literal', value: { type: 'string', value } });
const call = (name: string, ...args: Expr[]): Expr => ({ kind: 'FunctionCall', name, args, distinct: false });
const table = (name: string, alias?: string): FromItem =>
  alias === undefined ? { kind: 'TableRef', name } : { kind: 'TableRef', name, alias };

describe('word count', () => {
  test('unnest(string_to_array(...)) in a subquery', () => {
    const s = select(
      `SELECT word, count(*) FROM (SELECT unnest(string_to_array(line, ' ')) AS word FROM lines) t GROUP BY word`,
    );
    expect(bare(s.projection)).toEqual([{ expr: col('word') }, { expr: call('count', { kind: 'Star' }) }]);
    expect(bare(s.groupBy)).toEqual([col('word')]);
    const sub = s.from[0]!;
    expect(sub.kind).toBe('SubqueryRef');
    if (sub.kind !== 'SubqueryRef') return;
    expect(sub.alias).toBe('t');
    expect(bare(sub.query.body)).toEqual({
      kind: 'Select',
      projection: [{ expr: call('unnest', call('string_to_array', col('line'), str(' '))), alias: 'word' }],
      from: [table('lines')],
      groupBy: [],
    });
  });

  test('regexp_split_to_table with a backslash pattern', () => {
    const s = select(
      `SELECT word, count(*) FROM (SELECT regexp_split_to_table(line, '\\s+') AS word FROM lines) t GROUP BY word`,
    );
    const sub = s.from[0]!;
    if (sub.kind !== 'SubqueryRef' || sub.query.body.kind !== 'Select') throw new Error('shape');
    expect(bare(sub.query.body.projection[0])).toEqual({
      expr: call('regexp_split_to_table', col('line'), str('\\s+')),
      alias: 'word',
    });
  });
});

describe('windowing table functions', () => {
  const tumble = {
    kind: 'WindowTableFunction', fn: 'TUMBLE', input: table('bids'), timeColumn: 'date_time',
    args: [{ kind: 'Interval', text: '10', unit: 'SECOND' }],
  };

  test('TUMBLE, RisingWave spelling', () => {
    expect(from(`SELECT * FROM TUMBLE(bids, date_time, INTERVAL '10' SECOND)`)).toEqual([tumble]);
  });

  test('TUMBLE, Flink spelling with a plural unit', () => {
    expect(from(`SELECT * FROM TABLE(TUMBLE(TABLE bids, DESCRIPTOR(date_time), INTERVAL '10' SECONDS))`)).toEqual([tumble]);
  });

  test('Flink named arguments', () => {
    expect(
      from(`SELECT * FROM TABLE(TUMBLE(DATA => TABLE bids, TIMECOL => DESCRIPTOR(date_time), SIZE => INTERVAL '10' SECONDS))`),
    ).toEqual([tumble]);
  });

  test('HOP in both spellings, with an alias', () => {
    const hop = {
      kind: 'WindowTableFunction', fn: 'HOP', input: table('bids'), timeColumn: 'date_time',
      args: [{ kind: 'Interval', text: '2', unit: 'SECOND' }, { kind: 'Interval', text: '10', unit: 'SECOND' }],
      alias: 'w',
    };
    expect(from(`SELECT * FROM HOP(bids, date_time, INTERVAL '2' SECOND, INTERVAL '10' SECOND) AS w`)).toEqual([hop]);
    expect(
      from(`SELECT * FROM TABLE(HOP(TABLE bids, DESCRIPTOR(date_time), INTERVAL '2' SECONDS, INTERVAL '10' SECONDS)) w`),
    ).toEqual([hop]);
  });

  test('SESSION with Flink PARTITION BY, and a subquery input', () => {
    expect(from(`SELECT * FROM TABLE(SESSION(TABLE bids PARTITION BY bidder, DESCRIPTOR(date_time), INTERVAL '5' MINUTES))`))
      .toEqual([{
        kind: 'WindowTableFunction', fn: 'SESSION', input: table('bids'), timeColumn: 'date_time',
        args: [{ kind: 'Interval', text: '5', unit: 'MINUTE' }], partitionBy: ['bidder'],
      }]);
    const [w] = select(`SELECT * FROM TUMBLE((SELECT * FROM bids), date_time, INTERVAL '1 minute')`).from;
    expect(w?.kind === 'WindowTableFunction' && w.input.kind).toBe('SubqueryRef');
  });

  test('the wrong number of window arguments is an error', () => {
    expect(() => parse(`SELECT * FROM TUMBLE(bids, date_time)`)).toThrow(/TUMBLE takes 1 or 2 argument/);
  });

  test('table positions point at the table name', () => {
    const [w] = select(`SELECT *\nFROM TUMBLE(\n  bids, date_time, INTERVAL '1' SECOND)`).from;
    if (w?.kind !== 'WindowTableFunction') throw new Error('shape');
    expect(w.pos).toEqual({ line: 2, column: 6, offset: 14 });
    expect(w.input.pos).toEqual({ line: 3, column: 3, offset: 24 });
  });
});

describe('expressions', () => {
  test('precedence: arithmetic, comparison, boolean', () => {
    expect(expr('a + b * 2 > 3 AND NOT c OR d')).toEqual({
      kind: 'Binary', op: 'OR',
      left: {
        kind: 'Binary', op: 'AND',
        left: {
          kind: 'Binary', op: '>',
          left: { kind: 'Binary', op: '+', left: col('a'), right: { kind: 'Binary', op: '*', left: col('b'), right: num('2') } },
          right: num('3'),
        },
        right: { kind: 'Unary', op: 'NOT', operand: col('c') },
      },
      right: col('d'),
    });
  });

  test('numbers keep their text, negative numbers fold', () => {
    expect(expr('3000000000')).toEqual(num('3000000000'));
    expect(expr('-1.50')).toEqual(num('-1.50'));
    expect(expr('-a')).toEqual({ kind: 'Unary', op: '-', operand: col('a') });
  });

  test('strings, E-strings, booleans, NULL', () => {
    expect(expr(`'it''s'`)).toEqual(str("it's"));
    expect(expr(`E'a\\tb'`)).toEqual(str('a\tb'));
    expect(expr('TRUE')).toEqual({ kind: 'Literal', value: { type: 'boolean', value: true } });
    expect(expr('null')).toEqual({ kind: 'Literal', value: { type: 'null' } });
  });

  test('identifiers fold to lower case unless quoted', () => {
    expect(expr('T.Price')).toEqual(col('price', 't'));
    expect(expr('"T"."Price"')).toEqual(col('Price', 'T'));
    expect(expr('s.t.c')).toEqual(col('c', 't'));
  });

  test('|| LIKE ILIKE and their negations', () => {
    expect(expr(`a || 'x' LIKE 'y%'`)).toEqual({
      kind: 'Binary', op: 'LIKE', left: { kind: 'Binary', op: '||', left: col('a'), right: str('x') }, right: str('y%'),
    });
    expect(expr(`a NOT ILIKE 'x'`)).toEqual({ kind: 'Binary', op: 'NOT ILIKE', left: col('a'), right: str('x') });
  });

  test('IS [NOT] NULL / TRUE / FALSE / DISTINCT FROM', () => {
    expect(expr('a IS NULL')).toEqual({ kind: 'IsNull', operand: col('a'), negated: false });
    expect(expr('a IS NOT NULL')).toEqual({ kind: 'IsNull', operand: col('a'), negated: true });
    expect(expr('a IS NOT TRUE')).toEqual({ kind: 'IsBool', operand: col('a'), value: true, negated: true });
    expect(expr('a IS FALSE')).toEqual({ kind: 'IsBool', operand: col('a'), value: false, negated: false });
    expect(expr('a IS NOT DISTINCT FROM b')).toEqual({ kind: 'Binary', op: 'IS NOT DISTINCT FROM', left: col('a'), right: col('b') });
  });

  test('BETWEEN, IN lists and subqueries, EXISTS, scalar subqueries', () => {
    expect(expr('a NOT BETWEEN 1 AND 2 + 3')).toEqual({
      kind: 'Between', operand: col('a'), low: num('1'),
      high: { kind: 'Binary', op: '+', left: num('2'), right: num('3') }, negated: true,
    });
    expect(expr('a IN (1, 2)')).toEqual({ kind: 'InList', operand: col('a'), list: [num('1'), num('2')], negated: false });
    const inSub = expr('a NOT IN (SELECT b FROM u)') as { kind: string; negated: boolean };
    expect([inSub.kind, inSub.negated]).toEqual(['InSubquery', true]);
    const exists = expr('NOT EXISTS (SELECT 1 FROM u WHERE u.a = t.a)') as { kind: string; negated: boolean };
    expect([exists.kind, exists.negated]).toEqual(['Exists', true]);
    expect((expr('(SELECT max(b) FROM u)') as { kind: string }).kind).toBe('ScalarSubquery');
  });

  test('CASE, simple and searched', () => {
    expect(expr(`CASE WHEN a > 1 THEN 'big' ELSE 'small' END`)).toEqual({
      kind: 'Case',
      whens: [{ when: { kind: 'Binary', op: '>', left: col('a'), right: num('1') }, then: str('big') }],
      else: str('small'),
    });
    expect(expr(`CASE a WHEN 1 THEN 'one' WHEN 2 THEN 'two' END`)).toEqual({
      kind: 'Case', operand: col('a'),
      whens: [{ when: num('1'), then: str('one') }, { when: num('2'), then: str('two') }],
    });
  });

  test('CAST and :: on columns and complex expressions', () => {
    expect(expr('CAST(a AS BIGINT)')).toEqual({ kind: 'Cast', operand: col('a'), type: T.bigint });
    expect(expr('a::varchar')).toEqual({ kind: 'Cast', operand: col('a'), type: T.varchar });
    expect(expr('(a + 1)::double precision')).toEqual({
      kind: 'Cast', operand: { kind: 'Binary', op: '+', left: col('a'), right: num('1') }, type: T.double,
    });
    expect(expr('-a::int')).toEqual({ kind: 'Unary', op: '-', operand: { kind: 'Cast', operand: col('a'), type: T.int } });
  });

  test('typed literals and intervals in all spellings', () => {
    expect(expr(`TIMESTAMP '2024-01-01 00:00:00'`)).toEqual({
      kind: 'Literal', value: { type: 'typed', dataType: T.timestamp, text: '2024-01-01 00:00:00' },
    });
    expect(expr(`DATE '2024-01-01'`)).toEqual({ kind: 'Literal', value: { type: 'typed', dataType: T.date, text: '2024-01-01' } });
    expect(expr(`TIMESTAMP WITH TIME ZONE '2024-01-01 00:00:00Z'`)).toMatchObject({ value: { dataType: T.timestamptz } });
    expect(expr(`INTERVAL '10' SECOND`)).toEqual({ kind: 'Interval', text: '10', unit: 'SECOND' });
    expect(expr(`INTERVAL '10' seconds`)).toEqual({ kind: 'Interval', text: '10', unit: 'SECOND' });
    expect(expr(`INTERVAL '1 hour'`)).toEqual({ kind: 'Interval', text: '1 hour' });
    expect(expr(`INTERVAL '5 seconds'`)).toEqual({ kind: 'Interval', text: '5 seconds' });
  });

  test('aggregates: count(*), count(DISTINCT), FILTER, ORDER BY inside', () => {
    expect(expr('count(DISTINCT bidder)')).toEqual({ ...call('count', col('bidder')), distinct: true });
    expect(expr('sum(price) FILTER (WHERE price > 10)')).toEqual({
      ...call('sum', col('price')), filter: { kind: 'Binary', op: '>', left: col('price'), right: num('10') },
    });
    expect(expr(`string_agg(name, ',' ORDER BY name DESC)`)).toEqual({
      ...call('string_agg', col('name'), str(',')), orderBy: [{ expr: col('name'), direction: 'DESC' }],
    });
  });

  test('window functions with OVER', () => {
    expect(expr('row_number() OVER (PARTITION BY a ORDER BY b DESC NULLS LAST)')).toEqual({
      ...call('row_number'),
      over: { partitionBy: [col('a')], orderBy: [{ expr: col('b'), direction: 'DESC', nulls: 'LAST' }] },
    });
    expect(expr('sum(x) OVER (ORDER BY t ROWS BETWEEN 1 PRECEDING AND CURRENT ROW)')).toMatchObject({
      over: { partitionBy: [], frame: 'ROWS BETWEEN 1 PRECEDING AND CURRENT ROW' },
    });
  });

  test('ARRAY, EXTRACT, SUBSTRING, niladic functions', () => {
    expect(expr('ARRAY[1, 2]')).toEqual({ kind: 'Array', elements: [num('1'), num('2')] });
    expect(expr('EXTRACT(HOUR FROM ts)')).toEqual(call('extract', str('hour'), col('ts')));
    expect(expr('substring(s FROM 2 FOR 3)')).toEqual(call('substring', col('s'), num('2'), num('3')));
    expect(expr('CURRENT_TIMESTAMP')).toEqual(call('current_timestamp'));
    expect(expr('left(s, 2)')).toEqual(call('left', col('s'), num('2')));
  });
});

describe('SELECT clauses', () => {
  test('aliases, *, t.*', () => {
    expect(bare(select('SELECT *, t.*, a AS x, b y, c "Z" FROM t').projection)).toEqual([
      { expr: { kind: 'Star' } },
      { expr: { kind: 'Star', table: 't' } },
      { expr: col('a'), alias: 'x' },
      { expr: col('b'), alias: 'y' },
      { expr: col('c'), alias: 'Z' },
    ]);
  });

  test('WHERE, GROUP BY, HAVING, ORDER BY, LIMIT, OFFSET', () => {
    const q = query('SELECT a, count(*) FROM t WHERE b > 1 GROUP BY a HAVING count(*) > 2 ORDER BY 2 DESC, a NULLS FIRST LIMIT 5 OFFSET 10');
    const s = q.body as Select;
    expect(bare(s.where)).toEqual({ kind: 'Binary', op: '>', left: col('b'), right: num('1') });
    expect(bare(s.groupBy)).toEqual([col('a')]);
    expect(bare(s.having)).toMatchObject({ op: '>' });
    expect(bare(q.orderBy)).toEqual([
      { expr: num('2'), direction: 'DESC' },
      { expr: col('a'), direction: 'ASC', nulls: 'FIRST' },
    ]);
    expect([bare(q.limit), bare(q.offset)]).toEqual([num('5'), num('10')]);
  });

  test('DISTINCT and DISTINCT ON', () => {
    expect(select('SELECT DISTINCT a FROM t').distinct).toEqual({ on: [] });
    expect(bare(select('SELECT DISTINCT ON (a, b) a, c FROM t').distinct)).toEqual({ on: [col('a'), col('b')] });
    expect(select('SELECT a FROM t').distinct).toBeUndefined();
  });

  test('joins: inner, outer, cross, natural, USING, comma', () => {
    expect(from('SELECT * FROM a JOIN b ON a.x = b.x LEFT OUTER JOIN c USING (y)')).toEqual([{
      kind: 'Join', joinType: 'LEFT', natural: false, using: ['y'], right: table('c'),
      left: {
        kind: 'Join', joinType: 'INNER', natural: false, left: table('a'), right: table('b'),
        on: { kind: 'Binary', op: '=', left: col('x', 'a'), right: col('x', 'b') },
      },
    }]);
    expect(from('SELECT * FROM a CROSS JOIN b')).toEqual([{ kind: 'Join', joinType: 'CROSS', natural: false, left: table('a'), right: table('b') }]);
    expect(from('SELECT * FROM a NATURAL FULL JOIN b')).toMatchObject([{ joinType: 'FULL', natural: true }]);
    expect(from('SELECT * FROM a x RIGHT JOIN b AS y ON true')).toMatchObject([{ joinType: 'RIGHT', left: table('a', 'x'), right: table('b', 'y') }]);
    expect(from('SELECT * FROM a, b c')).toEqual([table('a'), table('b', 'c')]);
  });

  test('subqueries in FROM with column aliases, set-returning functions', () => {
    expect(from('SELECT * FROM (VALUES (1, 2)) AS v(a, b)')).toMatchObject([{ kind: 'SubqueryRef', alias: 'v', columnAliases: ['a', 'b'] }]);
    expect(from(`SELECT x FROM unnest(ARRAY[1, 2]) AS t(x)`)).toEqual([{
      kind: 'TableFunctionRef', name: 'unnest', args: [{ kind: 'Array', elements: [num('1'), num('2')] }], alias: 't', columnAliases: ['x'],
    }]);
    expect(from('SELECT * FROM generate_series(1, 3)')).toEqual([{ kind: 'TableFunctionRef', name: 'generate_series', args: [num('1'), num('3')] }]);
  });

  test('set operations: INTERSECT binds tighter, ORDER BY applies to the whole', () => {
    const q = query('SELECT 1 UNION ALL SELECT 2 INTERSECT SELECT 3 EXCEPT SELECT 4 ORDER BY 1 LIMIT 2');
    expect(bare(q.body)).toMatchObject({
      kind: 'SetOperation', op: 'EXCEPT', all: false,
      left: { kind: 'SetOperation', op: 'UNION', all: true, right: { kind: 'SetOperation', op: 'INTERSECT' } },
    });
    expect(q.orderBy).toHaveLength(1);
  });

  test('WITH, with column lists', () => {
    const q = query('WITH a (x) AS (SELECT 1), b AS (SELECT * FROM a) SELECT * FROM b');
    expect(q.with.map((c) => [c.name, c.columns])).toEqual([['a', ['x']], ['b', undefined]]);
  });
});

describe('positions', () => {
  test('column references carry their line and column', () => {
    const s = select('SELECT auction,\n       prcie\nFROM bids\nWHERE t.x > 1');
    expect(s.projection[1]!.expr.pos).toEqual({ line: 2, column: 8, offset: 23 });
    expect(s.from[0]!.pos).toEqual({ line: 3, column: 6, offset: 34 });
    const where = s.where;
    if (where?.kind !== 'Binary') throw new Error('shape');
    expect(where.left.pos).toEqual({ line: 4, column: 7, offset: 45 });
    expect(where.right.pos).toEqual({ line: 4, column: 13, offset: 51 });
  });

  test('positions are relative to the whole text, not the statement', () => {
    const [, second] = parse('FLUSH;\nSELECT a,\n  b FROM t');
    if (second?.kind !== 'Query') throw new Error('shape');
    expect((second.query.body as Select).projection[1]!.expr.pos).toEqual({ line: 3, column: 3, offset: 19 });
  });

  test('a syntax error on line 3 of a multi-statement text', () => {
    const text = 'CREATE TABLE t (a INT);\nINSERT INTO t VALUES (1);\nSELECT a FROM t WHERE a > > 1;\nFLUSH;';
    let error: unknown;
    try {
      parse(text);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(SqlError);
    const sqlError = error as SqlError;
    expect(sqlError.code).toBe('syntax-error');
    expect(sqlError.message).toBe("syntax error at or near '>'");
    expect(sqlError.position).toEqual({ line: 3, column: 27, offset: 76 });
  });

  test('an unterminated string points at its start, an early end at the end', () => {
    expect(() => parse("SELECT 1;\nSELECT 'abc")).toThrow(
      expect.objectContaining({ message: 'unterminated string', position: { line: 2, column: 8, offset: 17 } }),
    );
    expect(() => parse('SELECT a FROM')).toThrow(
      expect.objectContaining({ message: 'syntax error at or near end of input: expected a table name', position: expect.objectContaining({ column: 14 }) }),
    );
  });

  test('EMIT may follow a top-level query, and nothing else', () => {
    const [stmt] = parse('SELECT * FROM t EMIT ON WINDOW CLOSE');
    expect(stmt?.kind === 'Query' && stmt.emitOnWindowClose).toBe(true);
    expect(() => parse('SELECT * FROM (SELECT * FROM t EMIT ON WINDOW CLOSE) AS s')).toThrow(/at or near 'EMIT'/);
  });
});
