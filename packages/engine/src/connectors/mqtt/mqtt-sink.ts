/**
 * `connector = 'mqtt'` as a sink: each change is published to `topic` as a JSON row object (a
 * deletion carries `"__op": "-"`). Options: `url` (required), `topic` (required), `qos`
 * (0 | 1, default 1), `retain` ('false'). Messages are published at `commit`; with QoS 1 the
 * commit waits for every PUBACK, so a committed batch has reached the broker (at least once:
 * a batch replayed after a restart is published again).
 */
import mqtt, { type MqttClient } from 'mqtt';
import type { Delta } from '../../delta.js';
import { EngineError } from '../../errors.js';
import { encodeChanges } from '../change-encoder.js';
import { invalidOption, readBoolean, requireOption } from '../options.js';
import type { SinkConnector, SinkContext, SinkWriter } from '../sink.js';
import { readQos } from './mqtt-source.js';

/** The `mqtt` sink connector. */
export const mqttSinkConnector: SinkConnector = {
  name: 'mqtt',
  validate(ctx) {
    const url = requireOption(ctx.options, 'url', "url = 'mqtt://127.0.0.1:1883'");
    if (!/^(mqtts?|wss?|tcp):\/\//i.test(url)) throw invalidOption('url', `must start with mqtt://, got '${url}'`);
    requireOption(ctx.options, 'topic', "topic = 'results'");
    readQos(ctx.options['qos'], 1);
    readBoolean(ctx.options, 'retain', false);
  },
  createWriter(ctx) {
    return new MqttSinkWriter(ctx);
  },
};

/** Publishes committed batches; see the module comment. */
export class MqttSinkWriter implements SinkWriter {
  private client: MqttClient | null = null;
  private pending: { batchId: number; lines: string[] } | null = null;
  private readonly url: string;
  private readonly topic: string;
  private readonly qos: 0 | 1;
  private readonly retain: boolean;

  constructor(private readonly ctx: SinkContext) {
    this.url = requireOption(ctx.options, 'url');
    this.topic = requireOption(ctx.options, 'topic');
    this.qos = readQos(ctx.options['qos'], 1);
    this.retain = readBoolean(ctx.options, 'retain', false);
  }

  async open(): Promise<void> {
    try {
      this.client = await mqtt.connectAsync(this.url, { clientId: `sluice-sink-${this.ctx.name}`, reconnectPeriod: 1000, connectTimeout: 10_000 });
      this.client.on('error', () => undefined); // publish failures surface at commit
    } catch (e) {
      throw this.failure('connect to', e);
    }
  }

  async write(batchId: number, deltas: readonly Delta[]): Promise<void> {
    if (this.pending?.batchId !== batchId) this.pending = { batchId, lines: [] };
    for (const delta of deltas) this.pending.lines.push(...encodeChanges(delta, { encode: 'json', ops: false, delimiter: ',' }, this.ctx.name));
  }

  async commit(batchId: number): Promise<void> {
    const lines = this.pending?.batchId === batchId ? this.pending.lines : [];
    this.pending = null;
    try {
      const sent: Promise<unknown>[] = [];
      for (const line of lines) {
        sent.push(this.client!.publishAsync(this.topic, line, { qos: this.qos, retain: this.retain }));
        if (sent.length >= 1000) await Promise.all(sent.splice(0));
      }
      await Promise.all(sent);
    } catch (e) {
      throw this.failure('publish a batch to', e);
    }
  }

  async close(): Promise<void> {
    await this.client?.endAsync().catch(() => undefined);
    this.client = null;
  }

  private failure(action: string, e: unknown): EngineError {
    return new EngineError('sink-write-failed', `sink ${this.ctx.name}: cannot ${action} MQTT topic '${this.topic}' at ${this.url}: ${(e as Error).message}`, 'external', {
      retryable: true, operator: `sink ${this.ctx.name}`, cause: e,
    });
  }
}
