// MQTT: a mosquitto of our own (no in-flight limit) feeds a view; the reader holds QoS 1
// PUBACKs until acknowledged, and its receive maximum bounds what waits unacknowledged; a sink
// publishes to the machine's Mosquitto. Sessions reused across runs: mqtt-sessions.test.ts.
import mqtt from 'mqtt';
import { field, schemaOf, T } from '@sluice/sql';
import { getSourceConnector } from '@sluice/engine/internal';
import { describe, expect, it } from 'vitest';
import { expectedGroups, freePort, installed, openEngine, query, record, sorted, startMosquitto, tempDir, unavailable, waitFor } from './services.js';

const skipOwn = await unavailable('mosquitto', async () => installed('mosquitto'));
const range = (n: number): number[] => Array.from({ length: n }, (_, i) => i);

async function publish(url: string, topic: string, from: number, to: number): Promise<void> {
  const client = await mqtt.connectAsync(url, { clientId: `pub-${process.pid}-${Date.now()}` });
  for (let start = from; start < to; start += 500) {
    const sent = [];
    for (let id = start; id < Math.min(to, start + 500); id++) sent.push(client.publishAsync(topic, record(id), { qos: 1 }));
    await Promise.all(sent);
  }
  await client.endAsync();
}

describe.skipIf(skipOwn !== null)('mqtt source', () => {
  it('feeds a view, exactly', async () => {
    const { dir, remove } = await tempDir('mqtt');
    const port = await freePort();
    const server = await startMosquitto(port, dir);
    const url = `mqtt://127.0.0.1:${port}`;
    const { engine } = await openEngine();
    try {
      await engine.executeScript(`
        CREATE SOURCE ms (id BIGINT, grp VARCHAR, v BIGINT) WITH (connector = 'mqtt', url = '${url}', topic = 'ev/#', qos = '1');
        CREATE MATERIALIZED VIEW per_group AS SELECT grp, count(*) AS n, sum(v) AS s FROM ms GROUP BY grp;`);
      await publish(url, 'ev/a', 0, 10_000);
      await waitFor(async () => Number((await query(engine, 'SELECT sum(n) FROM per_group'))[0]![0] ?? 0) >= 10_000, 30_000, 'all rows');
      await engine.executeScript('FLUSH;');
      expect(sorted(await query(engine, 'SELECT * FROM per_group'))).toEqual(expectedGroups(range(10_000)));
    } finally {
      await engine.close();
      await server.stop();
      await remove();
    }
  });

  // The session lets at most `buffer.rows` QoS 1 messages wait for a PUBACK (its receive maximum,
  // which for MQTT 5 clients takes the place of Mosquitto's max_inflight_messages): a stream far
  // longer than that keeps flowing only because the pipeline acknowledges every batch it commits.
  it('keeps reading past the in-flight window because each batch is acknowledged', async () => {
    const { dir, remove } = await tempDir('mqtt-window');
    const port = await freePort();
    const server = await startMosquitto(port, dir);
    const url = `mqtt://127.0.0.1:${port}`;
    const { engine } = await openEngine();
    try {
      await engine.executeScript(`
        CREATE SOURCE ms (id BIGINT, grp VARCHAR, v BIGINT) WITH (connector = 'mqtt', url = '${url}', topic = 'window', qos = '1', buffer.rows = '50');
        CREATE MATERIALIZED VIEW per_group AS SELECT grp, count(*) AS n, sum(v) AS s FROM ms GROUP BY grp;
        SET batch_interval = '20ms';`);
      await new Promise((r) => setTimeout(r, 300)); // the subscription is in place before publishing
      await publish(url, 'window', 0, 2_000);
      // without acknowledgements the broker stops after 50 messages
      await waitFor(async () => Number((await query(engine, 'SELECT sum(n) FROM per_group'))[0]![0] ?? 0) >= 2_000, 15_000, 'all rows');
      await new Promise((r) => setTimeout(r, 300));
      await engine.executeScript('FLUSH;');
      expect(sorted(await query(engine, 'SELECT * FROM per_group'))).toEqual(expectedGroups(range(2_000)));
    } finally {
      await engine.close();
      await server.stop();
      await remove();
    }
  });

  it('acknowledges (PUBACK) only what `acknowledge` covers; the broker redelivers the rest', async () => {
    const { dir, remove } = await tempDir('mqtt-ack');
    const port = await freePort();
    const server = await startMosquitto(port, dir);
    const url = `mqtt://127.0.0.1:${port}`;
    const schema = schemaOf([field('id', T.bigint), field('grp', T.varchar), field('v', T.bigint)]);
    const ctx = { name: 'acks', schema, options: { url, topic: 'acks', qos: '1' }, format: { format: 'plain', encode: 'json', options: {} }, report: () => {} };
    const connector = getSourceConnector('mqtt');
    let reader = connector.createReader(ctx);
    try {
      await reader.open();
      await publish(url, 'acks', 0, 100);
      const first = await pollAll(reader, 100);
      expect(first.rows).toBe(100);
      await reader.acknowledge!({ seq: 60 }); // rows 1..60 committed; 61..100 not
      await new Promise((r) => setTimeout(r, 200));
      await reader.close();
      reader = connector.createReader(ctx); // same client id: the session's unacknowledged messages come again
      await reader.open();
      const again = await pollAll(reader, 40);
      expect(again.rows).toBe(40);
      expect(again.ids).toEqual(range(40).map((i) => BigInt(i + 60)));
      await reader.acknowledge!(again.offset);
    } finally {
      await reader.close();
      await server.stop();
      await remove();
    }
  });
});

async function pollAll(reader: import('@sluice/engine').SourceReader, n: number): Promise<{ rows: number; ids: bigint[]; offset: unknown }> {
  const ids: bigint[] = [];
  let offset: unknown = null;
  const deadline = Date.now() + 10_000;
  while (ids.length < n && Date.now() < deadline) {
    const batch = await reader.poll(10_000);
    if (!batch || batch.delta.length === 0) {
      await new Promise((r) => setTimeout(r, 20));
      continue;
    }
    offset = batch.offset;
    const { deltaRows } = await import('@sluice/engine');
    for (const row of deltaRows(batch.delta)) ids.push(row.values[0] as bigint);
  }
  return { rows: ids.length, ids, offset };
}

describe.skipIf(skipOwn !== null)('mqtt sink', () => {
  it('publishes every change of a query to the topic', async () => {
    // a broker of its own without queue limits: the shared one's default queue (1,000 messages)
    // drops QoS 1 messages for a subscriber that falls behind on a busy machine
    const { dir, remove } = await tempDir('mqtt-sink');
    const port = await freePort();
    const server = await startMosquitto(port, dir);
    const url = `mqtt://127.0.0.1:${port}`;
    const topic = `sluice/test/${process.pid}/${Date.now()}`;
    const received: string[] = [];
    const sub = await mqtt.connectAsync(url, { clientId: `sub-${process.pid}` });
    sub.on('message', (_t, payload) => received.push(payload.toString()));
    await sub.subscribeAsync(topic, { qos: 1 });
    const { engine } = await openEngine();
    try {
      await engine.executeScript(`
        CREATE SOURCE gen (id BIGINT) WITH (connector = 'datagen', datagen.rows = '10000', fields.id.kind = 'sequence', fields.id.start = '1', fields.id.end = '10000');
        CREATE SINK out AS SELECT id FROM gen WITH (connector = 'mqtt', url = '${url}', topic = '${topic}', qos = '1');
        FLUSH;`);
      await waitFor(() => received.length >= 10_000, 30_000, 'the published rows');
      const ids = new Set(received.map((text) => (JSON.parse(text) as { id: number }).id));
      expect(ids.size).toBe(10_000);
    } finally {
      await engine.close();
      await sub.endAsync();
      await server.stop();
      await remove();
    }
  });
});
