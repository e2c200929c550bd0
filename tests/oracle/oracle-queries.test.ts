// Checks the reference side of the end-to-end comparison: DuckDB reads the generated file as
// the generator meant it, and each DuckDB query gives the answer plain JavaScript computes.
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DuckDbOracle } from '../helpers/duckdb-oracle.js';
import { generateEvents, writeEventFile, type EventRow } from '../helpers/event-file.js';
import { normalizeRow, rowsDifference } from '../helpers/normalize-rows.js';
import { JS_REFERENCE } from './js-reference.js';
import { CONTINUOUS_QUERY, ORACLE_QUERIES } from './oracle-queries.js';

describe('DuckDB oracle over a generated event file', () => {
  let dir: string;
  let rows: EventRow[];
  let oracle: DuckDbOracle;

  beforeAll(async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), 'sluice-oracle-'));
    rows = generateEvents({ rows: 10_000, seed: 7 });
    await writeEventFile(path.join(dir, 'events.jsonl'), rows);
    oracle = await DuckDbOracle.open();
    await oracle.loadEventFile(path.join(dir, 'events.jsonl'));
  });

  afterAll(async () => {
    oracle?.close();
    await rm(dir, { recursive: true, force: true });
  });

  it('reads every row and all three timestamp spellings to the same instants', async () => {
    const loaded = await oracle.query('SELECT epoch_ms(ts) AS ms, user_id, category FROM events');
    const expected = rows.map((r) => normalizeRow({ ms: r.tsMs, user_id: r.userId, category: r.category }));
    expect(rowsDifference(loaded, expected)).toBe('');
  });

  it.each([...ORACLE_QUERIES, CONTINUOUS_QUERY].map((q) => [q.name, q] as const))(
    '%s: DuckDB agrees with the JavaScript reference',
    async (name, query) => {
      const reference = JS_REFERENCE[name];
      expect(reference, `no JavaScript reference for ${name}`).toBeDefined();
      const expected = reference!(rows).map((row) => normalizeRow(row));
      const actual = await oracle.query(query.duckdb);
      expect(actual.length).toBeGreaterThan(0);
      expect(rowsDifference(actual, expected)).toBe('');
    },
  );

  it('HAVING keeps some users and drops others', async () => {
    const [all] = await oracle.query('SELECT count(DISTINCT user_id) AS users FROM events');
    const kept = await oracle.query(ORACLE_QUERIES.find((q) => q.name === 'frequent_users')!.duckdb);
    expect(kept.length).toBeGreaterThan(3);
    expect(kept.length).toBeLessThan(all!.users as number);
  });
});
