// A user function that throws over a source's rows: the row follows the source's on_error
// ('skip', 'fail', 'dead_letter'), through the public API only.
import { describe, expect, it } from 'vitest';
import type * as arrow from 'apache-arrow';
import { EngineError, Sluice } from '@sluice/engine';

interface Run {
  engine: Sluice;
  notices: string[];
}

async function withEngine(body: (run: Run) => Promise<void>): Promise<void> {
  const notices: string[] = [];
  const engine = await Sluice.open({ batchIntervalMs: 10, onNotice: (n) => notices.push(n) });
  try {
    engine.registerFunction('picky', (x: number) => {
      if (x < 0) throw new Error(`negative input ${x}`);
      return Math.sqrt(x);
    }, { args: ['DOUBLE'], returns: 'DOUBLE' });
    await body({ engine, notices });
  } finally {
    await engine.close();
  }
}

const source = (onError: string | null): string =>
  `CREATE SOURCE readings (k VARCHAR, v DOUBLE) WITH (connector = 'push'${onError ? `, on_error = '${onError}'` : ''})`;

describe("on_error = 'skip'", () => {
  it('drops the rows a function fails on, reports the function once, and keeps running', () => withEngine(async ({ engine, notices }) => {
    await engine.sql(source('skip'));
    await engine.sql('CREATE MATERIALIZED VIEW roots AS SELECT k, picky(v) AS r FROM readings');
    await engine.sql('CREATE MATERIALIZED VIEW big AS SELECT k FROM readings WHERE picky(v) > 2');
    await engine.sql('CREATE MATERIALIZED VIEW per_k AS SELECT k, sum(picky(v)) AS s, count(*) AS n FROM readings GROUP BY k');
    await engine.sql('CREATE MATERIALIZED VIEW per_root AS SELECT picky(v) AS r, count(*) AS n FROM readings GROUP BY picky(v)');
    await engine.push('readings', [{ k: 'a', v: 4 }, { k: 'b', v: -1 }, { k: 'c', v: 9 }, { k: 'a', v: -2 }]);
    await engine.flush();
    expect(await engine.query('SELECT * FROM roots ORDER BY k')).toEqual([{ k: 'a', r: 2 }, { k: 'c', r: 3 }]);
    expect(await engine.query('SELECT * FROM big ORDER BY k')).toEqual([{ k: 'c' }]);
    expect(await engine.query('SELECT * FROM per_k ORDER BY k')).toEqual([{ k: 'a', s: 2, n: 1 }, { k: 'c', s: 3, n: 1 }]);

    await engine.push('readings', [{ k: 'b', v: -5 }, { k: 'b', v: 16 }, { k: 'a', v: 1 }]);
    await engine.flush();
    expect(await engine.query('SELECT * FROM roots ORDER BY k, r')).toEqual([{ k: 'a', r: 1 }, { k: 'a', r: 2 }, { k: 'b', r: 4 }, { k: 'c', r: 3 }]);
    expect(await engine.query('SELECT * FROM big ORDER BY k')).toEqual([{ k: 'b' }, { k: 'c' }]);
    expect(await engine.query('SELECT * FROM per_k ORDER BY k')).toEqual([{ k: 'a', s: 3, n: 2 }, { k: 'b', s: 4, n: 1 }, { k: 'c', s: 3, n: 1 }]);
    expect(await engine.query('SELECT * FROM per_root ORDER BY r')).toEqual([{ r: 1, n: 1 }, { r: 2, n: 1 }, { r: 3, n: 1 }, { r: 4, n: 1 }]);

    // once per function and view, with the function's name and its message
    const reported = notices.filter((n) => n.includes('picky'));
    expect(reported).toHaveLength(4);
    for (const n of reported) expect(n).toMatch(/^udf-failed in readings \(read by (roots|big|per_k|per_root)\): function picky failed: negative input -\d+; the row is skipped/);
  }));

  it('finds the failing rows of a vectorized function by calling it row by row', () => withEngine(async ({ engine }) => {
    engine.registerFunction('vroot', (v: arrow.Vector) => Array.from(v.toArray() as ArrayLike<number>, (x) => {
      if (x < 0) throw new Error('negative');
      return Math.sqrt(x);
    }), { args: ['DOUBLE'], returns: 'DOUBLE', vectorized: true });
    await engine.sql(source('skip'));
    await engine.sql('CREATE MATERIALIZED VIEW roots AS SELECT k, vroot(v) AS r FROM readings');
    await engine.push('readings', [{ k: 'a', v: 4 }, { k: 'b', v: -1 }, { k: 'c', v: 9 }]);
    await engine.flush();
    expect(await engine.query('SELECT * FROM roots ORDER BY k')).toEqual([{ k: 'a', r: 2 }, { k: 'c', r: 3 }]);
  }));

  it("leaves onError: 'null' functions and wrong result types as they were", () => withEngine(async ({ engine }) => {
    engine.registerFunction('lenient', (x: number) => {
      if (x < 0) throw new Error('no negatives');
      return x;
    }, { args: ['DOUBLE'], returns: 'DOUBLE', onError: 'null' });
    engine.registerFunction('liar', (x: number) => (x < 0 ? 'oops' : x), { args: ['DOUBLE'], returns: 'DOUBLE' });
    await engine.sql(source('skip'));
    await engine.sql('CREATE MATERIALIZED VIEW l AS SELECT k, lenient(v) AS x FROM readings');
    await engine.push('readings', [{ k: 'a', v: 1 }, { k: 'b', v: -1 }]);
    await engine.flush();
    expect(await engine.query('SELECT * FROM l ORDER BY k')).toEqual([{ k: 'a', x: 1 }, { k: 'b', x: null }]);

    await engine.sql('CREATE MATERIALIZED VIEW w AS SELECT k, liar(v) AS x FROM readings');
    await engine.push('readings', [{ k: 'c', v: -3 }]);
    await expect(engine.flush()).rejects.toMatchObject({ code: 'udf-wrong-type' });
  }));
});

describe("on_error = 'fail'", () => {
  it('stops the pipeline with udf-failed naming the function and its message', () => withEngine(async ({ engine }) => {
    await engine.sql(source('fail'));
    await engine.sql('CREATE MATERIALIZED VIEW roots AS SELECT k, picky(v) AS r FROM readings');
    await engine.push('readings', [{ k: 'a', v: 4 }, { k: 'b', v: -1 }]);
    const error = await engine.flush().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(EngineError);
    expect((error as EngineError).code).toBe('udf-failed');
    expect((error as EngineError).message).toContain('function picky failed: negative input -1');
  }));

  it('is what happens when the source sets no on_error', () => withEngine(async ({ engine }) => {
    await engine.sql(source(null));
    await engine.sql('CREATE MATERIALIZED VIEW roots AS SELECT k FROM readings WHERE picky(v) > 1');
    await engine.push('readings', [{ k: 'b', v: -1 }]);
    await expect(engine.flush()).rejects.toMatchObject({ code: 'udf-failed' });
  }));
});

describe("on_error = 'dead_letter'", () => {
  it('keeps each failed row in sluice_dead_letters with the source, the row as JSON and the error', () => withEngine(async ({ engine, notices }) => {
    await engine.sql(source('dead_letter'));
    // the CASE evaluates picky only on the rows with a k: failures must name the right rows
    await engine.sql(`CREATE MATERIALIZED VIEW roots AS
      SELECT k, CASE WHEN k IS NOT NULL THEN picky(v) ELSE 0 END AS r FROM readings`);
    await engine.push('readings', [{ k: null, v: -7 }, { k: 'a', v: 4 }, { k: 'b', v: -1 }, { k: 'c', v: 9 }, { k: 'd', v: -2 }]);
    await engine.flush();
    expect(await engine.query('SELECT * FROM roots ORDER BY k NULLS FIRST')).toEqual([{ k: null, r: 0 }, { k: 'a', r: 2 }, { k: 'c', r: 3 }]);
    await engine.flush();
    const letters = await engine.query<{ source: string; offset: string | null; payload: string; error: string }>(
      'SELECT source, "offset", payload, error FROM sluice_dead_letters ORDER BY payload');
    expect(letters).toEqual([
      { source: 'readings', offset: null, payload: '{"k":"b","v":-1}', error: 'function picky failed: negative input -1' },
      { source: 'readings', offset: null, payload: '{"k":"d","v":-2}', error: 'function picky failed: negative input -2' },
    ]);
    expect(notices.filter((n) => n.includes('picky'))).toHaveLength(1);

    // later rows keep flowing and keep being kept
    await engine.push('readings', [{ k: 'e', v: -3 }, { k: 'f', v: 25 }]);
    await engine.flush();
    expect(await engine.query('SELECT k, r FROM roots WHERE k >= \'e\'')).toEqual([{ k: 'f', r: 5 }]);
    await engine.flush();
    expect(await engine.query('SELECT count(*) AS n FROM sluice_dead_letters')).toEqual([{ n: 3 }]);
  }));
});
