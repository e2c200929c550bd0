/**
 * `connector = 'kafka'` as a sink: each change becomes a record of `topic` whose value is the
 * row as a JSON object and whose key, with `primary_key = 'a,b'`, is the key columns as a
 * JSON object (`{"a":1,"b":"x"}`).
 *
 * `type = 'append-only'` (default): a deletion is the row plus `"__op": "-"`.
 * `type = 'upsert'` (needs `primary_key`): per key the batch's last change; a deletion is a
 * tombstone (the key with a null value), so a compacted topic holds the current rows.
 *
 * Records are produced at `commit`. When the brokers support transactions, a batch is one
 * transaction (transactional id `sluice-<sink>`): consumers reading committed records see a
 * batch whole or not at all. Brokers without them (librdkafka's mock cluster) get an
 * idempotent producer instead (or a plain one), reported once as a notice: a batch replayed
 * after a restart is produced again, so delivery is at least once (idempotent per key for
 * upsert sinks, whose consumers keep the last record per key).
 */
import type { Producer } from 'kafkajs';
import type { Delta } from '../../delta.js';
import { EngineError } from '../../errors.js';
import type { SinkConnector, SinkContext, SinkWriter } from '../sink.js';
import { readSinkKey, sinkChanges, type SinkKeySpec } from '../sink-key.js';
import { kafkaClient, kafkaSettings, type KafkaSettings } from './kafka-client.js';

type ProducerMode = 'transactional' | 'idempotent' | 'plain';

/** The `kafka` sink connector. */
export const kafkaSinkConnector: SinkConnector = {
  name: 'kafka',
  validate(ctx) {
    kafkaSettings(ctx.options, ctx.name);
    readSinkKey(ctx);
  },
  createWriter(ctx) {
    return new KafkaSinkWriter(ctx);
  },
};

/** Produces committed batches; see the module comment. */
export class KafkaSinkWriter implements SinkWriter {
  private readonly settings: KafkaSettings;
  private readonly key: SinkKeySpec;
  private producer: Producer | null = null;
  private transactional = true;
  private pending: { batchId: number; deltas: Delta[] } | null = null;

  constructor(private readonly ctx: SinkContext) {
    this.settings = kafkaSettings(ctx.options, ctx.name);
    this.key = readSinkKey(ctx);
  }

  async open(): Promise<void> {
    await this.connect('transactional');
  }

  async write(batchId: number, deltas: readonly Delta[]): Promise<void> {
    if (this.pending?.batchId !== batchId) this.pending = { batchId, deltas: [] };
    this.pending.deltas.push(...deltas);
  }

  async commit(batchId: number): Promise<void> {
    const deltas = this.pending?.batchId === batchId ? this.pending.deltas : [];
    this.pending = null;
    const messages = sinkChanges(deltas, this.key).map((change) => {
      const deleted = change.op < 0;
      const value = deleted && this.key.upsert ? null : JSON.stringify(deleted ? { ...change.row, __op: '-' } : change.row);
      return { key: change.key, value };
    });
    if (messages.length === 0) return;
    const record = { topic: this.settings.topic, messages };
    try {
      if (this.transactional) {
        const tx = await this.producer!.transaction();
        try {
          await tx.send(record);
          await tx.commit();
        } catch (e) {
          await tx.abort().catch(() => undefined);
          throw e;
        }
        return;
      }
      await this.producer!.send(record);
    } catch (e) {
      throw this.failure('produce a batch to', e);
    }
  }

  async close(): Promise<void> {
    await this.producer?.disconnect().catch(() => undefined);
    this.producer = null;
  }

  /**
   * Connects the strongest producer the brokers support: transactional, else idempotent (no
   * duplicates from the producer's own retries), else plain.
   */
  private async connect(mode: ProducerMode): Promise<void> {
    const kafka = kafkaClient(this.settings);
    const producer = mode === 'transactional'
      ? kafka.producer({ transactionalId: `sluice-${this.ctx.name}`, idempotent: true, maxInFlightRequests: 1 })
      : kafka.producer({ idempotent: mode === 'idempotent', maxInFlightRequests: mode === 'idempotent' ? 1 : 5 });
    try {
      await producer.connect();
      // finding a coordinator / a producer id is what fails on brokers without these features
      if (mode === 'transactional') await (await producer.transaction()).abort();
      if (mode === 'idempotent') await producer.send({ topic: this.settings.topic, messages: [] });
    } catch (e) {
      await producer.disconnect().catch(() => undefined);
      const weaker = mode === 'transactional' ? 'idempotent' : mode === 'idempotent' ? 'plain' : null;
      if (weaker === null) throw this.failure('connect to', e);
      if (mode === 'transactional') this.ctx.notice?.(`sink ${this.ctx.name}: the Kafka brokers do not support transactions (${(e as Error).message}); producing without them, at least once`);
      return this.connect(weaker);
    }
    this.producer = producer;
    this.transactional = mode === 'transactional';
  }

  private failure(action: string, e: unknown): EngineError {
    return new EngineError('sink-write-failed', `sink ${this.ctx.name}: cannot ${action} Kafka topic '${this.settings.topic}' at ${this.settings.brokers.join(',')}: ${(e as Error).message}`, 'external', {
      retryable: true, operator: `sink ${this.ctx.name}`, cause: e,
    });
  }
}
