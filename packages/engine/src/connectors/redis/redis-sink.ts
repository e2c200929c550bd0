/**
 * `connector = 'redis'` as a sink. Options: `url` (required) and one target:
 *
 * - `stream = 'name'`: every change is an entry (`XADD name * col value ...`), one field per
 *   non-NULL column as PostgreSQL text, plus `__op = '-'` on a deletion (this engine's redis
 *   source reads such entries back as rows).
 * - `hash = 'name'` with `type = 'upsert'` and `primary_key = 'id'`: the hash holds the current
 *   rows: `HSET name <key JSON> <row JSON>`, `HDEL` for a deleted key.
 *
 * Exactly once: a batch is written in one MULTI/EXEC transaction together with the batch id
 * under `sluice:sink:<sink>`; the commit WATCHes that key and skips a batch at or below the
 * stored id (a batch replayed after a restart). A connection failure at commit is retried
 * with back-off (reported as a notice) until Redis is back.
 */
import { Redis } from 'ioredis';
import type { Delta } from '../../delta.js';
import { EngineError } from '../../errors.js';
import { Backoff, sleep } from '../broker-reader.js';
import { invalidOption, requireOption } from '../options.js';
import type { SinkConnector, SinkContext, SinkWriter } from '../sink.js';
import { readSinkKey, sinkChanges, type SinkChange, type SinkKeySpec } from '../sink-key.js';

interface RedisSinkSettings {
  readonly url: string;
  readonly target: { kind: 'stream' | 'hash'; name: string };
  readonly key: SinkKeySpec;
}

/** The `redis` sink connector. */
export const redisSinkConnector: SinkConnector = {
  name: 'redis',
  validate(ctx) {
    settingsOf(ctx);
  },
  createWriter(ctx) {
    return new RedisSinkWriter(ctx, settingsOf(ctx));
  },
};

function settingsOf(ctx: SinkContext): RedisSinkSettings {
  const url = requireOption(ctx.options, 'url', "url = 'redis://127.0.0.1:6379'");
  const stream = ctx.options['stream'];
  const hash = ctx.options['hash'];
  if ((stream === undefined) === (hash === undefined)) throw invalidOption('stream', "give either stream = '...' (XADD) or hash = '...' (HSET by primary key)");
  const key = readSinkKey(ctx);
  if (hash !== undefined && !key.upsert) throw invalidOption('type', "hash = '...' keeps current rows: set type = 'upsert' and primary_key");
  return { url, target: stream !== undefined ? { kind: 'stream', name: stream } : { kind: 'hash', name: hash! }, key };
}

/** Writes batches transactionally; see the module comment. */
export class RedisSinkWriter implements SinkWriter {
  private client: Redis | null = null;
  private pending: { batchId: number; deltas: Delta[] } | null = null;
  private closed = false;

  constructor(private readonly ctx: SinkContext, private readonly settings: RedisSinkSettings) {}

  private get progressKey(): string {
    return `sluice:sink:${this.ctx.name}`;
  }

  async open(): Promise<void> {
    this.client = new Redis(this.settings.url, { lazyConnect: true, maxRetriesPerRequest: 1, retryStrategy: (n) => Math.min(100 * 2 ** n, 5_000) });
    this.client.on('error', () => undefined);
    if (this.ctx.restored) return; // connect at the first commit, waiting for Redis if need be
    try {
      await this.client.connect();
      await this.client.del(this.progressKey); // a new sink starts its batch ids afresh
    } catch (e) {
      throw this.failure('connect to', e);
    }
  }

  async write(batchId: number, deltas: readonly Delta[]): Promise<void> {
    if (this.pending?.batchId !== batchId) this.pending = { batchId, deltas: [] };
    this.pending.deltas.push(...deltas);
  }

  async commit(batchId: number): Promise<void> {
    const deltas = this.pending?.batchId === batchId ? this.pending.deltas : [];
    this.pending = null;
    const changes = sinkChanges(deltas, this.settings.key);
    const backoff = new Backoff(30_000);
    for (;;) {
      try {
        await this.commitOnce(batchId, changes);
        return;
      } catch (e) {
        if (this.closed || e instanceof EngineError) throw this.failure('write a batch to', e);
        const delay = backoff.next();
        this.ctx.notice?.(`sink ${this.ctx.name}: Redis is unreachable (${(e as Error).message}); retrying batch ${batchId} in ${delay / 1000}s`);
        await sleep(delay);
      }
    }
  }

  async close(): Promise<void> {
    this.closed = true;
    this.client?.disconnect();
    this.client = null;
  }

  private async commitOnce(batchId: number, changes: readonly SinkChange[]): Promise<void> {
    const client = this.client!;
    if (client.status === 'wait' || client.status === 'end') await client.connect();
    for (let attempt = 0; attempt < 10; attempt++) {
      await client.watch(this.progressKey);
      const done = Number((await client.get(this.progressKey)) ?? 0);
      if (done >= batchId) {
        await client.unwatch();
        return; // written before a restart
      }
      const tx = client.multi();
      const { kind, name } = this.settings.target;
      for (const change of changes) {
        if (kind === 'hash') {
          if (change.op > 0) tx.hset(name, change.key!, JSON.stringify(change.row));
          else tx.hdel(name, change.key!);
          continue;
        }
        const fields: string[] = [];
        for (const [column, value] of Object.entries(change.row)) {
          if (value !== null) fields.push(column, typeof value === 'string' ? value : JSON.stringify(value));
        }
        if (change.op < 0) fields.push('__op', '-');
        tx.xadd(name, '*', ...fields);
      }
      tx.set(this.progressKey, String(batchId));
      if ((await tx.exec()) !== null) return; // null: the progress key changed meanwhile; look again
    }
    throw new EngineError('sink-write-failed', `sink ${this.ctx.name}: another writer keeps changing ${this.progressKey}`, 'external');
  }

  private failure(action: string, e: unknown): EngineError {
    if (e instanceof EngineError) return e;
    return new EngineError('sink-write-failed', `sink ${this.ctx.name}: cannot ${action} Redis at ${this.settings.url}: ${(e as Error).message}`, 'external', {
      retryable: true, operator: `sink ${this.ctx.name}`, cause: e,
    });
  }
}
