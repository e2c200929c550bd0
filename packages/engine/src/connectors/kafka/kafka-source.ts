/**
 * `connector = 'kafka'` as a source: every partition of `topic`, read with kafkajs.
 *
 * Options: `properties.bootstrap.server` (required), `topic` (required), `scan.startup.mode`
 * ('earliest' default | 'latest' | 'timestamp' with `scan.startup.timestamp.millis`),
 * `properties.group.id` (default `sluice-<source>`, suffixed per extra reader in a process),
 * `properties.session.timeout.ms` (default 10000), plus the broker-source options
 * (broker-reader.ts: `buffer.rows`, `rate_limit`, `on_error`).
 *
 * Offsets: `{ "partitions": { "<partition>": <next offset> } }` for every partition, fixed at
 * `open` from the startup mode, so a restore (`seek`) continues exactly where a checkpoint
 * was. The consumer group only reports progress: its offsets are committed in `acknowledge`
 * (after the batch's checkpoint), never read back. Messages kafkajs fetches again (after a
 * rebalance) are dropped by offset. `metrics()` adds `lag`: the broker's high watermarks
 * minus the offsets handed out.
 */
import type { Admin, Consumer, EachBatchPayload, Kafka } from 'kafkajs';
import { EngineError } from '../../errors.js';
import type { Message } from '../../formats/message-decoder.js';
import { BrokerSourceReader, validateBrokerOptions } from '../broker-reader.js';
import { invalidOption, readInteger } from '../options.js';
import { checkReachable, hostPortAddress } from '../reachability.js';
import type { SourceBatch, SourceConnector, SourceContext } from '../source.js';
import { kafkaClient, kafkaSettings, type KafkaSettings } from './kafka-client.js';

/** A source offset: the next offset to read per partition. */
export interface KafkaOffset {
  readonly partitions: Readonly<Record<string, number>>;
}

interface KafkaMessage extends Message {
  readonly partition: number;
  readonly offset: number;
}

type StartupMode = { mode: 'earliest' } | { mode: 'latest' } | { mode: 'timestamp'; millis: number };

/** The `kafka` source connector. */
export const kafkaSourceConnector: SourceConnector = {
  name: 'kafka',
  validate(ctx) {
    kafkaSettings(ctx.options, ctx.name);
    startupMode(ctx);
    sessionTimeoutMs(ctx);
    validateBrokerOptions(ctx);
  },
  async check(ctx) {
    const option = ctx.options['properties.bootstrap.server'] !== undefined ? 'properties.bootstrap.server' : 'brokers';
    await checkReachable(ctx.name, option, kafkaSettings(ctx.options, ctx.name).brokers.map(hostPortAddress));
  },
  isBounded() {
    return false;
  },
  createReader(ctx) {
    return new KafkaSourceReader(ctx);
  },
};

function startupMode(ctx: SourceContext): StartupMode {
  const mode = (ctx.options['scan.startup.mode'] ?? 'earliest').toLowerCase();
  if (mode === 'earliest' || mode === 'latest') return { mode };
  if (mode !== 'timestamp') throw invalidOption('scan.startup.mode', `must be 'earliest', 'latest' or 'timestamp', got '${ctx.options['scan.startup.mode']}'`);
  if (ctx.options['scan.startup.timestamp.millis'] === undefined) throw invalidOption('scan.startup.timestamp.millis', "is required with scan.startup.mode = 'timestamp'");
  return { mode, millis: readInteger(ctx.options, 'scan.startup.timestamp.millis', 0, 0) };
}

/**
 * `properties.session.timeout.ms` (default 10 s): how long the group waits for a member that
 * stopped heartbeating. A reader restarted after a crash rejoins only once its dead
 * predecessor is dropped, so this is also how long such a restart waits before reading.
 */
function sessionTimeoutMs(ctx: SourceContext): number {
  return readInteger(ctx.options, 'properties.session.timeout.ms', 10_000, 1_000, 3_600_000);
}

/** Readers per group id in this process, so two pipelines over one source do not split partitions. */
const groupsInUse = new Map<string, number>();

/** Reads a topic; see the module comment. */
export class KafkaSourceReader extends BrokerSourceReader<KafkaMessage> {
  private readonly settings: KafkaSettings;
  private readonly kafka: Kafka;
  private admin: Admin | null = null;
  private consumer: Consumer | null = null;
  private groupId = '';
  /** next offset to hand out, per partition */
  private next = new Map<number, number>();
  /** next offset to buffer, per partition (drops refetched messages) */
  private fetched = new Map<number, number>();
  private high = new Map<number, number>();
  private seekTo: Map<number, number> | null = null;
  private highRefresh: Promise<void> | null = null;
  private highCheckedAt = 0;
  private closed = false;

  constructor(ctx: SourceContext) {
    super(ctx);
    this.settings = kafkaSettings(ctx.options, ctx.name);
    this.kafka = kafkaClient(this.settings);
  }

  async open(): Promise<void> {
    this.closed = false;
    const base = this.ctx.options['properties.group.id'] ?? `sluice-${this.ctx.name}`;
    const n = (groupsInUse.get(base) ?? 0) + 1;
    groupsInUse.set(base, n);
    this.groupId = n === 1 ? base : `${base}-${n}`;
    this.admin = this.kafka.admin();
    await this.guard('connect to', () => this.admin!.connect());
    const starts = await this.guard('read the offsets of', () => this.startOffsets());
    for (const [p, o] of starts) if (!this.next.has(p)) this.next.set(p, o);
    if (this.seekTo) this.next = new Map(this.seekTo);
    this.fetched = new Map(this.next);
    await this.refreshHigh();
  }

  // The consumer starts at the first poll, after any `seek`, so it never buffers from elsewhere.
  override async poll(maxRows: number): Promise<SourceBatch | null> {
    if (!this.consumer) await this.startConsumer();
    // nothing waits in memory: ask the broker what it holds, so FLUSH waits for records
    // produced before it (one metadata round trip per idle batch)
    if (this.bufferedRows === 0) await this.refreshHigh();
    return super.poll(maxRows);
  }

  override async pollTo(offset: unknown, maxRows: number): Promise<SourceBatch | null> {
    if (!this.consumer) await this.startConsumer();
    return super.pollTo(offset, maxRows);
  }

  async seek(offset: unknown): Promise<void> {
    const o = offset as KafkaOffset;
    this.seekTo = new Map(Object.entries(o.partitions).map(([p, n]) => [Number(p), n]));
    this.next = new Map(this.seekTo);
    this.fetched = new Map(this.next);
    this.clearBuffer();
    // a running consumer (a seek after polling) may still deliver a batch from before: rare, and
    // fetches after the seek start at `fetched`
    if (this.consumer) for (const [partition, at] of this.next) this.consumer.seek({ topic: this.settings.topic, partition, offset: String(at) });
  }

  async acknowledge(offset: unknown): Promise<void> {
    const consumer = this.consumer;
    if (!consumer) return;
    const topic = this.settings.topic;
    const partitions = Object.entries((offset as KafkaOffset).partitions).map(([p, o]) => ({ topic, partition: Number(p), offset: String(o) }));
    // progress reporting only: a failed commit (a rebalance under way) is made good by the next one
    await consumer.commitOffsets(partitions).catch(() => undefined);
  }

  override get caughtUp(): boolean {
    if (this.bufferedRows > 0) return false;
    this.maybeRefreshHigh();
    for (const [p, h] of this.high) if ((this.next.get(p) ?? 0) < h) return false;
    return true;
  }

  override metrics(): Readonly<Record<string, number>> {
    let lag = 0;
    for (const [p, h] of this.high) lag += Math.max(0, h - (this.next.get(p) ?? 0));
    return { ...super.metrics(), lag };
  }

  async close(): Promise<void> {
    this.closed = true;
    const n = groupsInUse.get(this.groupId.replace(/-\d+$/, '')) ?? 0;
    if (n > 0) groupsInUse.set(this.groupId.replace(/-\d+$/, ''), n - 1);
    await this.consumer?.disconnect().catch(() => undefined);
    await this.admin?.disconnect().catch(() => undefined);
    this.consumer = null;
    this.admin = null;
  }

  protected currentOffset(): KafkaOffset {
    const partitions: Record<string, number> = {};
    for (const p of [...this.next.keys()].sort((a, b) => a - b)) partitions[String(p)] = this.next.get(p)!;
    return { partitions };
  }

  protected advance(m: KafkaMessage): void {
    this.next.set(m.partition, m.offset + 1);
  }

  protected isWithin(m: KafkaMessage, offset: unknown): boolean {
    const end = (offset as KafkaOffset).partitions[String(m.partition)];
    return end !== undefined && m.offset < end;
  }

  /** A partition's message past its end is a gap only while that partition has not reached it. */
  protected override provesGap(m: KafkaMessage, offset: unknown): boolean {
    const end = (offset as KafkaOffset).partitions[String(m.partition)];
    return end === undefined ? false : (this.next.get(m.partition) ?? 0) < end;
  }

  protected pauseConsumer(): void {
    this.consumer?.pause([{ topic: this.settings.topic }]);
  }

  protected resumeConsumer(): void {
    this.consumer?.resume([{ topic: this.settings.topic }]);
  }

  private async startOffsets(): Promise<Map<number, number>> {
    const mode = startupMode(this.ctx);
    const topic = this.settings.topic;
    const offsets = mode.mode === 'timestamp'
      ? await this.admin!.fetchTopicOffsetsByTimestamp(topic, mode.millis)
      : (await this.admin!.fetchTopicOffsets(topic)).map((o) => ({ partition: o.partition, offset: mode.mode === 'earliest' ? o.low : o.high }));
    const out = new Map<number, number>();
    for (const o of offsets) out.set(o.partition, Number(o.offset));
    return out;
  }

  private async startConsumer(): Promise<void> {
    const session = sessionTimeoutMs(this.ctx);
    const consumer = this.kafka.consumer({
      groupId: this.groupId, maxBytes: 4 << 20, allowAutoTopicCreation: false,
      // a restarted reader rejoins its group: keep the wait for the old member's session short
      sessionTimeout: session, rebalanceTimeout: session, heartbeatInterval: Math.min(1_000, Math.floor(session / 3)),
    });
    this.consumer = consumer;
    consumer.on(consumer.events.CRASH, (e) => this.reportOutage(this.settings.brokers.join(','), String(e.payload.error?.message ?? e.payload.error)));
    consumer.on(consumer.events.FETCH, () => this.connected());
    consumer.on(consumer.events.GROUP_JOIN, () => {
      // a (re)join may restart from the group's committed offsets: continue from ours instead
      for (const [partition, at] of this.fetched) consumer.seek({ topic: this.settings.topic, partition, offset: String(at) });
    });
    await this.guard('connect to', () => consumer.connect());
    await consumer.subscribe({ topic: this.settings.topic, fromBeginning: true });
    await consumer.run({ autoCommit: false, eachBatch: (payload) => this.onBatch(payload) });
  }

  private async onBatch({ batch }: EachBatchPayload): Promise<void> {
    const partition = batch.partition;
    const from = this.fetched.get(partition) ?? 0;
    const position = `${batch.topic}/${partition}@`;
    const kept: KafkaMessage[] = [];
    for (const m of batch.messages) {
      const offset = Number(m.offset);
      if (offset < from) continue;
      kept.push({ key: m.key ?? null, value: m.value ?? null, partition, offset, position: position + m.offset });
    }
    this.high.set(partition, Number(batch.highWatermark));
    if (kept.length === 0) return;
    this.fetched.set(partition, kept[kept.length - 1]!.offset + 1);
    this.receive(kept);
  }

  /** Re-reads the high watermarks at most twice a second, in the background. */
  private maybeRefreshHigh(): void {
    if (this.highRefresh || this.closed || performance.now() - this.highCheckedAt < 500) return;
    this.highRefresh = this.refreshHigh().finally(() => {
      this.highRefresh = null;
    });
  }

  private async refreshHigh(): Promise<void> {
    this.highCheckedAt = performance.now();
    try {
      for (const o of await this.admin!.fetchTopicOffsets(this.settings.topic)) {
        this.high.set(o.partition, Number(o.high));
        if (!this.next.has(o.partition)) {
          // a partition added after start: read it from its beginning
          this.next.set(o.partition, Number(o.low));
          this.fetched.set(o.partition, Number(o.low));
        }
      }
    } catch (e) {
      this.reportOutage(this.settings.brokers.join(','), (e as Error).message);
    }
  }

  private async guard<T>(action: string, body: () => Promise<T>): Promise<T> {
    try {
      return await body();
    } catch (e) {
      throw new EngineError('source-unavailable', `source ${this.ctx.name}: cannot ${action} Kafka topic '${this.settings.topic}' at ${this.settings.brokers.join(',')}: ${(e as Error).message}`, 'external', {
        retryable: true, operator: `source ${this.ctx.name}`, cause: e,
      });
    }
  }
}
