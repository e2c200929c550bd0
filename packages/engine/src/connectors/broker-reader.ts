/**
 * What the broker sources (Kafka, NATS JetStream, Redis Streams, MQTT) share: consumers push
 * messages into a bounded buffer from the background; `poll` hands them out, decoded per the
 * source's FORMAT, within `rate_limit`; the concrete reader tracks positions (its offsets).
 *
 * Memory stays bounded: at `buffer.rows` waiting messages (default 50,000) the consumer is
 * paused, and resumed once `poll` has drained half of them. A broker that goes away is
 * reported once (`source-disconnected`) and retried with back-off (`Backoff`) by the reader.
 */
import type { Options } from '@sluice/sql';
import { emptyDelta } from '../delta.js';
import { EngineError } from '../errors.js';
import { createMessageDecoder, type Message, type MessageDecoder } from '../formats/message-decoder.js';
import { mergedOptions, readInteger, readOnError } from './options.js';
import { ProblemPolicy } from './problem-policy.js';
import { RateLimiter } from './rate-limiter.js';
import type { SourceBatch, SourceContext, SourceErrorCounters, SourceReader } from './source.js';

/** How long `pollTo` waits for the messages of a logged batch to arrive again. */
const REPLAY_WAIT_MS = 30_000;
/** How long an empty `poll` waits for messages the broker is known to hold. */
const BACKLOG_WAIT_MS = 100;

/** Checks the options every broker source shares (CREATE time). */
export function validateBrokerOptions(ctx: SourceContext): void {
  readOnError(ctx.options);
  readInteger(ctx.options, 'buffer.rows', 50_000, 1);
  RateLimiter.fromOptions(ctx.options);
  brokerDecoder(ctx);
}

/** The message decoder for a broker source's FORMAT. */
export function brokerDecoder(ctx: SourceContext): MessageDecoder {
  return createMessageDecoder(ctx.schema, ctx.format, mergedOptions(ctx), ctx.primaryKey ?? []);
}

/** Buffering, decoding and flow control; subclasses connect and keep positions. */
export abstract class BrokerSourceReader<M extends Message> implements SourceReader {
  readonly ended = false;
  protected readonly problems: ProblemPolicy;
  protected readonly bufferLimit: number;
  private readonly decoder: MessageDecoder;
  private readonly rate: RateLimiter;
  private queue: M[] = [];
  private head = 0;
  private pausedNow = false;
  private arrival: (() => void) | null = null;
  private outageReported = false;
  protected rowsRead = 0;

  constructor(protected readonly ctx: SourceContext, options: Options = ctx.options) {
    this.problems = new ProblemPolicy(readOnError(options), ctx.report, ctx.name);
    this.bufferLimit = readInteger(options, 'buffer.rows', 50_000, 1);
    this.rate = RateLimiter.fromOptions(options);
    this.decoder = brokerDecoder(ctx);
  }

  get errors(): SourceErrorCounters {
    return this.problems.counters;
  }

  abstract open(): Promise<void>;
  abstract close(): Promise<void>;
  /** The offset after every message handed out so far. */
  protected abstract currentOffset(): unknown;
  /** Records that `message` was handed out (moves the offset past it). */
  protected abstract advance(message: M): void;
  /** Whether `message` lies at or before `offset` (an offset this reader returned). */
  protected abstract isWithin(message: M, offset: unknown): boolean;
  /** Stops or restarts the background consumer (buffer full / drained). */
  protected abstract pauseConsumer(): void;
  protected abstract resumeConsumer(): void;

  /** Messages waiting in memory. */
  get bufferedRows(): number {
    return this.queue.length - this.head;
  }

  /** Default: caught up when nothing waits in memory; brokers that know their backlog override. */
  get caughtUp(): boolean {
    return this.bufferedRows === 0;
  }

  metrics(): Readonly<Record<string, number>> {
    return { buffered_rows: this.bufferedRows, paused: this.pausedNow ? 1 : 0, rows_read: this.rowsRead, malformed_rows: this.errors.malformedRows };
  }

  async poll(maxRows: number): Promise<SourceBatch | null> {
    if (this.bufferedRows === 0 && !this.caughtUp) await this.waitForArrival(BACKLOG_WAIT_MS);
    const n = this.rate.allowance(Math.min(maxRows, this.bufferedRows));
    if (n === 0) return null;
    this.rate.spend(n);
    return this.take(n);
  }

  /**
   * Hands out again exactly the messages of a logged batch: those within `offset` (per lane:
   * a Kafka partition, a stream). Messages of lanes that already reached their end stay
   * buffered for the batches after it, so a multi-partition source whose partitions arrive
   * interleaved differently than before still replays the same set.
   */
  async pollTo(offset: unknown, maxRows: number): Promise<SourceBatch | null> {
    const deadline = performance.now() + REPLAY_WAIT_MS;
    const parts: M[] = [];
    const target = JSON.stringify(offset);
    for (;;) {
      this.takeWithin(offset, maxRows, parts);
      if (JSON.stringify(this.currentOffset()) === target || parts.length >= maxRows) break;
      if (performance.now() > deadline || this.queue.some((m, i) => i >= this.head && this.provesGap(m, offset))) {
        throw new EngineError('source-changed', `source ${this.ctx.name}: the messages up to ${target} cannot be read again (reached ${JSON.stringify(this.currentOffset())})`, 'external', {
          hint: 'the broker no longer holds them (retention, a recreated topic or stream); the pipeline stops rather than give different results',
        });
      }
      await this.waitForArrival(200);
    }
    this.compact();
    return this.decodeBatch(parts);
  }

  /**
   * Whether `message`, still buffered after everything within `offset` was taken, shows that
   * the missing messages before `offset` will never arrive. Default (one ordered lane): any
   * such message lies past the offset, so the ones before it are gone.
   */
  protected provesGap(_message: M, _offset: unknown): boolean {
    return true;
  }

  /** Moves the buffered messages within `offset` (up to `maxRows` in all) into `parts`, in order. */
  private takeWithin(offset: unknown, maxRows: number, parts: M[]): void {
    const kept: M[] = [];
    for (let i = this.head; i < this.queue.length; i++) {
      const m = this.queue[i]!;
      if (parts.length < maxRows && this.isWithin(m, offset)) {
        this.advance(m);
        parts.push(m);
      } else {
        kept.push(m);
      }
    }
    this.queue = kept;
    this.head = 0;
  }

  /** Called by the consumer with new messages, in order. Pauses the consumer when the buffer is full. */
  protected receive(messages: readonly M[]): void {
    for (const m of messages) this.queue.push(m);
    if (!this.pausedNow && this.bufferedRows >= this.bufferLimit) {
      this.pausedNow = true;
      this.pauseConsumer();
    }
    const wake = this.arrival;
    this.arrival = null;
    wake?.();
  }

  /** Drops what waits in memory (a seek or reconnect rereads from the offset). */
  protected clearBuffer(): void {
    this.queue = [];
    this.head = 0;
  }

  /** Reports an outage once until `connected` is called. */
  protected reportOutage(where: string, reason: string): void {
    if (this.outageReported) return;
    this.outageReported = true;
    this.ctx.report({ code: 'source-disconnected', message: `cannot read from ${where} (${reason}); retrying with back-off`, position: where });
  }

  protected connected(): void {
    this.outageReported = false;
  }

  private take(n: number): SourceBatch {
    const parts = this.queue.slice(this.head, this.head + n);
    this.head += n;
    for (const m of parts) this.advance(m);
    this.compact();
    return this.decodeBatch(parts);
  }

  private decodeBatch(parts: readonly M[]): SourceBatch {
    this.rowsRead += parts.length;
    if (this.pausedNow && this.bufferedRows <= this.bufferLimit / 2) {
      this.pausedNow = false;
      this.resumeConsumer();
    }
    if (parts.length === 0) return { delta: emptyDelta(this.ctx.schema), offset: this.currentOffset() };
    const { delta, problems, payloads } = this.decoder.decode(parts);
    this.problems.handle(problems, (_p, i) => payloads[i]);
    return { delta, offset: this.currentOffset() };
  }

  private compact(): void {
    if (this.head > 4096 && this.head * 2 > this.queue.length) {
      this.queue = this.queue.slice(this.head);
      this.head = 0;
    }
  }

  private waitForArrival(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const timer = setTimeout(() => {
        this.arrival = null;
        resolve();
      }, ms);
      this.arrival = () => {
        clearTimeout(timer);
        resolve();
      };
    });
  }
}

/** Exponential back-off for reconnecting: 100 ms doubling to 5 s, reset on success. */
export class Backoff {
  private nextMs = 100;

  constructor(private readonly maxMs = 5_000) {}

  /** The delay before the next attempt (and doubles the one after). */
  next(): number {
    const ms = this.nextMs;
    this.nextMs = Math.min(this.nextMs * 2, this.maxMs);
    return ms;
  }

  reset(): void {
    this.nextMs = 100;
  }
}

/** Resolves after `ms` (unref'd, so a sleeping reader does not keep the process alive). */
export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms).unref?.());
}
