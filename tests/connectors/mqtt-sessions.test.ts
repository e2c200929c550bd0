// MQTT QoS 1 sources keep a persistent session under their client id (`sluice-<source>`), which
// outlives a run: its subscriptions and its unacknowledged messages come back when a source of
// the same name connects again. Every message must still be counted exactly once per run, and
// once overall with a data directory. Each test runs a mosquitto of its own (persistent, so a
// broker restart keeps the session).
import mqtt from 'mqtt';
import { field, schemaOf, T } from '@sluice/sql';
import { Sluice, deltaRows, type SourceReader } from '@sluice/engine';
import { getSourceConnector } from '@sluice/engine/internal';
import { describe, expect, it } from 'vitest';
import { freePort, installed, query, record, startMosquitto, tempDir, unavailable, waitFor, type OwnedProcess } from './services.js';

const skip = await unavailable('mosquitto', async () => installed('mosquitto'));
const range = (from: number, to: number): number[] => Array.from({ length: to - from }, (_, i) => from + i);

async function publish(url: string, topic: string, from: number, to: number): Promise<void> {
  const client = await mqtt.connectAsync(url, { clientId: `pub-${process.pid}-${Date.now()}` });
  for (let start = from; start < to; start += 500) {
    await Promise.all(range(start, Math.min(to, start + 500)).map((id) => client.publishAsync(topic, record(id), { qos: 1 })));
  }
  await client.endAsync();
}

/** A private broker for one test; `restart` stops it (saving the sessions) and starts it again. */
async function broker(): Promise<{ url: string; restart: () => Promise<void>; stop: () => Promise<void>; dir: string; remove: () => Promise<void> }> {
  const { dir, remove } = await tempDir('mqtt-sessions');
  const port = await freePort();
  let server: OwnedProcess = await startMosquitto(port, dir);
  return {
    url: `mqtt://127.0.0.1:${port}`,
    dir,
    remove,
    stop: () => server.stop(),
    restart: async () => {
      await server.stop();
      server = await startMosquitto(port, dir);
    },
  };
}

/** `id -> times counted` of the view `per_id` (SELECT id, count(*) AS n FROM ms GROUP BY id). */
async function counted(engine: Sluice): Promise<Map<number, number>> {
  const rows = await query(engine, 'SELECT id, n FROM per_id');
  return new Map(rows.map(([id, n]) => [Number(id), Number(n)]));
}

/** Waits until `ids` were counted, lets copies arrive, and returns the counts. */
async function settle(engine: Sluice, ids: readonly number[]): Promise<Map<number, number>> {
  await waitFor(async () => {
    const seen = await counted(engine);
    return ids.every((id) => seen.has(id));
  }, 30_000, `ids ${ids[0]}..${ids[ids.length - 1]}`);
  await new Promise((r) => setTimeout(r, 700));
  await engine.executeScript('FLUSH;');
  return counted(engine);
}

const once = (ids: readonly number[]): Map<number, number> => new Map(ids.map((id) => [id, 1]));

const VIEW = 'CREATE MATERIALIZED VIEW IF NOT EXISTS per_id AS SELECT id, count(*) AS n FROM ms GROUP BY id;';

function source(url: string, topic: string): string {
  return `CREATE SOURCE IF NOT EXISTS ms (id BIGINT, grp VARCHAR, v BIGINT) WITH (connector = 'mqtt', url = '${url}', topic = '${topic}', qos = '1');`;
}

describe.skipIf(skip !== null)('mqtt source sessions', () => {
  it('counts each message once per run when the session of an earlier source (other topics, overlapping ones) is reused', async () => {
    const b = await broker();
    try {
      // same source name in every run, hence the same session; run 1's filter overlaps run 2's
      const runs = [{ filter: 'r1/#', topic: 'r1/a' }, { filter: 'r1/a', topic: 'r1/a' }, { filter: 'r3', topic: 'r3' }];
      for (const [i, run] of runs.entries()) {
        const engine = await Sluice.open({ batchIntervalMs: 20 });
        try {
          await engine.executeScript(source(b.url, run.filter) + VIEW);
          await new Promise((r) => setTimeout(r, 300));
          const ids = range(i * 10_000, i * 10_000 + 500);
          await publish(b.url, run.topic, ids[0]!, ids[0]! + 500);
          // run 1's wildcard subscription is still in the session: these must not be read
          if (i > 0) await publish(b.url, 'r1/stale', 90_000, 90_100);
          expect(await settle(engine, ids)).toEqual(once(ids));
        } finally {
          await engine.close();
        }
      }
    } finally {
      await b.stop();
      await b.remove();
    }
  });

  it('restarted without a data directory, reads what came while it was down and nothing it acknowledged', async () => {
    const b = await broker();
    try {
      for (const [from, to] of [[0, 2_000], [3_000, 5_000], [6_000, 8_000]] as const) {
        const engine = await Sluice.open({ batchIntervalMs: 20 });
        try {
          await engine.executeScript(source(b.url, 'same') + VIEW);
          await new Promise((r) => setTimeout(r, 300));
          await publish(b.url, 'same', from + 1_000, to);
          // the 1,000 before `from + 1000` were published while no engine ran (the session queued them)
          const ids = from === 0 ? range(1_000, to) : range(from, to);
          expect(await settle(engine, ids)).toEqual(once(ids));
        } finally {
          await engine.close(); // right after the last batch: its PUBACKs must reach the broker
        }
        await publish(b.url, 'same', to + 1_000, to + 2_000);
      }
    } finally {
      await b.stop();
      await b.remove();
    }
  });

  it('restarted with a data directory, counts every message exactly once, also when closed mid-stream', async () => {
    const b = await broker();
    const { dir, remove } = await tempDir('mqtt-durable');
    try {
      let engine = await Sluice.open({ dataDir: dir, batchIntervalMs: 20 });
      await engine.executeScript(source(b.url, 'durable') + VIEW);
      await new Promise((r) => setTimeout(r, 300));
      const publishing = publish(b.url, 'durable', 0, 5_000);
      // close while messages stream in: some are logged, some received but not, some still at the broker
      await waitFor(async () => (await counted(engine)).size >= 1_000, 30_000, 'the first rows');
      await engine.close();
      await publishing;
      await publish(b.url, 'durable', 5_000, 6_000);
      engine = await Sluice.open({ dataDir: dir, batchIntervalMs: 20 });
      try {
        await publish(b.url, 'durable', 6_000, 7_000);
        expect(await settle(engine, range(0, 7_000))).toEqual(once(range(0, 7_000)));
      } finally {
        await engine.close();
      }
      engine = await Sluice.open({ dataDir: dir, batchIntervalMs: 20 });
      try {
        await publish(b.url, 'durable', 7_000, 7_100);
        expect(await settle(engine, range(0, 7_100))).toEqual(once(range(0, 7_100)));
      } finally {
        await engine.close();
      }
    } finally {
      await b.stop();
      await b.remove();
      await remove();
    }
  });

  it('drops the copies a broker sends after a reconnect, of held messages and of ones acknowledged while it was away', async () => {
    const b = await broker();
    const schema = schemaOf([field('id', T.bigint), field('grp', T.varchar), field('v', T.bigint)]);
    const ctx = { name: 'recon', schema, options: { url: b.url, topic: 'recon', qos: '1' }, format: { format: 'plain', encode: 'json', options: {} }, report: () => {} };
    const connector = getSourceConnector('mqtt');
    let reader = connector.createReader(ctx);
    try {
      await reader.open();
      await publish(b.url, 'recon', 0, 120);
      expect((await collect(reader, 119)).ids).toEqual(range(0, 120));
      await reader.acknowledge!({ seq: 60 }); // PUBACKs for 1..60 go out now
      await new Promise((r) => setTimeout(r, 200));
      await b.restart(); // the session (61..120 unacknowledged) survives the broker restart
      await reader.acknowledge!({ seq: 100 }); // while disconnected: PUBACKs for 61..100 wait
      await waitFor(() => reader.metrics!()['connected'] === 1, 20_000, 'the reconnect');
      await publish(b.url, 'recon', 120, 130);
      const after = await collect(reader, 129);
      expect(after.ids).toEqual(range(120, 130)); // no copy of 0..119
      await reader.acknowledge!(after.offset);
      await new Promise((r) => setTimeout(r, 200));
      await reader.close();
      reader = connector.createReader(ctx); // same client id: everything was acknowledged
      await reader.open();
      await publish(b.url, 'recon', 130, 135);
      expect((await collect(reader, 134)).ids).toEqual(range(130, 135));
    } finally {
      await reader.close();
      await b.stop();
      await b.remove();
    }
  });
});

/** Polls until `lastId` came, then 500 ms more (copies would come meanwhile): the ids in order. */
async function collect(reader: SourceReader, lastId: number): Promise<{ ids: number[]; offset: unknown }> {
  const ids: number[] = [];
  let offset: unknown = null;
  let settleUntil = Infinity;
  const deadline = Date.now() + 20_000;
  while (Date.now() < Math.min(deadline, settleUntil)) {
    const batch = await reader.poll(10_000);
    if (batch && batch.delta.length > 0) {
      offset = batch.offset;
      for (const row of deltaRows(batch.delta)) ids.push(Number(row.values[0]));
      if (ids.includes(lastId) && settleUntil === Infinity) settleUntil = Date.now() + 500;
    } else {
      await new Promise((r) => setTimeout(r, 20));
    }
  }
  return { ids, offset };
}
