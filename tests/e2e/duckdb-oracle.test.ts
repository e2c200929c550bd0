// Sluice's answer over a bounded file, read back from a materialized view after FLUSH (and, for
// one query, rebuilt from a continuous query's changelog), must equal DuckDB's batch answer to
// the same question over the same file.
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ChangelogTable, asChange } from '../helpers/changelog.js';
import { DuckDbOracle } from '../helpers/duckdb-oracle.js';
import { generateEvents, writeEventFile } from '../helpers/event-file.js';
import { eventSourceSql, materializedViewSql, writeJobFile } from '../helpers/job-sql.js';
import { parseJsonLines, parseJsonRows } from '../helpers/jsonl.js';
import { normalizeRow, rowsDifference } from '../helpers/normalize-rows.js';
import { describeRun, runSluice } from '../helpers/run-sluice.js';
import { isSqlTimestampText } from '../helpers/timestamps.js';
import { CONTINUOUS_QUERY, ORACLE_QUERIES } from '../oracle/oracle-queries.js';

const RUN_TIMEOUT_MS = 60_000;
const TEST_TIMEOUT_MS = RUN_TIMEOUT_MS + 15_000;
const TIMESTAMP_COLUMNS = ['ts', 'window_start', 'window_end'];

/** Timestamp values not printed as `YYYY-MM-DD HH:MM:SS[.ffffff]`, at most a few. */
function misprintedTimestamps(rows: readonly Record<string, unknown>[]): unknown[] {
  return rows
    .flatMap((row) => TIMESTAMP_COLUMNS.filter((c) => c in row).map((c) => row[c]))
    .filter((value) => typeof value !== 'string' || !isSqlTimestampText(value))
    .slice(0, 5);
}

describe('sluice -f job.sql --format jsonl agrees with DuckDB', () => {
  let dir: string;
  let eventsPath: string;
  let oracle: DuckDbOracle;

  beforeAll(async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), 'sluice-e2e-oracle-'));
    eventsPath = path.join(dir, 'events.jsonl');
    await writeEventFile(eventsPath, generateEvents({ rows: 12_000, seed: 2024 }));
    oracle = await DuckDbOracle.open();
    await oracle.loadEventFile(eventsPath);
  });

  afterAll(async () => {
    oracle?.close();
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  it.each(ORACLE_QUERIES.map((q) => [q.name, q] as const))(
    '%s: materialized view after FLUSH',
    async (name, query) => {
      const job = await writeJobFile(dir, `${name}.sql`, [
        eventSourceSql(eventsPath),
        materializedViewSql(name, query.sluice, query.emitOnWindowClose),
        'FLUSH;',
        `SELECT * FROM ${name};`,
      ]);
      const result = await runSluice(['-f', job, '--format', 'jsonl'], { timeoutMs: RUN_TIMEOUT_MS });
      expect(result.code, describeRun(result)).toBe(0);
      const printed = parseJsonRows(result.stdout);
      expect(misprintedTimestamps(printed)).toEqual([]);
      const actual = printed.map((row) => normalizeRow(row));
      const expected = await oracle.query(query.duckdb);
      expect(expected.length).toBeGreaterThan(0);
      expect(rowsDifference(actual, expected), describeRun(result)).toBe('');
    },
    TEST_TIMEOUT_MS,
  );

  it(`${CONTINUOUS_QUERY.name}: a continuous SELECT over the source ends at the batch answer`, async () => {
    const job = await writeJobFile(dir, `${CONTINUOUS_QUERY.name}.sql`, [
      eventSourceSql(eventsPath),
      `${CONTINUOUS_QUERY.sluice.trim()};`,
    ]);
    const result = await runSluice(['-f', job, '--format', 'jsonl'], { timeoutMs: RUN_TIMEOUT_MS });
    expect(result.code, describeRun(result)).toBe(0);
    const changes = parseJsonLines(result.stdout).map(asChange);
    expect(changes.length).toBeGreaterThan(0);
    const table = new ChangelogTable().applyAll(changes);
    const expected = await oracle.query(CONTINUOUS_QUERY.duckdb);
    expect(rowsDifference(table.snapshot(), expected), describeRun(result)).toBe('');
  }, TEST_TIMEOUT_MS);
});
