import { describe, expect, it } from 'vitest';
import { Sluice } from '../sluice.js';
import type { StatementResult } from '../results.js';

/** The state rows EXPLAIN ANALYZE reports for the view's join operator. */
async function joinStateRows(engine: Sluice, view: string): Promise<number> {
  const [result] = await engine.executeScript(`EXPLAIN ANALYZE ${view};`);
  const text = rowsText(result);
  const match = /HashJoin[^\n]*state rows (\d+)/.exec(text);
  if (!match) throw new Error(`no join in:\n${text}`);
  return Number(match[1]);
}

function rowsText(result: StatementResult | undefined): string {
  if (!result || result.kind !== 'rows') throw new Error(`expected rows, got ${result?.kind}`);
  return result.rows.map((r) => r.join(' ')).join('\n');
}

describe('join state over tables with watermarks', () => {
  it('an interval join forgets rows the watermark has passed', async () => {
    const engine = await Sluice.open({ batchIntervalMs: 10 });
    try {
      await engine.executeScript(`
        CREATE TABLE a (id INT, ts TIMESTAMP, WATERMARK FOR ts AS ts - INTERVAL '1' SECOND) APPEND ONLY;
        CREATE TABLE b (id INT, ts TIMESTAMP, WATERMARK FOR ts AS ts - INTERVAL '1' SECOND) APPEND ONLY;
        CREATE MATERIALIZED VIEW pairs AS SELECT a.id, a.ts AS a_ts, b.ts AS b_ts FROM a JOIN b
          ON a.id = b.id AND a.ts BETWEEN b.ts - INTERVAL '10' SECOND AND b.ts;
        INSERT INTO a VALUES (1, '2024-01-01 00:00:00'), (2, '2024-01-01 00:00:01');
        INSERT INTO b VALUES (1, '2024-01-01 00:00:05'), (2, '2024-01-01 00:00:02');
        FLUSH;`);
      expect(await joinStateRows(engine, 'pairs')).toBe(4);
      // both watermarks move to 00:59: every row above is too old to match anything to come
      await engine.executeScript(`
        INSERT INTO a VALUES (3, '2024-01-01 00:01:00');
        INSERT INTO b VALUES (3, '2024-01-01 00:01:00');
        FLUSH;`);
      expect(await joinStateRows(engine, 'pairs')).toBe(2);
      const [result] = await engine.executeScript('SELECT count(*) FROM pairs;');
      expect(rowsText(result)).toBe('3');
    } finally {
      await engine.close();
    }
  });

  it('a window join drops a window once the watermark passes its end', async () => {
    const engine = await Sluice.open({ batchIntervalMs: 10 });
    try {
      await engine.executeScript(`
        CREATE TABLE a (id INT, ts TIMESTAMP, WATERMARK FOR ts AS ts) APPEND ONLY;
        CREATE TABLE b (id INT, ts TIMESTAMP, WATERMARK FOR ts AS ts) APPEND ONLY;
        CREATE MATERIALIZED VIEW w AS SELECT x.window_start, x.id FROM TUMBLE(a, ts, INTERVAL '10' SECOND) x
          JOIN TUMBLE(b, ts, INTERVAL '10' SECOND) y USING (window_start, window_end, id);
        INSERT INTO a VALUES (1, '2024-01-01 00:00:01'), (1, '2024-01-01 00:00:02');
        INSERT INTO b VALUES (1, '2024-01-01 00:00:03');
        FLUSH;`);
      expect(await joinStateRows(engine, 'w')).toBe(3);
      await engine.executeScript(`
        INSERT INTO a VALUES (1, '2024-01-01 00:00:15');
        INSERT INTO b VALUES (1, '2024-01-01 00:00:16');
        FLUSH;`);
      expect(await joinStateRows(engine, 'w')).toBe(2);
      const [result] = await engine.executeScript('SELECT count(*) FROM w;');
      expect(rowsText(result)).toBe('3');
    } finally {
      await engine.close();
    }
  });
});
