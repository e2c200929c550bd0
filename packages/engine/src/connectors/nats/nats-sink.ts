/**
 * `connector = 'nats'` as a sink: each change is published to `subject` as a JSON row object
 * (a deletion carries `"__op": "-"`, as in the file sink).
 *
 * Options: `server_url` (required), `subject` (required). When a JetStream stream captures
 * the subject, messages are published through JetStream with a message id
 * `<sink>:<batch>:<n>`, so a batch replayed after a restart within the stream's duplicate
 * window (2 minutes by default) is not stored twice; otherwise they are published on core
 * NATS (at most once to whoever listens). Publishing happens at `commit`.
 */
import { connect, type JetStreamClient, type NatsConnection } from 'nats';
import type { Delta } from '../../delta.js';
import { EngineError } from '../../errors.js';
import { encodeChanges } from '../change-encoder.js';
import { requireOption } from '../options.js';
import type { SinkConnector, SinkContext, SinkWriter } from '../sink.js';
import { natsServers } from './nats-source.js';

/** The `nats` sink connector. */
export const natsSinkConnector: SinkConnector = {
  name: 'nats',
  validate(ctx) {
    natsServers(requireOption(ctx.options, 'server_url', "server_url = 'nats://127.0.0.1:4222'"));
    requireOption(ctx.options, 'subject', "subject = 'results'");
  },
  createWriter(ctx) {
    return new NatsSinkWriter(ctx);
  },
};

/** Publishes committed batches; see the module comment. */
export class NatsSinkWriter implements SinkWriter {
  private nc: NatsConnection | null = null;
  private js: JetStreamClient | null = null;
  private jetstream = true;
  private pending: { batchId: number; lines: string[] } | null = null;
  private readonly subject: string;
  private readonly servers: string[];

  constructor(private readonly ctx: SinkContext) {
    this.subject = requireOption(ctx.options, 'subject');
    this.servers = natsServers(requireOption(ctx.options, 'server_url'));
  }

  async open(): Promise<void> {
    try {
      this.nc = await connect({ servers: this.servers, maxReconnectAttempts: -1, reconnectTimeWait: 100, name: `sluice-${this.ctx.name}` });
      this.js = this.nc.jetstream();
      const jsm = await this.nc.jetstreamManager();
      this.jetstream = await jsm.streams.find(this.subject).then(() => true, () => false);
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
    const encoder = new TextEncoder();
    try {
      if (!this.jetstream) {
        for (const line of lines) this.nc!.publish(this.subject, encoder.encode(line));
        await this.nc!.flush();
        return;
      }
      const acks: Promise<unknown>[] = [];
      for (let i = 0; i < lines.length; i++) {
        acks.push(this.js!.publish(this.subject, encoder.encode(lines[i]!), { msgID: `${this.ctx.name}:${batchId}:${i}`, timeout: 30_000 }));
        if (acks.length >= 1000) await Promise.all(acks.splice(0));
      }
      await Promise.all(acks);
    } catch (e) {
      throw this.failure('publish a batch to', e);
    }
  }

  async close(): Promise<void> {
    await this.nc?.drain().catch(() => undefined);
    this.nc = null;
  }

  private failure(action: string, e: unknown): EngineError {
    return new EngineError('sink-write-failed', `sink ${this.ctx.name}: cannot ${action} NATS subject '${this.subject}' at ${this.servers.join(',')}: ${(e as Error).message}`, 'external', {
      retryable: true, operator: `sink ${this.ctx.name}`, cause: e,
    });
  }
}
