import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { Sluice } from '../sluice.js';

/** `00:00:<s>` on one day, as a TIMESTAMP literal. */
const at = (seconds: number): string => `TIMESTAMP '2024-01-01 00:00:00' + INTERVAL '${seconds}' SECOND`;

interface Outcome {
  readonly view: unknown[];
  readonly tables: unknown[][];
  /** notices of INSERTs that dropped rows behind a table's watermark */
  readonly dropped: string[];
}

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'sluice-table-watermark-'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

/**
 * Runs `ddl`, then each step (every statement followed by FLUSH, so batches do not depend on
 * timing), closing and reopening the engine between steps when `restart` is set.
 */
async function run(name: string, ddl: string, steps: readonly string[], restart: boolean, read: { view: string; tables: readonly string[] }): Promise<Outcome> {
  const dataDir = join(dir, name);
  const open = (): Promise<Sluice> => Sluice.open({ dataDir, batchIntervalMs: 10 });
  let engine = await open();
  const dropped: string[] = [];
  try {
    await engine.executeScript(ddl);
    for (const step of steps) {
      if (restart) {
        await engine.close();
        engine = await open();
      }
      for (const statement of step.split(';').map((s) => s.trim()).filter((s) => s !== '')) {
        for (const result of await engine.executeScript(`${statement}; FLUSH;`)) dropped.push(...result.notices.filter((n) => /behind the watermark/.test(n)));
      }
    }
    const view = await engine.query(read.view);
    const tables: unknown[][] = [];
    for (const sql of read.tables) tables.push(await engine.query(sql));
    return { view, tables, dropped };
  } finally {
    await engine.close();
  }
}

describe('tables with a WATERMARK across restarts', () => {
  it('a view over two watermarked tables keeps each table\'s watermark, so windows close and late rows drop as in an uninterrupted run', async () => {
    const ddl = `
      CREATE TABLE a (id INT, ts TIMESTAMP, WATERMARK FOR ts AS ts - INTERVAL '5' SECOND);
      CREATE TABLE b (id INT, ts TIMESTAMP, WATERMARK FOR ts AS ts - INTERVAL '5' SECOND);
      CREATE MATERIALIZED VIEW w AS
        SELECT window_start, count(*) AS n
        FROM TUMBLE((SELECT * FROM a UNION ALL SELECT * FROM b), ts, INTERVAL '10' SECOND)
        GROUP BY window_start EMIT ON WINDOW CLOSE;`;
    const steps = [
      `INSERT INTO b VALUES (1, ${at(50)}); INSERT INTO a VALUES (2, ${at(100)})`,
      // the watermark stays at b's 45 s: a's 101 s must not close the window of b's next row
      `INSERT INTO a VALUES (3, ${at(101)}); INSERT INTO a VALUES (4, ${at(80)})`,
      `INSERT INTO b VALUES (5, ${at(60)})`,
      `INSERT INTO b VALUES (6, ${at(52)})`,
      `INSERT INTO b VALUES (7, ${at(115)}); INSERT INTO a VALUES (8, ${at(150)})`,
    ];
    const read = { view: 'SELECT * FROM w ORDER BY window_start', tables: ['SELECT id FROM a ORDER BY id', 'SELECT id FROM b ORDER BY id'] };
    const uninterrupted = await run('once', ddl, steps, false, read);
    const restarted = await run('restarted', ddl, steps, true, read);
    expect(uninterrupted.view.map((r) => (r as { n: number }).n)).toEqual([1, 1, 2]);
    expect(uninterrupted.dropped).toHaveLength(2); // a's 80 s and b's 52 s
    expect(restarted).toEqual(uninterrupted);
  });

  it('a table drops the rows it dropped before a restart, also after the row with its largest event time was deleted', async () => {
    const ddl = `
      CREATE TABLE t (id INT PRIMARY KEY, ts TIMESTAMP, WATERMARK FOR ts AS ts - INTERVAL '5' SECOND);
      CREATE MATERIALIZED VIEW w AS
        SELECT window_start, count(*) AS n FROM TUMBLE(t, ts, INTERVAL '10' SECOND)
        GROUP BY window_start EMIT ON WINDOW CLOSE;`;
    const steps = [
      `INSERT INTO t VALUES (1, ${at(80)}); INSERT INTO t VALUES (2, ${at(100)})`,
      'DELETE FROM t WHERE id = 2',
      // behind the watermark of 95 s although no stored row is later than 80 s
      `INSERT INTO t VALUES (3, ${at(92)})`,
      `UPDATE t SET ts = ${at(97)} WHERE id = 1`,
      `INSERT INTO t VALUES (4, ${at(94)}), (5, ${at(130)})`,
    ];
    const read = { view: 'SELECT * FROM w ORDER BY window_start', tables: ['SELECT id FROM t ORDER BY id'] };
    const uninterrupted = await run('once', ddl, steps, false, read);
    const restarted = await run('restarted', ddl, steps, true, read);
    expect(uninterrupted.tables).toEqual([[{ id: 1 }, { id: 5 }]]);
    expect(uninterrupted.dropped).toHaveLength(2);
    expect(restarted).toEqual(uninterrupted);
  });
});
