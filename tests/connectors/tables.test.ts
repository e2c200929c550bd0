// Tables filled by connectors: a PostgreSQL reference table refreshed on an interval (the
// machine's PostgreSQL), UPSERT and DEBEZIUM change events from Redis streams, nested JSON
// paths, and dead letters kept in sluice_dead_letters.
import { Redis } from 'ioredis';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openEngine, query, reachable, sorted, unavailable, waitFor } from './services.js';

const POSTGRES_URL = process.env['SLUICE_TEST_POSTGRES_URL'] ?? 'postgres://postgres@127.0.0.1:5432/test';
const skipPg = await unavailable(`PostgreSQL at ${POSTGRES_URL}`, async () => {
  const client = new pg.Client({ connectionString: POSTGRES_URL });
  await client.connect();
  await client.end();
  return true;
});
const skipRedis = await unavailable('Redis at 127.0.0.1:6379', () => reachable(6379));

describe.skipIf(skipPg !== null)('postgres reference table', () => {
  const table = `sluice_ref_${process.pid}`;
  let client: pg.Client;
  beforeAll(async () => {
    client = new pg.Client({ connectionString: POSTGRES_URL });
    await client.connect();
    await client.query(`DROP TABLE IF EXISTS ${table}`);
    await client.query(`CREATE TABLE ${table} (id BIGINT PRIMARY KEY, name TEXT, price DOUBLE PRECISION)`);
    await client.query(`INSERT INTO ${table} SELECT g, 'p' || g, g * 1.5 FROM generate_series(1, 10000) g`);
  });
  afterAll(async () => {
    await client.query(`DROP TABLE IF EXISTS ${table}`);
    await client.end();
  });

  it('loads at start and applies the differences of each refresh', async () => {
    const { engine } = await openEngine();
    try {
      await engine.executeScript(`
        CREATE TABLE products (id BIGINT PRIMARY KEY, name VARCHAR, price DOUBLE)
          WITH (connector = 'postgres', url = '${POSTGRES_URL}', table = '${table}', refresh.interval = '200ms');
        CREATE MATERIALIZED VIEW stats AS SELECT count(*) AS n, sum(price) AS total FROM products;
        FLUSH;`);
      expect(await query(engine, 'SELECT * FROM stats')).toEqual([[10_000n, 1.5 * 50_005_000]]);
      await client.query(`DELETE FROM ${table} WHERE id > 9000`);
      await client.query(`UPDATE ${table} SET price = 0 WHERE id <= 10`);
      await client.query(`INSERT INTO ${table} VALUES (20000, 'new', 7)`);
      const expectedTotal = 1.5 * (9000 * 9001 / 2) - 1.5 * 55 + 7;
      await waitFor(async () => {
        const rows = await query(engine, 'SELECT * FROM stats');
        return rows[0]![0] === 9001n && Math.abs((rows[0]![1] as number) - expectedTotal) < 1e-6;
      }, 10_000, 'the refreshed table');
      expect(await query(engine, "SELECT name, price FROM products WHERE id IN (1, 20000) ORDER BY id")).toEqual([['p1', 0], ['new', 7]]);
    } finally {
      await engine.close();
    }
  });
});

describe.skipIf(skipRedis !== null)('change events into tables', () => {
  const stream = `sluice-cdc-${process.pid}-${Date.now()}`;
  let client: Redis;
  beforeAll(() => {
    client = new Redis('redis://127.0.0.1:6379');
  });
  afterAll(async () => {
    await client.del(`${stream}-upsert`, `${stream}-debezium`, `${stream}-bad`);
    client.disconnect();
  });

  it('FORMAT UPSERT ENCODE JSON: values upsert by key, a missing value deletes', async () => {
    const pipe = client.pipeline();
    for (let id = 0; id < 10_000; id++) pipe.xadd(`${stream}-upsert`, '*', 'key', String(id), 'value', JSON.stringify({ id, user: { name: `u${id}`, city: id % 2 ? 'Oslo' : 'Rome' } }));
    for (let id = 0; id < 10_000; id += 2) pipe.xadd(`${stream}-upsert`, '*', 'key', JSON.stringify({ id }), 'value', JSON.stringify({ id, user: { name: `v${id}`, city: 'Paris' } }));
    for (let id = 1; id < 10_000; id += 10) pipe.xadd(`${stream}-upsert`, '*', 'key', String(id));
    await pipe.exec();
    const { engine } = await openEngine();
    try {
      await engine.executeScript(`
        CREATE TABLE users (id BIGINT PRIMARY KEY, name VARCHAR, city VARCHAR)
          WITH (connector = 'redis', url = 'redis://127.0.0.1:6379', stream = '${stream}-upsert', key.field = 'key', field = 'value',
                fields.name.path = '$.user.name', fields.city.path = '$.user.city')
          FORMAT UPSERT ENCODE JSON;
        CREATE MATERIALIZED VIEW per_city AS SELECT city, count(*) AS n FROM users GROUP BY city;
        FLUSH;`);
      expect(sorted(await query(engine, 'SELECT * FROM per_city'))).toEqual(sorted([['Oslo', 4000n], ['Paris', 5000n]]));
      expect(await query(engine, 'SELECT * FROM users WHERE id IN (2, 3) ORDER BY id')).toEqual([[2n, 'v2', 'Paris'], [3n, 'u3', 'Oslo']]);
      await client.xadd(`${stream}-upsert`, '*', 'key', '3', 'value', JSON.stringify({ id: 3, user: { name: 'w3', city: 'Lima' } }));
      await engine.executeScript('FLUSH;');
      expect(sorted(await query(engine, 'SELECT * FROM per_city'))).toEqual(sorted([['Oslo', 3999n], ['Paris', 5000n], ['Lima', 1n]]));
    } finally {
      await engine.close();
    }
  });

  it('FORMAT DEBEZIUM ENCODE JSON: create, update and delete events', async () => {
    const pipe = client.pipeline();
    const event = (op: string, before: object | null, after: object | null): string => JSON.stringify({ schema: {}, payload: { op, before, after, source: {} } });
    for (let id = 0; id < 10_000; id++) pipe.xadd(`${stream}-debezium`, '*', 'value', event('c', null, { id, qty: 1 }));
    for (let id = 0; id < 10_000; id += 3) pipe.xadd(`${stream}-debezium`, '*', 'value', event('u', { id, qty: 1 }, { id, qty: 5 }));
    for (let id = 1; id < 10_000; id += 3) pipe.xadd(`${stream}-debezium`, '*', 'value', event('d', { id, qty: 1 }, null));
    await pipe.exec();
    const { engine } = await openEngine();
    try {
      await engine.executeScript(`
        CREATE TABLE stock (id BIGINT PRIMARY KEY, qty BIGINT)
          WITH (connector = 'redis', url = 'redis://127.0.0.1:6379', stream = '${stream}-debezium', field = 'value')
          FORMAT DEBEZIUM ENCODE JSON;
        CREATE MATERIALIZED VIEW total AS SELECT count(*) AS n, sum(qty) AS q FROM stock;
        FLUSH;`);
      const updated = Math.ceil(10_000 / 3);
      const deleted = Math.ceil((10_000 - 1) / 3);
      const remaining = 10_000 - deleted;
      expect(await query(engine, 'SELECT * FROM total')).toEqual([[BigInt(remaining), BigInt(remaining - updated + updated * 5)]]);
    } finally {
      await engine.close();
    }
  });

  it("on_error = 'dead_letter' keeps bad records in sluice_dead_letters", async () => {
    await client.xadd(`${stream}-bad`, '*', 'value', '{"id": 1, "v": 10}');
    const badId = await client.xadd(`${stream}-bad`, '*', 'value', '{"id": "x"}');
    await client.xadd(`${stream}-bad`, '*', 'value', 'not json');
    await client.xadd(`${stream}-bad`, '*', 'value', '{"id": 2, "v": 20}');
    const { engine } = await openEngine();
    try {
      await engine.executeScript(`
        CREATE SOURCE bad (id BIGINT, v BIGINT) WITH (connector = 'redis', url = 'redis://127.0.0.1:6379', stream = '${stream}-bad', field = 'value', on_error = 'dead_letter');
        CREATE MATERIALIZED VIEW good AS SELECT sum(v) AS s, count(*) AS n FROM bad;
        FLUSH;`);
      expect(await query(engine, 'SELECT * FROM good')).toEqual([[30n, 2n]]);
      await waitFor(async () => (await engine.executeScript('SHOW TABLES;')).some((r) => r.kind === 'rows' && r.rows.some((row) => row[0] === 'sluice_dead_letters')), 5_000, 'the dead letter table');
      const letters = await query(engine, 'SELECT source, "offset", payload FROM sluice_dead_letters ORDER BY payload');
      expect(letters).toEqual([['bad', expect.stringContaining(`${stream}-bad@`), 'not json'], ['bad', `${stream}-bad@${badId}`, '{"id": "x"}']]);
    } finally {
      await engine.close();
    }
  });
});
