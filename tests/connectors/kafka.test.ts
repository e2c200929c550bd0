// Kafka against librdkafka's mock cluster (started through kcat): a view over a topic, FLUSH,
// exact results; more records, exact again; offsets resume without loss or duplicates.
import { Kafka, logLevel, type Producer } from 'kafkajs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Sluice } from '@sluice/engine';
import { expectedGroups, installed, tempDir, openEngine, query, record, sorted, startKafkaMock, unavailable, type OwnedProcess } from './services.js';

const skip = await unavailable('kcat (the Kafka mock cluster)', async () => installed('kcat'));

describe.skipIf(skip !== null)('kafka connector', () => {
  let bootstrap = '';
  let mock: OwnedProcess;
  let kafka: Kafka;
  let producer: Producer;

  beforeAll(async () => {
    process.env['KAFKAJS_NO_PARTITIONER_WARNING'] = '1';
    ({ bootstrap, process: mock } = await startKafkaMock());
    kafka = new Kafka({ brokers: [bootstrap], logLevel: logLevel.NOTHING });
    producer = kafka.producer();
    await producer.connect();
  });

  afterAll(async () => {
    await producer?.disconnect();
    await mock?.stop();
  });

  async function publish(topic: string, from: number, to: number): Promise<void> {
    for (let start = from; start < to; start += 2000) {
      const messages = [];
      for (let id = start; id < Math.min(to, start + 2000); id++) messages.push({ key: String(id), value: record(id) });
      await producer.send({ topic, messages });
    }
  }

  it('reads every partition of a topic into a view, exactly', async () => {
    await publish('events', 0, 10_000);
    const { engine } = await openEngine();
    try {
      await engine.executeScript(`
        CREATE SOURCE ev (id BIGINT, grp VARCHAR, v BIGINT)
          WITH (connector = 'kafka', topic = 'events', properties.bootstrap.server = '${bootstrap}', scan.startup.mode = 'earliest')
          FORMAT PLAIN ENCODE JSON;
        CREATE MATERIALIZED VIEW per_group AS SELECT grp, count(*) AS n, sum(v) AS s FROM ev GROUP BY grp;
        FLUSH;`);
      const ids = Array.from({ length: 10_000 }, (_, i) => i);
      expect(sorted(await query(engine, 'SELECT * FROM per_group'))).toEqual(expectedGroups(ids));
      await publish('events', 10_000, 12_500);
      await engine.executeScript('FLUSH;');
      expect(sorted(await query(engine, 'SELECT * FROM per_group'))).toEqual(expectedGroups(Array.from({ length: 12_500 }, (_, i) => i)));
    } finally {
      await engine.close();
    }
  });

  it('latest starts at the end of the topic', async () => {
    await publish('late', 0, 100);
    const { engine } = await openEngine();
    try {
      await engine.executeScript(`
        CREATE SOURCE late_ev (id BIGINT, grp VARCHAR, v BIGINT)
          WITH (connector = 'kafka', topic = 'late', properties.bootstrap.server = '${bootstrap}', scan.startup.mode = 'latest');
        CREATE MATERIALIZED VIEW n AS SELECT count(*) AS n FROM late_ev;
        FLUSH;`);
      await publish('late', 100, 150);
      await new Promise((r) => setTimeout(r, 1500));
      await engine.executeScript('FLUSH;');
      expect(await query(engine, 'SELECT * FROM n')).toEqual([[50n]]);
    } finally {
      await engine.close();
    }
  });

  it('continues from the checkpointed offsets after a restart, with nothing lost or repeated', async () => {
    await publish('durable', 0, 10_000);
    const { dir, remove } = await tempDir('kafka');
    try {
      let engine = await Sluice.open({ dataDir: dir, batchIntervalMs: 50 });
      await engine.executeScript(`
        CREATE SOURCE dur (id BIGINT, grp VARCHAR, v BIGINT)
          WITH (connector = 'kafka', topic = 'durable', properties.bootstrap.server = '${bootstrap}');
        CREATE MATERIALIZED VIEW dur_groups AS SELECT grp, count(*) AS n, sum(v) AS s FROM dur GROUP BY grp;
        FLUSH;`);
      expect(sorted(await query(engine, 'SELECT * FROM dur_groups'))).toEqual(expectedGroups(Array.from({ length: 10_000 }, (_, i) => i)));
      await engine.close();
      await publish('durable', 10_000, 11_000);
      engine = await Sluice.open({ dataDir: dir, batchIntervalMs: 50 });
      await engine.executeScript('FLUSH;');
      expect(sorted(await query(engine, 'SELECT * FROM dur_groups'))).toEqual(expectedGroups(Array.from({ length: 11_000 }, (_, i) => i)));
      await engine.close();
    } finally {
      await remove();
    }
  });

  it('sinks a view as upserts keyed by its primary key', async () => {
    await publish('sink-in', 0, 10_000);
    const notices: string[] = [];
    const engine = await Sluice.open({ batchIntervalMs: 50, onNotice: (m) => notices.push(m) });
    try {
      await engine.executeScript(`
        CREATE SOURCE sin (id BIGINT, grp VARCHAR, v BIGINT)
          WITH (connector = 'kafka', topic = 'sink-in', properties.bootstrap.server = '${bootstrap}');
        CREATE MATERIALIZED VIEW sin_groups AS SELECT grp, count(*) AS n, sum(v) AS s FROM sin GROUP BY grp;
        CREATE SINK sout FROM sin_groups
          WITH (connector = 'kafka', topic = 'sink-out', properties.bootstrap.server = '${bootstrap}', type = 'upsert', primary_key = 'grp');
        FLUSH;`);
      // fold the topic by key: the last record per key is the current row
      const current = new Map<string, string | null>();
      let seen = 0;
      const consumer = kafka.consumer({ groupId: `check-${Date.now()}` });
      await consumer.connect();
      await consumer.subscribe({ topic: 'sink-out', fromBeginning: true });
      await consumer.run({ eachMessage: async ({ message }) => {
        seen++;
        current.set(message.key!.toString(), message.value ? message.value.toString() : null);
      } });
      const expected = expectedGroups(Array.from({ length: 10_000 }, (_, i) => i));
      const rows = (): unknown[][] => [...current.values()].filter((v) => v !== null).map((v) => {
        const row = JSON.parse(v!) as { grp: string; n: number; s: number };
        return [row.grp, BigInt(row.n), BigInt(row.s)];
      });
      const deadline = Date.now() + 30_000;
      while (JSON.stringify(sorted(rows()), (_k, v) => (typeof v === 'bigint' ? String(v) : v)) !== JSON.stringify(expected, (_k, v) => (typeof v === 'bigint' ? String(v) : v)) && Date.now() < deadline) {
        await new Promise((r) => setTimeout(r, 100));
      }
      await consumer.disconnect();
      expect(sorted(rows())).toEqual(expected);
      expect(seen).toBeGreaterThanOrEqual(7);
      expect([...current.keys()].sort()).toEqual(Array.from({ length: 7 }, (_, i) => JSON.stringify({ grp: `g${i}` })));
    } finally {
      await engine.close();
    }
  });
});
