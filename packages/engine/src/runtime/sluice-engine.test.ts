import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { Sluice } from '../sluice.js';
import type { StatementResult } from '../results.js';

async function run(engine: Sluice, sql: string): Promise<StatementResult[]> {
  return engine.executeScript(sql);
}

function rowsOf(result: StatementResult | undefined): unknown[][] {
  if (!result || result.kind !== 'rows') throw new Error(`expected rows, got ${result?.kind}`);
  return result.rows.map((r) => [...r]);
}

describe('Sluice engine', () => {
  it('keeps a materialized view current as upserts flow through a table', async () => {
    const engine = await Sluice.open({ batchIntervalMs: 10 });
    try {
      await run(engine, `
        CREATE TABLE prices (item VARCHAR PRIMARY KEY, category VARCHAR, price BIGINT);
        CREATE MATERIALIZED VIEW per_category AS
          SELECT category, count(*) AS n, sum(price) AS total, max(price) AS top FROM prices GROUP BY category;
        INSERT INTO prices VALUES ('a', 'x', 10), ('b', 'x', 20), ('c', 'y', 5);
        FLUSH;`);
      let [result] = await run(engine, 'SELECT * FROM per_category ORDER BY category');
      expect(rowsOf(result)).toEqual([['x', 2n, 30n, 20n], ['y', 1n, 5n, 5n]]);

      // 'b' moves to category y: x loses a row (its max falls back), y gains one.
      await run(engine, "INSERT INTO prices VALUES ('b', 'y', 7); FLUSH;");
      [result] = await run(engine, 'SELECT * FROM per_category ORDER BY category');
      expect(rowsOf(result)).toEqual([['x', 1n, 10n, 10n], ['y', 2n, 12n, 7n]]);
    } finally {
      await engine.close();
    }
  });

  it('streams the changes of a view to a subscriber', async () => {
    const engine = await Sluice.open({ batchIntervalMs: 10 });
    try {
      await run(engine, `
        CREATE TABLE t (k VARCHAR PRIMARY KEY, v INT);
        CREATE MATERIALIZED VIEW m AS SELECT v, count(*) AS n FROM t GROUP BY v;
        INSERT INTO t VALUES ('a', 1);
        FLUSH;`);
      const [sub] = await run(engine, 'SUBSCRIBE m');
      if (sub?.kind !== 'stream') throw new Error('expected a stream');
      const iterator = sub.stream[Symbol.asyncIterator]();
      const first = await iterator.next();
      expect(first.value?.changes).toEqual([{ op: '+', values: [1, 1n] }]);
      await run(engine, "INSERT INTO t VALUES ('b', 1)");
      const second = await iterator.next();
      expect(second.value?.changes).toEqual([{ op: '-', values: [1, 1n] }, { op: '+', values: [1, 2n] }]);
      sub.stream.cancel();
      expect((await iterator.next()).done).toBe(true);
    } finally {
      await engine.close();
    }
  });

  it('finishes a view over a bounded source and closes every window', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'sluice-engine-'));
    const lines = Array.from({ length: 100 }, (_, i) => JSON.stringify({ id: i + 1, ts: `2024-01-01 00:00:${String(Math.floor(i / 10)).padStart(2, '0')}` }));
    await writeFile(join(dir, 'g.jsonl'), lines.join('\n') + '\n');
    const engine = await Sluice.open({ batchIntervalMs: 10 });
    try {
      await run(engine, `
        CREATE SOURCE g (id BIGINT, ts TIMESTAMP, WATERMARK FOR ts AS ts - INTERVAL '1' SECOND)
          WITH (connector = 'file', path = '${join(dir, 'g.jsonl')}', max_rows_per_batch = '7');
        CREATE MATERIALIZED VIEW w AS
          SELECT window_start, count(*) AS n, sum(id) AS s FROM TUMBLE(g, ts, INTERVAL '5' SECOND)
          GROUP BY window_start EMIT ON WINDOW CLOSE;`);
      await engine.whenFinished();
      expect(engine.hasUnboundedWork()).toBe(false);
      // 10 rows per second over 10 seconds: two 5-second windows of 50 rows each.
      const [result] = await run(engine, 'SELECT count(*) AS windows, sum(n) AS rows, sum(s) AS total FROM w');
      expect(rowsOf(result)).toEqual([[2n, 100n, 5050n]]);
    } finally {
      await engine.close();
      await rm(dir, { recursive: true, force: true });
    }
  });

  it('rejects an object created twice unless IF NOT EXISTS', async () => {
    const engine = await Sluice.open();
    try {
      await run(engine, 'CREATE TABLE t (a INT)');
      await expect(run(engine, 'CREATE TABLE t (a INT)')).rejects.toMatchObject({ code: 'object-already-exists' });
      const [result] = await run(engine, 'CREATE TABLE IF NOT EXISTS t (a INT)');
      expect(result).toMatchObject({ kind: 'command', tag: 'CREATE_TABLE' });
    } finally {
      await engine.close();
    }
  });

  it('refuses to drop a table a view reads, unless CASCADE', async () => {
    const engine = await Sluice.open();
    try {
      await run(engine, 'CREATE TABLE t (a INT); CREATE MATERIALIZED VIEW m AS SELECT a FROM t');
      await expect(run(engine, 'DROP TABLE t')).rejects.toMatchObject({ code: 'object-in-use' });
      await run(engine, 'DROP TABLE t CASCADE');
      const [shown] = await run(engine, 'SHOW MATERIALIZED VIEWS');
      expect(rowsOf(shown)).toEqual([]);
    } finally {
      await engine.close();
    }
  });
});
