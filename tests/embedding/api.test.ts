import { describe, expect, it } from 'vitest';
import * as arrow from 'apache-arrow';
import { EngineError, Sluice } from '@sluice/engine';

describe('embedded API', () => {
  it('runs SQL, inserts objects and reads views as typed rows', async () => {
    const engine = await Sluice.open();
    try {
      const created = await engine.sql('CREATE TABLE t (k VARCHAR, v BIGINT)');
      expect(created.tag).toBe('CREATE_TABLE');
      await engine.sql('CREATE MATERIALIZED VIEW s AS SELECT k, sum(v) AS s FROM t GROUP BY k');
      expect(await engine.insert('t', [{ k: 'a', v: 1 }, { k: 'b', v: 2 }, { k: 'a', v: 3 }])).toBe(3);
      await engine.flush();
      const rows = await engine.query<{ k: string; s: number }>('SELECT k, s FROM s ORDER BY k');
      expect(rows).toEqual([{ k: 'a', s: 4 }, { k: 'b', s: 2 }]);
      const direct = await engine.query<{ k: string; s: number }>('SELECT k, sum(v) AS s FROM t GROUP BY k ORDER BY k');
      expect(direct).toEqual(rows);
      const big = await engine.query('SELECT k, s FROM s ORDER BY k', { bigint: true });
      expect(big[0]).toEqual({ k: 'a', s: 4n });
      const result = await engine.sql('SELECT count(*) AS n FROM t');
      expect(result.columns.map((c) => c.name)).toEqual(['n']);
      expect(result.rows).toEqual([{ n: 3 }]);
    } finally {
      await engine.close();
    }
  });

  it('returns BIGINT beyond 2^53 as bigint, exactly', async () => {
    const engine = await Sluice.open();
    try {
      await engine.sql('CREATE TABLE t (v BIGINT)');
      await engine.insert('t', [{ v: 9007199254740993n }, { v: 1 }]);
      const rows = await engine.query<{ v: number | bigint }>('SELECT v FROM t ORDER BY v');
      expect(rows).toEqual([{ v: 1 }, { v: 9007199254740993n }]);
    } finally {
      await engine.close();
    }
  });

  it('accepts an Arrow RecordBatch', async () => {
    const engine = await Sluice.open();
    try {
      await engine.sql('CREATE TABLE t (k VARCHAR, v DOUBLE)');
      const batch = arrow.tableFromArrays({ k: ['x', 'y'], v: Float64Array.from([1.5, 2.5]) }).batches[0]!;
      expect(await engine.insert('t', batch)).toBe(2);
      expect(await engine.query('SELECT k, v FROM t ORDER BY k')).toEqual([{ k: 'x', v: 1.5 }, { k: 'y', v: 2.5 }]);
    } finally {
      await engine.close();
    }
  });

  it('rejects rows that do not match the schema, naming the column and reason', async () => {
    const engine = await Sluice.open();
    try {
      await engine.sql('CREATE TABLE t (k VARCHAR NOT NULL, v BIGINT)');
      const bad = async (rows: Record<string, unknown>[]): Promise<EngineError> => {
        try {
          await engine.insert('t', rows);
        } catch (error) {
          return error as EngineError;
        }
        throw new Error('expected an error');
      };
      const wrongType = await bad([{ k: 'a', v: 1 }, { k: 'b', v: 'two' }]);
      expect(wrongType).toBeInstanceOf(EngineError);
      expect(wrongType.code).toBe('invalid-row');
      expect(wrongType.message).toContain('row 1');
      expect(wrongType.message).toContain('column v');
      expect((await bad([{ k: 'a', x: 1 }])).message).toContain('"x" is not a column');
      expect((await bad([{ v: 1 }])).code).toBe('not-null-violation');
      expect((await bad([{ k: 'a', v: 1.5 }])).message).toContain('integer');
      // nothing of a rejected batch was inserted
      expect(await engine.query('SELECT count(*) AS n FROM t')).toEqual([{ n: 0 }]);
    } finally {
      await engine.close();
    }
  });

  it('subscribes to a view: current rows, then changes with retractions', async () => {
    const engine = await Sluice.open({ batchIntervalMs: 10 });
    try {
      await engine.sql('CREATE TABLE t (k VARCHAR PRIMARY KEY, v BIGINT)');
      await engine.insert('t', [{ k: 'a', v: 1 }]);
      await engine.sql('CREATE MATERIALIZED VIEW v AS SELECT k, v * 10 AS w FROM t');
      const seen: { op: string; row: { k: string; w: number } }[] = [];
      const subscription = engine.subscribe<{ k: string; w: number }>('SUBSCRIBE v');
      const done = (async () => {
        for await (const change of subscription) {
          seen.push(change);
          if (seen.length === 3) break;
        }
      })();
      await new Promise((r) => setTimeout(r, 50));
      await engine.insert('t', [{ k: 'a', v: 2 }]);
      await engine.flush();
      await done;
      expect(seen).toEqual([
        { op: '+', row: { k: 'a', w: 10 } },
        { op: '-', row: { k: 'a', w: 10 } },
        { op: '+', row: { k: 'a', w: 20 } },
      ]);
    } finally {
      await engine.close();
    }
  });

  it('subscribes with Arrow record batches', async () => {
    const engine = await Sluice.open({ batchIntervalMs: 10 });
    try {
      await engine.sql('CREATE TABLE t (k VARCHAR, v BIGINT)');
      await engine.insert('t', [{ k: 'a', v: 1 }, { k: 'b', v: 2 }]);
      for await (const changes of engine.subscribe('t', { arrow: true })) {
        expect(changes.batch).toBeInstanceOf(arrow.RecordBatch);
        expect(changes.batch.numRows).toBe(2);
        expect([...changes.ops]).toEqual([1, 1]);
        expect(changes.batch.getChild('k')!.toArray()).toEqual(['a', 'b']);
        break;
      }
    } finally {
      await engine.close();
    }
  });

  it('pushes rows into a push source and flushes', async () => {
    const engine = await Sluice.open({ batchIntervalMs: 1000 });
    try {
      await engine.sql("CREATE SOURCE clicks (user_id VARCHAR, n INT) WITH (connector = 'push')");
      await engine.sql('CREATE MATERIALIZED VIEW per_user AS SELECT user_id, sum(n) AS total FROM clicks GROUP BY user_id');
      await engine.push('clicks', [{ user_id: 'u1', n: 1 }, { user_id: 'u2', n: 5 }]);
      await engine.push('clicks', [{ user_id: 'u1', n: 2 }]);
      await engine.sql('FLUSH');
      expect(await engine.query('SELECT * FROM per_user ORDER BY user_id')).toEqual([
        { user_id: 'u1', total: 3 }, { user_id: 'u2', total: 5 },
      ]);
      await expect(engine.push('per_user', [{ user_id: 'x' }])).rejects.toMatchObject({ code: 'not-pushable' });
      await expect(engine.query('SELECT * FROM clicks')).rejects.toMatchObject({ code: 'query-is-continuous' });
    } finally {
      await engine.close();
    }
  });

  it('refuses work after close', async () => {
    const engine = await Sluice.open();
    await engine.close();
    await expect(engine.sql('SELECT 1')).rejects.toMatchObject({ code: 'engine-closed' });
    await expect(engine.insert('t', [])).rejects.toMatchObject({ code: 'engine-closed' });
  });
});
