/**
 * `kill -9` of the `sluice` CLI while it consumes a NATS JetStream stream (a nats-server of
 * the test's own, on a free port): 24,000 records, some published before the first start and
 * the rest while the job is killed at random moments at least five times and restarted; a last
 * run FLUSHes and prints the view. Nothing lost, nothing read twice: the view and the file sink
 * equal an uninterrupted run's (see broker-kill-nine.ts). Needs nats-server (skipped with a
 * reason when missing, unless SLUICE_REQUIRE_SERVICES=1).
 */
import { connect, StringCodec, type NatsConnection } from 'nats';
import { afterAll, beforeAll, describe, it } from 'vitest';
import { freePort, installed, record, startNats, tempDir, unavailable, type OwnedProcess } from '../connectors/services.js';
import { killNineAgainstBroker } from './broker-kill-nine.js';

const skip = await unavailable('nats-server', async () => installed('nats-server'));
const sc = StringCodec();

describe.skipIf(skip !== null)('recovery: kill -9 while reading NATS JetStream', () => {
  let url = '';
  let server: OwnedProcess | undefined;
  let nc: NatsConnection | undefined;
  let work: { dir: string; remove: () => Promise<void> };

  beforeAll(async () => {
    work = await tempDir('nats-kill9');
    const port = await freePort();
    server = await startNats(port, work.dir);
    url = `nats://127.0.0.1:${port}`;
    nc = await connect({ servers: url });
    await (await nc.jetstreamManager()).streams.add({ name: 'EV', subjects: ['ev.>'] });
  });

  afterAll(async () => {
    await nc?.close();
    await server?.stop();
    await work?.remove();
  });

  it('leaves the view and the file sink exactly as an uninterrupted run does', async () => {
    await killNineAgainstBroker({
      sourceOptions: () => `connector = 'nats', server_url = '${url}', stream = 'EV', subject = 'ev.in'`,
      publish: async (from, to) => {
        const js = nc!.jetstream();
        const acks = [];
        for (let id = from; id < to; id++) acks.push(js.publish('ev.in', sc.encode(record(id))));
        await Promise.all(acks);
      },
    }, {
      before: 8_000, total: 24_000, publishOverMs: 15_000, kills: 6, minMs: 1_000, maxMs: 4_000,
      seed: Number(process.env['SLUICE_KILL_SEED'] ?? Date.now() % 1_000_000),
    }, work.dir);
  }, 180_000); // kills, restarts and a slow broker on a busy machine: minutes, not seconds
});
