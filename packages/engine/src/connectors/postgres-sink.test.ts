import { createConnection, createServer, type AddressInfo, type Server } from 'node:net';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { field, T, type Schema } from '@sluice/sql';
import { deltaFromRows } from '../delta.js';
import { postgresSinkConnector } from './postgres-sink.js';
import type { SinkContext } from './sink.js';

const PG_URL = process.env['SLUICE_TEST_POSTGRES_URL'] ?? 'postgres://postgres@127.0.0.1:5432/test';
const schema: Schema = { fields: [field('k', T.varchar), field('n', T.bigint), field('at', T.timestamp)] };
const tag = `pgsink_${process.pid}`;
let unavailable: string | null = null;

async function query(sql: string): Promise<unknown[][]> {
  const client = new pg.Client({ connectionString: PG_URL });
  await client.connect();
  try {
    return (await client.query({ text: sql, rowMode: 'array' })).rows as unknown[][];
  } finally {
    await client.end();
  }
}

function context(name: string, options: Record<string, string>, extra: Partial<SinkContext> = {}): SinkContext {
  return { name, schema, options: { connector: 'postgres', url: PG_URL, create_table: 'true', ...options }, format: { format: 'plain', encode: 'json', options: {} }, ...extra };
}

beforeAll(async () => {
  try {
    await query('SELECT 1');
  } catch (e) {
    unavailable = `PostgreSQL at ${PG_URL} is unreachable (${(e as Error).message})`;
    if (process.env['SLUICE_REQUIRE_SERVICES'] === '1') throw new Error(`${unavailable}, and SLUICE_REQUIRE_SERVICES=1`);
    console.warn(`skipping the postgres sink tests: ${unavailable}`);
  }
});

afterAll(async () => {
  if (unavailable) return;
  await query(`DROP TABLE IF EXISTS ${tag}_append, ${tag}_upsert, ${tag}_outage`);
  await query(`DELETE FROM sluice_sink_progress WHERE sink LIKE '${tag}%'`);
});

const ts = Date.UTC(2024, 0, 2, 3, 4, 5) * 1000;

describe('postgres sink', () => {
  it('appends rows, deletes one copy per retraction, and skips a batch it already committed', async (c) => {
    if (unavailable) return c.skip(unavailable);
    const writer = postgresSinkConnector.createWriter(context(`${tag}_append`, { table: `${tag}_append` }));
    await writer.open();
    await writer.write(1, [deltaFromRows(schema, [['a', 1n, ts], ['a', 1n, ts], ['b', null, null]])]);
    await writer.commit(1);
    await writer.write(2, [deltaFromRows(schema, [['a', 1n, ts], ['c', 3n, ts]], [-1, 1])]);
    await writer.commit(2);
    await writer.write(2, [deltaFromRows(schema, [['zzz', 9n, ts]])]); // a replay of batch 2: skipped
    await writer.commit(2);
    await writer.close();
    expect(await query(`SELECT k, n::text, at::text FROM ${tag}_append ORDER BY k`)).toEqual([
      ['a', '1', '2024-01-02 03:04:05'], ['b', null, null], ['c', '3', '2024-01-02 03:04:05'],
    ]);
    expect(await query(`SELECT batch_id::int FROM sluice_sink_progress WHERE sink = '${tag}_append'`)).toEqual([[2]]);
  });

  it('upserts by primary key, the last change per key in a batch winning, and deletes retracted keys', async (c) => {
    if (unavailable) return c.skip(unavailable);
    const options = { table: `${tag}_upsert`, type: 'upsert', primary_key: 'k' };
    const writer = postgresSinkConnector.createWriter(context(`${tag}_upsert`, options));
    await writer.open();
    await writer.write(1, [deltaFromRows(schema, [['a', 1n, ts], ['b', 1n, ts]])]);
    await writer.commit(1);
    await writer.write(2, [deltaFromRows(schema, [['a', 1n, ts], ['a', 2n, ts], ['b', 1n, ts]], [-1, 1, -1])]);
    await writer.commit(2);
    await writer.close();
    expect(await query(`SELECT k, n::int FROM ${tag}_upsert ORDER BY k`)).toEqual([['a', 2]]);
  });

  it('retries a commit while PostgreSQL is unreachable and loses nothing once it is back', async (c) => {
    if (unavailable) return c.skip(unavailable);
    // A proxy in front of PostgreSQL that starts listening only after the first attempt failed.
    const target = new URL(PG_URL);
    const probe = createServer();
    await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
    const port = (probe.address() as AddressInfo).port;
    await new Promise<void>((resolve) => probe.close(() => resolve()));
    const url = `postgres://${target.username}@127.0.0.1:${port}${target.pathname}`;
    const notices: string[] = [];
    const options = { table: `${tag}_outage`, url };
    const writer = postgresSinkConnector.createWriter(context(`${tag}_outage`, options, { restored: true, notice: (n) => notices.push(n) }));
    await writer.open();
    await writer.write(1, [deltaFromRows(schema, [['x', 7n, ts]])]);
    let proxy: Server | null = null;
    const committed = writer.commit(1);
    while (notices.length === 0) await new Promise((r) => setTimeout(r, 20));
    expect(notices[0]).toMatch(/PostgreSQL is unreachable .*retrying batch 1/);
    proxy = createServer((socket) => {
      const upstream = createConnection(Number(target.port || 5432), target.hostname);
      socket.pipe(upstream).pipe(socket);
      socket.on('error', () => upstream.destroy());
      upstream.on('error', () => socket.destroy());
    });
    await new Promise<void>((resolve) => proxy!.listen(port, '127.0.0.1', resolve));
    try {
      await committed;
      await writer.close();
      expect(await query(`SELECT k, n::int FROM ${tag}_outage`)).toEqual([['x', 7]]);
    } finally {
      proxy.close();
    }
  }, 20_000);
});
