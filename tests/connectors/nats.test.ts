// NATS JetStream: a view over a stream (the machine's NATS), a sink read back from a stream,
// and a nats-server of our own stopped and restarted mid-stream: nothing lost or repeated.
import { AckPolicy, connect, DeliverPolicy, StringCodec, type NatsConnection } from 'nats';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectedGroups, freePort, installed, openEngine, query, reachable, record, sorted, startNats, tempDir, unavailable, waitFor } from './services.js';

const skipShared = await unavailable('NATS at 127.0.0.1:4222', () => reachable(4222));
const skipOwn = await unavailable('nats-server', async () => installed('nats-server'));
const sc = StringCodec();
const range = (n: number): number[] => Array.from({ length: n }, (_, i) => i);

async function publish(nc: NatsConnection, subject: string, from: number, to: number): Promise<void> {
  const js = nc.jetstream();
  for (let start = from; start < to; start += 1000) {
    const acks = [];
    for (let id = start; id < Math.min(to, start + 1000); id++) acks.push(js.publish(subject, sc.encode(record(id))));
    await Promise.all(acks);
  }
}

describe.skipIf(skipShared !== null)('nats connector', () => {
  const stream = `SLUICE_TEST_${process.pid}_${Date.now()}`;
  const subject = `sluice.test.${process.pid}.${Date.now()}`;
  let nc: NatsConnection;

  beforeAll(async () => {
    nc = await connect({ servers: 'nats://127.0.0.1:4222' });
    const jsm = await nc.jetstreamManager();
    await jsm.streams.add({ name: stream, subjects: [`${subject}.>`] });
  });
  afterAll(async () => {
    const jsm = await nc.jetstreamManager();
    await jsm.streams.delete(stream).catch(() => undefined);
    await nc.close();
  });

  it('reads a stream into a view and publishes a sink, exactly', async () => {
    await publish(nc, `${subject}.in`, 0, 10_000);
    const { engine } = await openEngine();
    try {
      await engine.executeScript(`
        CREATE SOURCE ns (id BIGINT, grp VARCHAR, v BIGINT)
          WITH (connector = 'nats', server_url = 'nats://127.0.0.1:4222', stream = '${stream}', subject = '${subject}.in');
        CREATE MATERIALIZED VIEW per_group AS SELECT grp, count(*) AS n, sum(v) AS s FROM ns GROUP BY grp;
        CREATE SINK out AS SELECT id, grp, v FROM ns WITH (connector = 'nats', server_url = 'nats://127.0.0.1:4222', subject = '${subject}.out');
        FLUSH;`);
      expect(sorted(await query(engine, 'SELECT * FROM per_group'))).toEqual(expectedGroups(range(10_000)));
      await publish(nc, `${subject}.in`, 10_000, 11_000);
      await engine.executeScript('FLUSH;');
      expect(sorted(await query(engine, 'SELECT * FROM per_group'))).toEqual(expectedGroups(range(11_000)));
      // the sink's messages, read back from the stream that captures them
      const jsm = await nc.jetstreamManager();
      await waitFor(async () => (await jsm.streams.info(stream)).state.messages === 22_000, 10_000, 'the sink messages');
      const ci = await jsm.consumers.add(stream, { ack_policy: AckPolicy.None, deliver_policy: DeliverPolicy.All, filter_subject: `${subject}.out` });
      const consumer = await nc.jetstream().consumers.get(stream, ci.name);
      const ids = new Set<number>();
      while (ids.size < 11_000) {
        const batch = await consumer.fetch({ max_messages: 1000, expires: 2000 });
        let n = 0;
        for await (const m of batch) {
          ids.add((JSON.parse(sc.decode(m.data)) as { id: number }).id);
          n++;
        }
        if (n === 0) break;
      }
      expect(ids.size).toBe(11_000);
    } finally {
      await engine.close();
    }
  });
});

describe.skipIf(skipOwn !== null)('nats source, FLUSH', () => {
  // a fetch that is not full lasts until it expires: its messages must count as a backlog
  it('waits for every message the stream holds, with and without a subject filter, several times', async () => {
    const { dir, remove } = await tempDir('nats-flush');
    const port = await freePort();
    const server = await startNats(port, dir);
    const url = `nats://127.0.0.1:${port}`;
    const nc = await connect({ servers: url });
    const { engine } = await openEngine();
    try {
      await (await nc.jetstreamManager()).streams.add({ name: 'FL', subjects: ['fl.>'] });
      await publish(nc, 'fl.a', 0, 1_500);
      await engine.executeScript(`
        CREATE SOURCE every (id BIGINT, grp VARCHAR, v BIGINT) WITH (connector = 'nats', server_url = '${url}', stream = 'FL');
        CREATE SOURCE only_a (id BIGINT, grp VARCHAR, v BIGINT) WITH (connector = 'nats', server_url = '${url}', stream = 'FL', subject = 'fl.a');
        CREATE MATERIALIZED VIEW n_every AS SELECT count(*) AS n FROM every;
        CREATE MATERIALIZED VIEW n_a AS SELECT count(*) AS n FROM only_a;
        FLUSH;`);
      expect(await query(engine, 'SELECT n FROM n_every')).toEqual([[1_500n]]);
      expect(await query(engine, 'SELECT n FROM n_a')).toEqual([[1_500n]]);
      for (const [from, to] of [[1_500, 1_537], [1_537, 2_000], [2_000, 2_001]] as const) {
        await publish(nc, 'fl.a', from, to);
        await engine.executeScript('FLUSH;');
        expect(await query(engine, 'SELECT n FROM n_every')).toEqual([[BigInt(to)]]);
        expect(await query(engine, 'SELECT n FROM n_a')).toEqual([[BigInt(to)]]);
      }
    } finally {
      await engine.close();
      await nc.close();
      await server.stop();
      await remove();
    }
  });
});

describe.skipIf(skipOwn !== null)('nats source across a broker restart', () => {
  it('reports the outage, reconnects with back-off and resumes with nothing lost or repeated', async () => {
    const { dir, remove } = await tempDir('nats');
    const port = await freePort();
    let server = await startNats(port, dir);
    const url = `nats://127.0.0.1:${port}`;
    let nc = await connect({ servers: url });
    const { engine, notices } = await openEngine();
    try {
      await (await nc.jetstreamManager()).streams.add({ name: 'EV', subjects: ['ev'] });
      await publish(nc, 'ev', 0, 10_000);
      await engine.executeScript(`
        CREATE SOURCE ns (id BIGINT, grp VARCHAR, v BIGINT) WITH (connector = 'nats', server_url = '${url}', stream = 'EV', rate_limit = '10000');
        CREATE MATERIALIZED VIEW per_group AS SELECT grp, count(*) AS n, sum(v) AS s FROM ns GROUP BY grp;`);
      await waitFor(async () => Number((await query(engine, 'SELECT sum(n) FROM per_group'))[0]![0] ?? 0) > 0, 10_000, 'first rows');
      await nc.close();
      await server.stop();
      await waitFor(() => notices.some((n) => n.includes('source-disconnected')), 10_000, 'the outage notice');
      server = await startNats(port, dir);
      nc = await connect({ servers: url });
      await publish(nc, 'ev', 10_000, 12_000);
      await engine.executeScript('FLUSH;');
      expect(sorted(await query(engine, 'SELECT * FROM per_group'))).toEqual(expectedGroups(range(12_000)));
    } finally {
      await engine.close();
      await nc.close().catch(() => undefined);
      await server.stop();
      await remove();
    }
  });
});
