// Redis Streams: a view over a stream (the machine's Redis), sinks read back from Redis, and a
// redis-server of our own stopped and restarted mid-stream: nothing lost or repeated.
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectedGroups, freePort, installed, openEngine, query, reachable, sorted, startRedis, tempDir, unavailable, waitFor } from './services.js';

const skipShared = await unavailable('Redis at 127.0.0.1:6379', () => reachable(6379));
const skipOwn = await unavailable('redis-server', async () => installed('redis-server'));

async function addEntries(client: Redis, stream: string, from: number, to: number): Promise<void> {
  for (let start = from; start < to; start += 1000) {
    const pipe = client.pipeline();
    for (let id = start; id < Math.min(to, start + 1000); id++) pipe.xadd(stream, '*', 'id', String(id), 'grp', `g${id % 7}`, 'v', String(id % 97));
    await pipe.exec();
  }
}

const range = (n: number): number[] => Array.from({ length: n }, (_, i) => i);

describe.skipIf(skipShared !== null)('redis connector', () => {
  const stream = `sluice-test-${process.pid}-${Date.now()}`;
  let client: Redis;

  beforeAll(async () => {
    client = new Redis('redis://127.0.0.1:6379');
  });
  afterAll(async () => {
    await client.del(stream, `${stream}-out`, `${stream}-hash`, 'sluice:sink:out_stream', 'sluice:sink:out_hash');
    client.disconnect();
  });

  it('reads a stream into a view and writes XADD and HSET sinks, exactly', async () => {
    await addEntries(client, stream, 0, 10_000);
    const { engine } = await openEngine();
    try {
      await engine.executeScript(`
        CREATE SOURCE rs (id BIGINT, grp VARCHAR, v BIGINT) WITH (connector = 'redis', url = 'redis://127.0.0.1:6379', stream = '${stream}');
        CREATE MATERIALIZED VIEW per_group AS SELECT grp, count(*) AS n, sum(v) AS s FROM rs GROUP BY grp;
        CREATE SINK out_stream AS SELECT id, grp FROM rs WITH (connector = 'redis', url = 'redis://127.0.0.1:6379', stream = '${stream}-out');
        CREATE SINK out_hash FROM per_group WITH (connector = 'redis', url = 'redis://127.0.0.1:6379', hash = '${stream}-hash', type = 'upsert', primary_key = 'grp');
        FLUSH;`);
      expect(sorted(await query(engine, 'SELECT * FROM per_group'))).toEqual(expectedGroups(range(10_000)));
      await addEntries(client, stream, 10_000, 11_000);
      await engine.executeScript('FLUSH;');
      expect(sorted(await query(engine, 'SELECT * FROM per_group'))).toEqual(expectedGroups(range(11_000)));
      await waitFor(async () => (await client.xlen(`${stream}-out`)) === 11_000, 10_000, 'the stream sink');
      const hash = await client.hgetall(`${stream}-hash`);
      const fromHash = Object.values(hash).map((text) => {
        const row = JSON.parse(text) as { grp: string; n: number; s: number };
        return [row.grp, BigInt(row.n), BigInt(row.s)];
      });
      expect(sorted(fromHash)).toEqual(expectedGroups(range(11_000)));
    } finally {
      await engine.close();
    }
  });
});

describe.skipIf(skipOwn !== null)('redis source across a broker restart', () => {
  it('reports the outage, reconnects with back-off and resumes with nothing lost or repeated', async () => {
    const { dir, remove } = await tempDir('redis');
    const port = await freePort();
    let server = await startRedis(port, dir);
    const url = `redis://127.0.0.1:${port}`;
    let client = new Redis(url);
    const { engine, notices } = await openEngine();
    try {
      await addEntries(client, 'ev', 0, 10_000);
      await engine.executeScript(`
        CREATE SOURCE rs (id BIGINT, grp VARCHAR, v BIGINT) WITH (connector = 'redis', url = '${url}', stream = 'ev', rate_limit = '10000');
        CREATE MATERIALIZED VIEW per_group AS SELECT grp, count(*) AS n, sum(v) AS s FROM rs GROUP BY grp;`);
      await waitFor(async () => Number((await query(engine, 'SELECT sum(n) FROM per_group'))[0]![0] ?? 0) > 0, 10_000, 'first rows');
      client.disconnect();
      await server.stop();
      await waitFor(() => notices.some((n) => n.includes('source-disconnected')), 10_000, 'the outage notice');
      server = await startRedis(port, dir);
      client = new Redis(url);
      await addEntries(client, 'ev', 10_000, 12_000);
      await engine.executeScript('FLUSH;');
      expect(sorted(await query(engine, 'SELECT * FROM per_group'))).toEqual(expectedGroups(range(12_000)));
    } finally {
      await engine.close();
      client.disconnect();
      await server.stop();
      await remove();
    }
  });
});
