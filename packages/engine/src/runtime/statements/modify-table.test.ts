import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { StatementResult } from '../../results.js';
import { Sluice } from '../../sluice.js';

function rowsOf(result: StatementResult | undefined): unknown[][] {
  if (!result || result.kind !== 'rows') throw new Error(`expected rows, got ${result?.kind}`);
  return result.rows.map((r) => [...r]);
}

function tagOf(result: StatementResult | undefined): string {
  if (!result || result.kind !== 'command') throw new Error(`expected a command, got ${result?.kind}`);
  return result.tag;
}

async function query(engine: Sluice, sql: string): Promise<unknown[][]> {
  const results = await engine.executeScript(sql);
  return rowsOf(results[results.length - 1]);
}

describe('DELETE and UPDATE', () => {
  it('change a table and retract through the views over it', async () => {
    const engine = await Sluice.open({ batchIntervalMs: 10 });
    try {
      await engine.executeScript(`
        CREATE TABLE t (id INT PRIMARY KEY, g VARCHAR, v BIGINT);
        CREATE TABLE bag (v INT);
        INSERT INTO t VALUES (1, 'a', 10), (2, 'a', 20), (3, 'b', 30);
        INSERT INTO bag VALUES (1), (1), (2);
        CREATE MATERIALIZED VIEW per_g AS SELECT g, count(*) AS n, sum(v) AS total FROM t GROUP BY g;
        FLUSH;`);
      expect(await query(engine, 'SELECT * FROM per_g ORDER BY g')).toEqual([['a', 2n, 30n], ['b', 1n, 30n]]);

      const [update] = await engine.executeScript("UPDATE t SET v = v * 2, g = 'b' WHERE id = 1");
      expect(tagOf(update)).toBe('UPDATE 1');
      await engine.executeScript('FLUSH');
      expect(await query(engine, 'SELECT * FROM per_g ORDER BY g')).toEqual([['a', 1n, 20n], ['b', 2n, 50n]]);

      const [removed] = await engine.executeScript("DELETE FROM t WHERE g = 'b'");
      expect(tagOf(removed)).toBe('DELETE 2');
      await engine.executeScript('FLUSH');
      expect(await query(engine, 'SELECT * FROM per_g ORDER BY g')).toEqual([['a', 1n, 20n]]);

      // a table without a key is a multiset: each copy that matches goes
      expect(tagOf((await engine.executeScript('DELETE FROM bag WHERE v = 1'))[0])).toBe('DELETE 2');
      expect(await query(engine, 'SELECT * FROM bag')).toEqual([[2]]);
      expect(tagOf((await engine.executeScript('DELETE FROM bag WHERE v = 5'))[0])).toBe('DELETE 0');
    } finally {
      await engine.close();
    }
  });

  it('RETURNING gives the deleted rows or the new values', async () => {
    const engine = await Sluice.open({ batchIntervalMs: 10 });
    try {
      await engine.executeScript("CREATE TABLE t (id INT, s VARCHAR); INSERT INTO t VALUES (1, 'x'), (2, 'y');");
      expect(await query(engine, "UPDATE t SET s = s || '!' WHERE id = 2 RETURNING id, s")).toEqual([[2, 'y!']]);
      expect(await query(engine, 'DELETE FROM t WHERE id = 1 RETURNING *')).toEqual([[1, 'x']]);
      expect(await query(engine, 'SELECT * FROM t')).toEqual([[2, 'y!']]);
    } finally {
      await engine.close();
    }
  });

  it('an UPDATE that swaps primary keys does not lose a row', async () => {
    const engine = await Sluice.open({ batchIntervalMs: 10 });
    try {
      await engine.executeScript("CREATE TABLE t (id INT PRIMARY KEY, s VARCHAR); INSERT INTO t VALUES (1, 'one'), (2, 'two');");
      await engine.executeScript('UPDATE t SET id = 3 - id');
      expect(await query(engine, 'SELECT * FROM t ORDER BY id')).toEqual([[1, 'two'], [2, 'one']]);
    } finally {
      await engine.close();
    }
  });

  it('APPEND ONLY tables refuse both', async () => {
    const engine = await Sluice.open({ batchIntervalMs: 10 });
    try {
      await engine.executeScript('CREATE TABLE log (v INT) APPEND ONLY');
      await expect(engine.executeScript('DELETE FROM log')).rejects.toMatchObject({ code: 'append-only-table' });
      await expect(engine.executeScript('UPDATE log SET v = 1')).rejects.toMatchObject({ code: 'append-only-table' });
    } finally {
      await engine.close();
    }
  });

  it('survive a restart: the ingest log replays deletions too', async () => {
    const dataDir = await mkdtemp(join(tmpdir(), 'sluice-dml-'));
    try {
      let engine = await Sluice.open({ dataDir, batchIntervalMs: 10 });
      await engine.executeScript(`
        CREATE TABLE t (id INT PRIMARY KEY, v INT);
        INSERT INTO t VALUES (1, 10), (2, 20), (3, 30);
        UPDATE t SET v = 0 WHERE id = 2;
        DELETE FROM t WHERE id = 3;`);
      await engine.close();
      engine = await Sluice.open({ dataDir, batchIntervalMs: 10 });
      expect(await query(engine, 'SELECT * FROM t ORDER BY id')).toEqual([[1, 10], [2, 0]]);
      await engine.close();
    } finally {
      await rm(dataDir, { recursive: true, force: true });
    }
  });
});
