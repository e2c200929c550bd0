import { describe, expect, it } from 'vitest';
import type * as arrow from 'apache-arrow';
import { EngineError, Sluice } from '@sluice/engine';

async function withEngine(body: (engine: Sluice) => Promise<void>): Promise<void> {
  const engine = await Sluice.open({ batchIntervalMs: 10 });
  try {
    await body(engine);
  } finally {
    await engine.close();
  }
}

describe('user-defined scalar functions', () => {
  it('are callable wherever built-ins are, and follow changes', () => withEngine(async (engine) => {
    engine.registerFunction('double_it', (x: number) => x * 2, { args: ['DOUBLE'], returns: 'DOUBLE' });
    await engine.sql('CREATE TABLE t (k VARCHAR PRIMARY KEY, v BIGINT)');
    await engine.sql('CREATE MATERIALIZED VIEW d AS SELECT k, double_it(v) AS d FROM t WHERE double_it(v) > 2');
    await engine.insert('t', [{ k: 'a', v: 1 }, { k: 'b', v: 5 }]);
    await engine.flush();
    expect(await engine.query('SELECT * FROM d ORDER BY k')).toEqual([{ k: 'b', d: 10 }]);
    await engine.insert('t', [{ k: 'a', v: 3 }]); // upsert: a now passes the filter
    await engine.flush();
    expect(await engine.query('SELECT * FROM d ORDER BY k')).toEqual([{ k: 'a', d: 6 }, { k: 'b', d: 10 }]);
    expect(await engine.query('SELECT sum(double_it(v)) AS s FROM t')).toEqual([{ s: 16 }]);
    expect(await engine.query('SELECT DOUBLE_IT(21) AS x')).toEqual([{ x: 42 }]);
  }));

  it('count_char (Nexmark q14) over text, NULL in gives NULL out', () => withEngine(async (engine) => {
    engine.registerFunction('count_char', (s: string, c: string) => [...s].filter((x) => x === c).length, { args: ['VARCHAR', 'VARCHAR'], returns: 'BIGINT' });
    expect(await engine.query("SELECT count_char('banana', 'a') AS n, count_char(NULL, 'a') AS m")).toEqual([{ n: 3, m: null }]);
  }));

  it('has a vectorized variant over Arrow vectors', () => withEngine(async (engine) => {
    engine.registerFunction('plus_one', (v: arrow.Vector) => Float64Array.from(v.toArray() as ArrayLike<number>, (x) => x + 1),
      { args: ['DOUBLE'], returns: 'DOUBLE', vectorized: true });
    await engine.sql('CREATE TABLE t (v DOUBLE)');
    await engine.insert('t', [{ v: 1 }, { v: 2.5 }, { v: null }]);
    expect(await engine.query('SELECT plus_one(v) AS p FROM t ORDER BY p')).toEqual([{ p: 2 }, { p: 3.5 }, { p: null }]);
  }));

  it('a throwing function fails the statement with udf-failed naming it', () => withEngine(async (engine) => {
    engine.registerFunction('boom', (x: number) => {
      if (x > 1) throw new Error('too big');
      return x;
    }, { args: ['INT'], returns: 'INT' });
    const error = await engine.query('SELECT boom(v) AS b FROM (VALUES (1), (2)) AS t(v)').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(EngineError);
    expect((error as EngineError).code).toBe('udf-failed');
    expect((error as EngineError).message).toContain('boom');
    expect((error as EngineError).message).toContain('too big');
  }));

  it('a throwing function fails a view pipeline, reported by FLUSH', () => withEngine(async (engine) => {
    engine.registerFunction('picky', (x: number) => {
      if (x < 0) throw new Error('negative input');
      return Math.sqrt(x);
    }, { args: ['DOUBLE'], returns: 'DOUBLE' });
    await engine.sql('CREATE TABLE t (v DOUBLE)');
    await engine.sql('CREATE MATERIALIZED VIEW r AS SELECT picky(v) AS r FROM t');
    await engine.insert('t', [{ v: -1 }]);
    await expect(engine.flush()).rejects.toMatchObject({ code: 'udf-failed' });
  }));

  it("onError: 'null' gives NULL for the failing row", () => withEngine(async (engine) => {
    engine.registerFunction('lenient', (x: number) => {
      if (x === 2) throw new Error('no twos');
      return x;
    }, { args: ['INT'], returns: 'INT', onError: 'null' });
    expect(await engine.query('SELECT lenient(v) AS l FROM (VALUES (1), (2)) AS t(v) ORDER BY l')).toEqual([{ l: 1 }, { l: null }]);
  }));

  it('a wrong result type is udf-wrong-type, not a corrupt column', () => withEngine(async (engine) => {
    engine.registerFunction('liar', () => 'not a number', { args: ['INT'], returns: 'DOUBLE' });
    const error = await engine.query('SELECT liar(1) AS x').catch((e: unknown) => e);
    expect((error as EngineError).code).toBe('udf-wrong-type');
    expect((error as EngineError).message).toContain('liar');
    engine.registerFunction('fraction', () => 1.5, { args: [], returns: 'BIGINT' });
    await expect(engine.query('SELECT fraction() AS x')).rejects.toMatchObject({ code: 'udf-wrong-type' });
  }));

  it('resolves names: unknown, built-in clash, argument count and types', () => withEngine(async (engine) => {
    await expect(engine.query('SELECT nope(1) AS x')).rejects.toMatchObject({ code: 'function-not-found' });
    expect(() => engine.registerFunction('upper', (s: string) => s, { args: ['VARCHAR'], returns: 'VARCHAR' }))
      .toThrow(expect.objectContaining({ code: 'function-already-exists' }));
    expect(() => engine.registerFunction('f', (s: string) => s, { args: ['WHATEVER'], returns: 'VARCHAR' }))
      .toThrow(expect.objectContaining({ code: 'invalid-function' }));
    engine.registerFunction('twice', (s: string) => s + s, { args: ['VARCHAR'], returns: 'VARCHAR' });
    await expect(engine.query('SELECT twice(1, 2) AS x')).rejects.toMatchObject({ code: 'wrong-argument-count' });
    expect(await engine.query("SELECT twice('ab') AS x")).toEqual([{ x: 'abab' }]);
    // functions belong to one engine
    const other = await Sluice.open();
    try {
      await expect(other.query("SELECT twice('ab') AS x")).rejects.toMatchObject({ code: 'function-not-found' });
    } finally {
      await other.close();
    }
  }));
});

describe('user-defined aggregates', () => {
  const geometricMean = {
    args: ['DOUBLE'], returns: 'DOUBLE',
    init: () => ({ logSum: 0, n: 0 }),
    add: (s: { logSum: number; n: number }, x: number) => ({ logSum: s.logSum + Math.log(x), n: s.n + 1 }),
    retract: (s: { logSum: number; n: number }, x: number) => ({ logSum: s.logSum - Math.log(x), n: s.n - 1 }),
    merge: (a: { logSum: number; n: number }, b: { logSum: number; n: number }) => ({ logSum: a.logSum + b.logSum, n: a.n + b.n }),
    result: (s: { logSum: number; n: number }) => (s.n === 0 ? null : Math.exp(s.logSum / s.n)),
  };

  it('aggregate per group, with retractions through a primary key', () => withEngine(async (engine) => {
    engine.registerAggregate('geo_mean', geometricMean);
    await engine.sql('CREATE TABLE t (id INT PRIMARY KEY, g VARCHAR, x DOUBLE)');
    await engine.sql('CREATE MATERIALIZED VIEW m AS SELECT g, geo_mean(x) AS gm, count(*) AS n FROM t GROUP BY g');
    await engine.insert('t', [{ id: 1, g: 'a', x: 2 }, { id: 2, g: 'a', x: 8 }, { id: 3, g: 'b', x: 5 }]);
    await engine.flush();
    const round = (rows: { g: string; gm: number; n: number }[]) => rows.map((r) => ({ ...r, gm: Math.round(r.gm * 1e9) / 1e9 }));
    expect(round(await engine.query('SELECT * FROM m ORDER BY g'))).toEqual([{ g: 'a', gm: 4, n: 2 }, { g: 'b', gm: 5, n: 1 }]);
    await engine.insert('t', [{ id: 2, g: 'a', x: 32 }]); // upsert retracts 8
    await engine.flush();
    expect(round(await engine.query('SELECT * FROM m ORDER BY g'))).toEqual([{ g: 'a', gm: 8, n: 2 }, { g: 'b', gm: 5, n: 1 }]);
    await engine.sql('DELETE FROM t WHERE id = 3');
    await engine.flush();
    expect(round(await engine.query('SELECT * FROM m ORDER BY g'))).toEqual([{ g: 'a', gm: 8, n: 2 }]);
  }));

  it('without retract, a deletion is udf-not-retractable', () => withEngine(async (engine) => {
    engine.registerAggregate('total', { args: ['BIGINT'], returns: 'BIGINT', init: () => 0, add: (s: number, x: number) => s + x, result: (s: number) => s });
    await engine.sql('CREATE TABLE t (id INT PRIMARY KEY, x BIGINT)');
    await engine.sql('CREATE MATERIALIZED VIEW m AS SELECT total(x) AS s FROM t');
    await engine.insert('t', [{ id: 1, x: 5 }, { id: 2, x: 7 }]);
    await engine.flush();
    expect(await engine.query('SELECT * FROM m')).toEqual([{ s: 12 }]);
    await engine.insert('t', [{ id: 1, x: 6 }]);
    await expect(engine.flush()).rejects.toMatchObject({ code: 'udf-not-retractable' });
  }));
});

describe('user-defined table functions', () => {
  it('one row in, many out: in select lists and in FROM', () => withEngine(async (engine) => {
    engine.registerTableFunction('words', (s: string) => s.split(/\s+/).filter(Boolean), { args: ['VARCHAR'], returns: 'VARCHAR' });
    await engine.sql('CREATE TABLE lines (id INT, line VARCHAR)');
    await engine.sql('CREATE MATERIALIZED VIEW wc AS SELECT w AS word, count(*) AS n FROM (SELECT words(line) AS w FROM lines) AS x GROUP BY w');
    await engine.insert('lines', [{ id: 1, line: 'a b a' }, { id: 2, line: 'b c' }, { id: 3, line: null }]);
    await engine.flush();
    expect(await engine.query('SELECT * FROM wc ORDER BY word')).toEqual([{ word: 'a', n: 2 }, { word: 'b', n: 2 }, { word: 'c', n: 1 }]);
    expect(await engine.query("SELECT * FROM words('x y') AS w ORDER BY 1")).toEqual([{ w: 'x' }, { w: 'y' }]);
  }));
});
