/**
 * `kill -9` of the `sluice` CLI while it consumes a Kafka topic (librdkafka's mock cluster,
 * started through kcat; the topic is auto-created with several partitions): 24,000 records, some published before the first start
 * and the rest while the job is killed at random moments at least five times and restarted;
 * a last run FLUSHes and prints the view. Nothing lost, nothing read twice: the view and the
 * file sink equal an uninterrupted run's (see broker-kill-nine.ts). Needs kcat (skipped with a
 * reason when missing, unless SLUICE_REQUIRE_SERVICES=1).
 */
import { Kafka, logLevel, type Producer } from 'kafkajs';
import { afterAll, beforeAll, describe, it } from 'vitest';
import { installed, record, startKafkaMock, tempDir, unavailable, type OwnedProcess } from '../connectors/services.js';
import { killNineAgainstBroker } from './broker-kill-nine.js';

const skip = await unavailable('kcat (the Kafka mock cluster)', async () => installed('kcat'));
const TOPIC = 'kill9-events';

describe.skipIf(skip !== null)('recovery: kill -9 while reading Kafka', () => {
  let bootstrap = '';
  let mock: OwnedProcess | undefined;
  let producer: Producer | undefined;
  let work: { dir: string; remove: () => Promise<void> };

  beforeAll(async () => {
    process.env['KAFKAJS_NO_PARTITIONER_WARNING'] = '1';
    ({ bootstrap, process: mock } = await startKafkaMock());
    const kafka = new Kafka({ brokers: [bootstrap], logLevel: logLevel.NOTHING });
    producer = kafka.producer();
    await producer.connect();
    work = await tempDir('kafka-kill9');
  });

  afterAll(async () => {
    await producer?.disconnect();
    await mock?.stop();
    await work?.remove();
  });

  it('leaves the view and the file sink exactly as an uninterrupted run does', async () => {
    await killNineAgainstBroker({
      // a consumer group per run, so the uninterrupted run never shares partitions with the
      // other; a short session, so a restart waits ~3 s (not 10) for its killed predecessor
      sourceOptions: (run) => `connector = 'kafka', topic = '${TOPIC}', properties.bootstrap.server = '${bootstrap}', `
        + `properties.group.id = 'kill9-${run}', properties.session.timeout.ms = '3000'`,
      publish: async (from, to) => {
        const messages = [];
        for (let id = from; id < to; id++) messages.push({ key: String(id), value: record(id) });
        await producer!.send({ topic: TOPIC, messages });
      },
    }, {
      before: 8_000, total: 24_000, publishOverMs: 20_000, kills: 5, minMs: 3_000, maxMs: 7_000,
      seed: Number(process.env['SLUICE_KILL_SEED'] ?? Date.now() % 1_000_000),
    }, work.dir);
  }, 180_000); // kills, restarts and a slow broker on a busy machine: minutes, not seconds
});
