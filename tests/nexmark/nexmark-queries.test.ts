// Every runnable Nexmark query (bench/nexmark/queries), run by the engine over a bounded
// generated stream, must end with the answer DuckDB computes in one batch over the same events.
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { DuckDBInstance, type DuckDBConnection } from '@duckdb/node-api';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Sluice, type StatementResult } from '@sluice/engine';
import { toJsonValue } from '@sluice/engine/internal';
import { normalizeRow, rowsDifference, type NormalRow } from '../helpers/normalize-rows.js';
import { repoRoot } from '../helpers/repo-paths.js';
import { NEXMARK_REFERENCES, type NexmarkReference } from '../../bench/nexmark/duckdb-queries.js';
import { NEXMARK_FUNCTIONS } from '../../bench/nexmark/nexmark-functions.js';
import { loadNexmarkIntoDuckDb, nexmarkConfig } from './nexmark-data.js';

const EVENTS = 20_000;
/** 500 events/s of event time: 20,000 events span 40 s, so 10 s windows and 2 s hops matter */
const EVENT_RATE = 500;
const QUERY_DIR = path.join(repoRoot, 'bench', 'nexmark', 'queries');

async function prelude(): Promise<string> {
  const text = await readFile(path.join(QUERY_DIR, 'prelude.sql'), 'utf8');
  return text.replace(/nexmark\.event\.num = '\d+'/g, `nexmark.event.num = '${EVENTS}', nexmark.event.rate = '${EVENT_RATE}'`);
}

function rowsOf(result: StatementResult | undefined): NormalRow[] {
  if (result?.kind !== 'rows') throw new Error(`expected rows, got ${result?.kind}`);
  return result.rows.map((row) =>
    normalizeRow(Object.fromEntries(result.columns.map((c, i) => [c.name, toJsonValue(row[i]!, c.type)]))));
}

function project(rows: readonly NormalRow[], columns: readonly string[] | undefined): NormalRow[] {
  if (!columns) return [...rows];
  return rows.map((row) => Object.fromEntries(columns.map((c) => [c, row[c] ?? null])));
}

async function runEngine(reference: NexmarkReference): Promise<NormalRow[]> {
  // q14 calls the user function count_char
  const engine = await Sluice.open({ batchIntervalMs: 5, functions: NEXMARK_FUNCTIONS });
  try {
    await engine.executeScript(await prelude());
    await engine.executeScript(await readFile(path.join(QUERY_DIR, `${reference.query}.sql`), 'utf8'));
    await engine.flush();
    const select = reference.summary ?? `SELECT * FROM nexmark_${reference.query}`;
    const [result] = await engine.executeScript(`${select};`);
    return rowsOf(result);
  } finally {
    await engine.close();
  }
}

async function duckRows(connection: DuckDBConnection, sql: string): Promise<NormalRow[]> {
  const reader = await connection.runAndReadAll(sql);
  return reader.getRowObjectsJS().map((row) => normalizeRow(row));
}

describe(`Nexmark queries over ${EVENTS} events agree with DuckDB`, () => {
  let dir: string;
  let instance: DuckDBInstance;
  let connection: DuckDBConnection;

  beforeAll(async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), 'sluice-nexmark-'));
    instance = await DuckDBInstance.create(':memory:');
    connection = await instance.connect();
    await loadNexmarkIntoDuckDb(connection, dir, nexmarkConfig(EVENTS, EVENT_RATE));
  });

  afterAll(async () => {
    connection?.closeSync();
    instance?.closeSync();
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  it('loads the generator\'s events: 1 person : 3 auctions : 46 bids', async () => {
    const [counts] = await duckRows(connection,
      'SELECT (SELECT count(*) FROM person) AS p, (SELECT count(*) FROM auction) AS a, (SELECT count(*) FROM bid) AS b');
    expect(counts).toEqual({ p: EVENTS / 50, a: (EVENTS / 50) * 3, b: (EVENTS / 50) * 46 });
  });

  it.each(NEXMARK_REFERENCES.map((r) => [r.query, r] as const))('%s', async (_name, reference) => {
    const expected = project(await duckRows(connection, reference.duckdb), reference.columns);
    expect(expected.length).toBeGreaterThan(0);
    const actual = project(await runEngine(reference), reference.columns);
    expect(rowsDifference(actual, expected)).toBe('');
  }, 120_000);
});
