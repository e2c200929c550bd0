/**
 * `connector = 'nats'` as a source: the messages of a JetStream stream, read by stream
 * sequence through an ephemeral pull consumer.
 *
 * Options: `server_url` (`nats://127.0.0.1:4222`, several comma-separated, required),
 * `stream` (required), `subject` (filter; default: every subject of the stream),
 * `scan.startup.mode` ('earliest' default | 'latest'), plus the broker-source options
 * (broker-reader.ts: `buffer.rows`, `rate_limit`, `on_error`).
 *
 * Offsets: `{ "seq": <stream sequence of the last message handed out> }`; reading resumes at
 * the next sequence, so a restore continues exactly. The consumer acknowledges with
 * AckPolicy.All, and only in `acknowledge` (after the batch's checkpoint): on a WorkQueue or
 * Interest stream a message is removed only once it is safe. Redeliveries (an ack that came
 * late) are dropped by sequence. When the server goes away the source reports it once and
 * re-creates its consumer from the next sequence with back-off (100 ms doubling to 5 s).
 */
import { AckPolicy, connect, DeliverPolicy, nanos, type Consumer, type JetStreamClient, type JetStreamManager, type JsMsg, type NatsConnection } from 'nats';
import { EngineError } from '../../errors.js';
import type { Message } from '../../formats/message-decoder.js';
import { Backoff, BrokerSourceReader, sleep, validateBrokerOptions } from '../broker-reader.js';
import { invalidOption, requireOption } from '../options.js';
import { checkReachable, urlAddresses } from '../reachability.js';
import type { SourceBatch, SourceConnector, SourceContext } from '../source.js';

/** How long after the server's last answer an unknown backlog still holds FLUSH back. */
const UNKNOWN_BACKLOG_WAIT_MS = 30_000;

/** A source offset: the stream sequence of the last message handed out (0: none). */
export interface NatsOffset {
  readonly seq: number;
}

interface NatsMessage extends Message {
  readonly seq: number;
  readonly msg: JsMsg;
}

interface NatsSettings {
  readonly servers: string[];
  readonly stream: string;
  readonly subject: string | null;
  readonly latest: boolean;
}

/** Default ports of the schemes `server_url` may use. */
const NATS_PORTS: Readonly<Record<string, number>> = { nats: 4222, tls: 4222, ws: 80, wss: 443 };

/** Batch ends remembered for acknowledgement (AckPolicy.All: acking one covers the ones before). */
const MAX_ACK_MARKS = 10_000;

/** The `nats` source connector. */
export const natsSourceConnector: SourceConnector = {
  name: 'nats',
  validate(ctx) {
    natsSettings(ctx);
    validateBrokerOptions(ctx);
  },
  async check(ctx) {
    await checkReachable(ctx.name, 'server_url', urlAddresses('server_url', natsSettings(ctx).servers.join(','), NATS_PORTS, 'nats'));
  },
  isBounded() {
    return false;
  },
  createReader(ctx) {
    return new NatsSourceReader(ctx);
  },
};

/** `server_url` as a list of servers; throws EngineError('invalid-option'). */
export function natsServers(value: string): string[] {
  const servers = value.split(',').map((s) => s.trim()).filter((s) => s !== '');
  if (servers.length === 0) throw invalidOption('server_url', 'is required', "server_url = 'nats://127.0.0.1:4222'");
  return servers;
}

function natsSettings(ctx: SourceContext): NatsSettings {
  const servers = natsServers(requireOption(ctx.options, 'server_url', "server_url = 'nats://127.0.0.1:4222'"));
  const mode = (ctx.options['scan.startup.mode'] ?? 'earliest').toLowerCase();
  if (mode !== 'earliest' && mode !== 'latest') throw invalidOption('scan.startup.mode', `must be 'earliest' or 'latest', got '${ctx.options['scan.startup.mode']}'`);
  return { servers, stream: requireOption(ctx.options, 'stream', "stream = 'EVENTS'"), subject: ctx.options['subject'] ?? null, latest: mode === 'latest' };
}

/** Reads one stream; see the module comment. */
export class NatsSourceReader extends BrokerSourceReader<NatsMessage> {
  private readonly settings: NatsSettings;
  private nc: NatsConnection | null = null;
  private jsm: JetStreamManager | null = null;
  private js: JetStreamClient | null = null;
  private consumer: Consumer | null = null;
  private taken = 0;
  private fetched = 0;
  /**
   * Messages the server held beyond what had arrived here, as of the last `refreshPending`
   * (asked at each poll that may drain the buffer; see `caughtUp`).
   */
  private remotePending = 0;
  /** delivery sequence of the last message that arrived from the current consumer */
  private consumerSeq = 0;
  /** when the server last answered (a fetch or a pending count), ms since the epoch */
  private lastContactMs = Date.now();
  private seeked = false;
  private paused = false;
  private closed = false;
  private loop: Promise<void> | null = null;
  private ackMarks: { seq: number; msg: JsMsg }[] = [];
  private readonly backoff = new Backoff();

  constructor(ctx: SourceContext) {
    super(ctx);
    this.settings = natsSettings(ctx);
  }

  async open(): Promise<void> {
    this.closed = false;
    try {
      this.nc = await connect({ servers: this.settings.servers, maxReconnectAttempts: -1, reconnectTimeWait: 100, name: `sluice-${this.ctx.name}` });
      this.jsm = await this.nc.jetstreamManager();
      this.js = this.nc.jetstream();
      const info = await this.jsm.streams.info(this.settings.stream);
      if (!this.seeked && this.settings.latest) this.taken = this.fetched = info.state.last_seq;
      this.remotePending = info.state.last_seq > this.fetched ? 1 : 0;
    } catch (e) {
      await this.nc?.close().catch(() => undefined);
      throw new EngineError('source-unavailable', `source ${this.ctx.name}: cannot read NATS stream '${this.settings.stream}' at ${this.settings.servers.join(',')}: ${(e as Error).message}`, 'external', {
        retryable: true, operator: `source ${this.ctx.name}`, cause: e,
      });
    }
    void this.watchStatus();
  }

  async seek(offset: unknown): Promise<void> {
    this.seeked = true;
    this.taken = this.fetched = (offset as NatsOffset).seq;
    this.clearBuffer();
  }

  override async poll(maxRows: number): Promise<SourceBatch | null> {
    this.loop ??= this.readLoop();
    // Only the server knows what it holds: asked before every poll that may empty the
    // buffer, so a poll that ends caught up has taken all it held when the poll began.
    if (this.bufferedRows <= maxRows) await this.refreshPending();
    const batch = await super.poll(maxRows);
    if (batch && this.lastTaken) this.markAck(this.lastTaken);
    return batch;
  }

  override async pollTo(offset: unknown, maxRows: number): Promise<SourceBatch | null> {
    this.loop ??= this.readLoop();
    const batch = await super.pollTo(offset, maxRows);
    if (batch && this.lastTaken) this.markAck(this.lastTaken);
    return batch;
  }

  async acknowledge(offset: unknown): Promise<void> {
    const seq = (offset as NatsOffset).seq;
    let mark: { seq: number; msg: JsMsg } | null = null;
    while (this.ackMarks.length > 0 && this.ackMarks[0]!.seq <= seq) mark = this.ackMarks.shift()!;
    mark?.msg.ack();
  }

  override get caughtUp(): boolean {
    return this.bufferedRows === 0 && this.remotePending === 0;
  }

  override metrics(): Readonly<Record<string, number>> {
    return { ...super.metrics(), lag: this.remotePending + this.bufferedRows };
  }

  async close(): Promise<void> {
    this.closed = true;
    await this.nc?.close().catch(() => undefined);
    await this.loop?.catch(() => undefined);
    this.nc = null;
  }

  private lastTaken: NatsMessage | null = null;
  /** set on a disconnect: the consumer's delivery state may be ahead of what arrived */
  private staleConsumer = false;

  protected currentOffset(): NatsOffset {
    return { seq: this.taken };
  }

  protected advance(m: NatsMessage): void {
    this.taken = m.seq;
    this.lastTaken = m;
  }

  protected isWithin(m: NatsMessage, offset: unknown): boolean {
    return m.seq <= (offset as NatsOffset).seq;
  }

  protected pauseConsumer(): void {
    this.paused = true;
  }

  protected resumeConsumer(): void {
    this.paused = false;
  }

  private markAck(m: NatsMessage): void {
    if (this.ackMarks.length > 0 && this.ackMarks[this.ackMarks.length - 1]!.seq >= m.seq) return;
    this.ackMarks.push({ seq: m.seq, msg: m.msg });
    if (this.ackMarks.length > MAX_ACK_MARKS) this.ackMarks.shift();
  }

  /** An ephemeral consumer starting after `fetched`. */
  private async createConsumer(): Promise<Consumer> {
    this.consumerSeq = 0;
    const info = await this.jsm!.consumers.add(this.settings.stream, {
      ack_policy: AckPolicy.All,
      deliver_policy: DeliverPolicy.StartSequence,
      opt_start_seq: this.fetched + 1,
      max_ack_pending: -1,
      ack_wait: nanos(10 * 60_000),
      inactive_threshold: nanos(5 * 60_000),
      ...(this.settings.subject ? { filter_subject: this.settings.subject } : {}),
    });
    return this.js!.consumers.get(this.settings.stream, info.name);
  }

  /** Forgets the current consumer (and deletes it on the server, when it can). */
  private async dropConsumer(): Promise<void> {
    const name = this.consumer ? (await this.consumer.info(true).catch(() => null))?.name : undefined;
    this.consumer = null;
    if (name) await this.jsm!.consumers.delete(this.settings.stream, name).catch(() => undefined);
  }

  /** Fetches in the background until closed; re-creates the consumer after failures. */
  private async readLoop(): Promise<void> {
    while (!this.closed) {
      if (this.paused) {
        await sleep(20);
        continue;
      }
      try {
        if (this.staleConsumer) {
          this.staleConsumer = false;
          await this.dropConsumer();
        }
        this.consumer ??= await this.createConsumer();
        const space = Math.max(1, Math.min(1_000, this.bufferLimit - this.bufferedRows));
        const messages = await this.consumer.fetch({ max_messages: space, expires: 1_000 });
        for await (const msg of messages) {
          this.lastContactMs = Date.now();
          // Every delivery, redeliveries included, takes the consumer's next sequence: a jump
          // means deliveries lost in flight (the connection dropped), which the consumer will
          // not send again. Start over after what arrived.
          if (msg.info.deliverySequence > this.consumerSeq + 1) {
            this.staleConsumer = true;
            break;
          }
          this.consumerSeq = msg.info.deliverySequence;
          if (msg.seq <= this.fetched) continue; // redelivered
          this.fetched = msg.seq;
          // into the buffer at once: a fetch that is not full lasts until it expires, and a
          // message held back meanwhile would be counted neither as buffered nor as pending
          // (FLUSH would return without it)
          this.receive([{ key: null, value: msg.data, seq: msg.seq, msg, position: `${this.settings.stream}@${msg.seq}` }]);
        }
        // A delivery that reached us after the fetch had expired here was dropped, and the
        // consumer would not send it again before `ack_wait`: when the consumer counts more
        // deliveries than arrived, read on through a fresh one.
        if (!this.staleConsumer && !this.closed && (await this.consumer.info(false)).delivered.consumer_seq > this.consumerSeq) this.staleConsumer = true;
        this.backoff.reset();
        this.connected();
      } catch (e) {
        if (this.closed) return;
        this.reportOutage(this.settings.servers.join(','), (e as Error).message);
        this.consumer = null; // the next attempt starts a fresh consumer after `fetched`
        await sleep(this.backoff.next());
      }
    }
  }

  /** Asks the server how many messages wait beyond what was fetched (for FLUSH). */
  private async refreshPending(): Promise<void> {
    try {
      let pending: number;
      if (this.consumer) {
        const ci = await this.consumer.info(false);
        // num_pending leaves out what the server sent already: add the deliveries that have
        // not arrived here yet (a fetch under way, messages in flight)
        pending = ci.num_pending + Math.max(0, ci.delivered.consumer_seq - this.consumerSeq);
      } else {
        // no consumer yet: everything after `fetched` (with a subject filter an upper bound,
        // corrected once the consumer exists)
        const info = await this.jsm!.streams.info(this.settings.stream);
        pending = Math.max(0, info.state.last_seq - this.fetched);
      }
      this.remotePending = pending;
      this.lastContactMs = Date.now();
    } catch {
      // Unreachable now (the read loop reports and reconnects). The backlog is unknown: for a
      // while after the last contact, assume messages may wait, so FLUSH does not return while
      // a reconnect is under way and miss what arrived meanwhile; after that, stop waiting.
      if (Date.now() - this.lastContactMs < UNKNOWN_BACKLOG_WAIT_MS) this.remotePending = Math.max(this.remotePending, 1);
      else this.remotePending = 0;
    }
  }

  private async watchStatus(): Promise<void> {
    for await (const status of this.nc!.status()) {
      if (status.type === 'disconnect') {
        this.reportOutage(this.settings.servers.join(','), 'disconnected');
        // The server may have sent messages that never reached us; its consumer counts them as
        // delivered and would not send them again before `ack_wait`. Read on through a fresh
        // consumer that starts right after what was fetched.
        this.staleConsumer = true;
      }
    }
  }
}
