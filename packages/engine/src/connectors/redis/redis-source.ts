/**
 * `connector = 'redis'` as a source: the entries of a Redis Stream, read with XREAD.
 *
 * Options: `url` (`redis://127.0.0.1:6379`, required), `stream` (the key, required),
 * `scan.startup.mode` ('earliest' default | 'latest'), `field` (take the value from this entry
 * field and decode it per FORMAT; absent: the entry's fields are one JSON object, so
 * `XADD s * id 1 name ann` gives the row `{"id":"1","name":"ann"}`), `key.field` (the field
 * holding the message key, for FORMAT UPSERT; an entry without `field` is then a deletion),
 * plus the broker-source options (broker-reader.ts).
 *
 * Offsets are entry ids: `{ "id": "1700000000000-0" }`, the last entry handed out; reading
 * resumes with `XREAD ... STREAMS key <id>`, so a restore continues exactly. Connection
 * failures are retried with back-off (100 ms doubling to 5 s) and reported once per outage.
 * Plain XREAD involves no consumer group: there is nothing to acknowledge.
 */
import { Redis } from 'ioredis';
import { EngineError } from '../../errors.js';
import type { Message } from '../../formats/message-decoder.js';
import { Backoff, BrokerSourceReader, sleep, validateBrokerOptions } from '../broker-reader.js';
import { invalidOption, requireOption } from '../options.js';
import { checkReachable, urlAddresses } from '../reachability.js';
import type { SourceBatch, SourceConnector, SourceContext } from '../source.js';

/** A source offset: the id of the last entry handed out (`0-0`: before the first). */
export interface RedisOffset {
  readonly id: string;
}

interface RedisEntry extends Message {
  readonly id: string;
}

/** The `redis` source connector. */
export const redisSourceConnector: SourceConnector = {
  name: 'redis',
  validate(ctx) {
    redisSettings(ctx);
    validateBrokerOptions(ctx);
  },
  async check(ctx) {
    await checkReachable(ctx.name, 'url', urlAddresses('url', redisSettings(ctx).url, { redis: 6379, rediss: 6379 }, 'redis'));
  },
  isBounded() {
    return false;
  },
  createReader(ctx) {
    return new RedisSourceReader(ctx);
  },
};

function redisSettings(ctx: SourceContext): { url: string; stream: string; latest: boolean; field: string | null; keyField: string | null } {
  const url = requireOption(ctx.options, 'url', "url = 'redis://127.0.0.1:6379'");
  if (!/^rediss?:\/\//i.test(url)) throw invalidOption('url', `must start with redis://, got '${url}'`);
  const mode = (ctx.options['scan.startup.mode'] ?? 'earliest').toLowerCase();
  if (mode !== 'earliest' && mode !== 'latest') throw invalidOption('scan.startup.mode', `must be 'earliest' or 'latest', got '${ctx.options['scan.startup.mode']}'`);
  return { url, stream: requireOption(ctx.options, 'stream', "stream = 'events'"), latest: mode === 'latest', field: ctx.options['field'] ?? null, keyField: ctx.options['key.field'] ?? null };
}

/** Compares two stream ids (`ms-seq`). */
export function compareStreamIds(a: string, b: string): number {
  const [am, as] = a.split('-');
  const [bm, bs] = b.split('-');
  const ms = BigInt(am!) - BigInt(bm!);
  if (ms !== 0n) return ms < 0n ? -1 : 1;
  const seq = BigInt(as ?? '0') - BigInt(bs ?? '0');
  return seq === 0n ? 0 : seq < 0n ? -1 : 1;
}

/** Reads one stream; see the module comment. */
export class RedisSourceReader extends BrokerSourceReader<RedisEntry> {
  private readonly settings: ReturnType<typeof redisSettings>;
  private client: Redis | null = null;
  /** last id handed out / buffered */
  private taken = '0-0';
  private fetched = '0-0';
  private lastInStream = '0-0';
  private seeked = false;
  private paused = false;
  private closed = false;
  private loop: Promise<void> | null = null;
  private readonly backoff = new Backoff();

  constructor(ctx: SourceContext) {
    super(ctx);
    this.settings = redisSettings(ctx);
  }

  async open(): Promise<void> {
    this.closed = false;
    this.client = new Redis(this.settings.url, {
      lazyConnect: true,
      maxRetriesPerRequest: 1,
      retryStrategy: (times) => Math.min(100 * 2 ** times, 5_000),
    });
    this.client.on('error', () => undefined); // failures surface in the read loop
    try {
      await this.client.connect();
      this.lastInStream = await this.lastId();
    } catch (e) {
      this.client.disconnect();
      throw new EngineError('source-unavailable', `source ${this.ctx.name}: cannot read Redis stream '${this.settings.stream}' at ${this.settings.url}: ${(e as Error).message}`, 'external', {
        retryable: true, operator: `source ${this.ctx.name}`, cause: e,
      });
    }
    if (!this.seeked && this.settings.latest) this.taken = this.fetched = this.lastInStream;
  }

  async seek(offset: unknown): Promise<void> {
    this.seeked = true;
    this.taken = this.fetched = (offset as RedisOffset).id;
    this.clearBuffer();
  }

  override async poll(maxRows: number): Promise<SourceBatch | null> {
    this.loop ??= this.readLoop();
    if (this.bufferedRows === 0) await this.refreshLastId();
    return super.poll(maxRows);
  }

  override async pollTo(offset: unknown, maxRows: number): Promise<SourceBatch | null> {
    this.loop ??= this.readLoop();
    return super.pollTo(offset, maxRows);
  }

  override get caughtUp(): boolean {
    return this.bufferedRows === 0 && compareStreamIds(this.taken, this.lastInStream) >= 0;
  }

  override metrics(): Readonly<Record<string, number>> {
    return { ...super.metrics(), connected: this.client?.status === 'ready' ? 1 : 0 };
  }

  async close(): Promise<void> {
    this.closed = true;
    this.client?.disconnect();
    await this.loop?.catch(() => undefined);
    this.client = null;
  }

  protected currentOffset(): RedisOffset {
    return { id: this.taken };
  }

  protected advance(m: RedisEntry): void {
    this.taken = m.id;
  }

  protected isWithin(m: RedisEntry, offset: unknown): boolean {
    return compareStreamIds(m.id, (offset as RedisOffset).id) <= 0;
  }

  protected pauseConsumer(): void {
    this.paused = true;
  }

  protected resumeConsumer(): void {
    this.paused = false;
  }

  private async lastId(): Promise<string> {
    const last = await this.client!.xrevrange(this.settings.stream, '+', '-', 'COUNT', 1);
    return last[0]?.[0] ?? '0-0';
  }

  private async refreshLastId(): Promise<void> {
    try {
      this.lastInStream = await this.lastId();
    } catch {
      // unreachable now: the read loop reports and retries
    }
  }

  /** XREAD in the background until closed; waits while paused; backs off on failures. */
  private async readLoop(): Promise<void> {
    while (!this.closed) {
      if (this.paused) {
        await sleep(20);
        continue;
      }
      try {
        const space = Math.max(1, Math.min(5_000, this.bufferLimit - this.bufferedRows));
        const reply = await this.client!.xreadBuffer('COUNT', space, 'BLOCK', 500, 'STREAMS', this.settings.stream, this.fetched);
        this.backoff.reset();
        this.connected();
        if (reply) this.accept(reply[0]![1] as [Buffer, Buffer[]][]);
      } catch (e) {
        if (this.closed) return;
        this.reportOutage(this.settings.url, (e as Error).message);
        await sleep(this.backoff.next());
      }
    }
  }

  private accept(entries: [Buffer, Buffer[]][]): void {
    const out: RedisEntry[] = [];
    for (const [rawId, fields] of entries) {
      const id = rawId.toString();
      out.push({ id, key: this.fieldOf(fields, this.settings.keyField), value: this.entryValue(fields), position: `${this.settings.stream}@${id}` });
    }
    if (out.length === 0) return;
    this.fetched = out[out.length - 1]!.id;
    if (compareStreamIds(this.fetched, this.lastInStream) > 0) this.lastInStream = this.fetched;
    this.receive(out);
  }

  private fieldOf(fields: Buffer[], name: string | null): Uint8Array | null {
    if (name === null) return null;
    for (let i = 0; i + 1 < fields.length; i += 2) if (fields[i]!.toString() === name) return fields[i + 1]!;
    return null;
  }

  private entryValue(fields: Buffer[]): Uint8Array | string | null {
    if (this.settings.field !== null) return this.fieldOf(fields, this.settings.field);
    const row: Record<string, string> = {};
    for (let i = 0; i + 1 < fields.length; i += 2) row[fields[i]!.toString()] = fields[i + 1]!.toString();
    return JSON.stringify(row);
  }
}
