/**
 * Shared pieces of the recovery tests: reading a file sink's committed output, asking an
 * engine for a view's rows, and finding PostgreSQL (or deciding to skip).
 */
import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import type { Sluice } from '@sluice/engine';

/** Every line of a file sink's committed part files (temporary files excluded), sorted. */
export async function committedLines(folder: string): Promise<string[]> {
  let names: string[];
  try {
    names = await readdir(folder);
  } catch {
    return [];
  }
  const lines: string[] = [];
  for (const name of names.filter((n) => n.startsWith('part-')).sort()) {
    const text = await readFile(path.join(folder, name), 'utf8');
    for (const line of text.split('\n')) if (line !== '') lines.push(line);
  }
  return lines.sort();
}

/** A view's rows as sorted JSON strings (a multiset, comparable with toEqual). */
export async function viewRows(engine: Sluice, view: string): Promise<string[]> {
  const [result] = await engine.executeScript(`SELECT * FROM ${view}`);
  if (!result || result.kind !== 'rows') throw new Error(`SELECT * FROM ${view} returned ${result?.kind}`);
  return result.rows.map((r) => JSON.stringify(r, (_k, v: unknown) => (typeof v === 'bigint' ? v.toString() : v))).sort();
}

/** PostgreSQL for the tests: 127.0.0.1:5432, database `test`, trust auth. */
export const POSTGRES_URL = process.env['SLUICE_TEST_POSTGRES_URL'] ?? 'postgres://postgres@127.0.0.1:5432/test';

/**
 * null when PostgreSQL answers; otherwise the reason to skip. With SLUICE_REQUIRE_SERVICES=1
 * (CI) an unreachable server is a failure instead.
 */
export async function postgresUnavailable(): Promise<string | null> {
  const { default: pg } = await import('pg');
  const client = new pg.Client({ connectionString: POSTGRES_URL, connectionTimeoutMillis: 3000 });
  try {
    await client.connect();
    await client.query('SELECT 1');
    return null;
  } catch (e) {
    const reason = `PostgreSQL at ${POSTGRES_URL} is unreachable (${(e as Error).message})`;
    if (process.env['SLUICE_REQUIRE_SERVICES'] === '1') throw new Error(`${reason}, and SLUICE_REQUIRE_SERVICES=1`);
    console.warn(`skipping: ${reason}; set SLUICE_REQUIRE_SERVICES=1 to make this a failure`);
    return reason;
  } finally {
    await client.end().catch(() => undefined);
  }
}

/** Runs `sql` against the test database and returns the rows. */
export async function queryPostgres<T extends object>(sql: string): Promise<T[]> {
  const { default: pg } = await import('pg');
  const client = new pg.Client({ connectionString: POSTGRES_URL });
  await client.connect();
  try {
    return (await client.query<T>(sql)).rows;
  } finally {
    await client.end();
  }
}
