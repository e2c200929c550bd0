/**
 * `connector = 'socket'`: a TCP client like Spark's socketTextStream. Each received text line
 * is one record: with a single VARCHAR column it goes there as is, otherwise it is decoded per
 * `ENCODE JSON` (default) or `CSV`.
 *
 * The connection is kept up in the background: when it cannot be made or drops, the source
 * retries with exponential back-off (100 ms doubling up to 5 s) and reports the outage once
 * (code `source-disconnected`) until a connection succeeds again. Received lines wait in
 * memory for `poll`; at `buffer.lines` waiting lines the socket is paused (TCP back-pressure
 * reaches the sender) and resumed once `poll` has drained half of them.
 *
 * Options: `host` (default 127.0.0.1), `port` (required), `buffer.lines` (default 100000),
 * `on_error`. The source never ends. Offsets count lines received (`{ line }`); lines are not
 * replayable from the server, so recovery relies on the ingest log.
 */
import { createConnection, type Socket } from 'node:net';
import { StringDecoder } from 'node:string_decoder';
import { emptyDelta } from '../delta.js';
import { createRowDecoder } from '../formats/decoder-factory.js';
import { RawLineDecoder, isSingleTextColumn } from '../formats/raw-line-decoder.js';
import type { RowDecoder } from '../formats/row-decoder.js';
import { mergedOptions, readInteger, readOnError, requireOption } from './options.js';
import { ProblemPolicy } from './problem-policy.js';
import type { SourceBatch, SourceConnector, SourceContext, SourceErrorCounters, SourceReader } from './source.js';

const FIRST_RETRY_MS = 100;
const MAX_RETRY_MS = 5_000;

/** The `socket` source connector. */
export const socketSourceConnector: SourceConnector = {
  name: 'socket',
  validate(ctx) {
    socketSettings(ctx);
    readOnError(ctx.options);
    decoderFor(ctx);
  },
  isBounded() {
    return false;
  },
  createReader(ctx) {
    return new SocketSourceReader(ctx);
  },
};

function socketSettings(ctx: SourceContext): { host: string; port: number; bufferLines: number } {
  requireOption(ctx.options, 'port', "port = '9999' (the TCP port to read lines from)");
  const port = readInteger(ctx.options, 'port', 0, 1, 65_535);
  return {
    host: ctx.options['host'] ?? '127.0.0.1',
    port,
    bufferLines: readInteger(ctx.options, 'buffer.lines', 100_000, 1),
  };
}

function decoderFor(ctx: SourceContext): RowDecoder {
  if (isSingleTextColumn(ctx.schema) && ctx.format.encode.toLowerCase() !== 'csv') return new RawLineDecoder(ctx.schema);
  return createRowDecoder(ctx.schema, ctx.format.encode, mergedOptions(ctx));
}

/** Connects on `open`, keeps reconnecting until `close`; see the module comment. */
export class SocketSourceReader implements SourceReader {
  readonly ended = false;
  private readonly settings: { host: string; port: number; bufferLines: number };
  private readonly decoder: RowDecoder;
  private readonly problems: ProblemPolicy;
  private readonly position: string;
  private socket: Socket | null = null;
  private waiting: string[] = [];
  private partial = '';
  private linesTaken = 0;
  private retryMs = FIRST_RETRY_MS;
  private retryTimer: NodeJS.Timeout | null = null;
  private outageReported = false;
  private paused = false;
  private closed = false;

  constructor(private readonly ctx: SourceContext) {
    this.settings = socketSettings(ctx);
    this.decoder = decoderFor(ctx);
    this.problems = new ProblemPolicy(readOnError(ctx.options), ctx.report, ctx.name);
    this.position = `${this.settings.host}:${this.settings.port}`;
  }

  get errors(): SourceErrorCounters {
    return this.problems.counters;
  }

  /** Whether a connection is up right now (for status displays and tests). */
  get connected(): boolean {
    return this.socket !== null && !this.socket.connecting && !this.socket.destroyed;
  }

  /** Lines received and not yet polled. */
  get bufferedLines(): number {
    return this.waiting.length;
  }

  /** Whether the socket is paused because `buffer.lines` lines are waiting. */
  get backPressured(): boolean {
    return this.paused;
  }

  /** Starts connecting; does not wait for the server, which may come up later. */
  async open(): Promise<void> {
    this.closed = false;
    this.connect();
  }

  async poll(maxRows: number): Promise<SourceBatch | null> {
    if (this.waiting.length === 0) return null;
    const lines = this.waiting.length <= maxRows ? this.waiting : this.waiting.slice(0, maxRows);
    this.waiting = lines === this.waiting ? [] : this.waiting.slice(maxRows);
    const firstLine = this.linesTaken + 1;
    this.linesTaken += lines.length;
    if (this.paused && this.waiting.length <= this.settings.bufferLines / 2) {
      this.paused = false;
      this.socket?.resume();
    }
    const { delta, problems } = this.decoder.decode(lines, { file: this.position, line: firstLine });
    this.problems.handle(problems);
    return { delta: delta.length > 0 ? delta : emptyDelta(this.ctx.schema), offset: { line: this.linesTaken } };
  }

  async close(): Promise<void> {
    this.closed = true;
    if (this.retryTimer) clearTimeout(this.retryTimer);
    this.retryTimer = null;
    this.socket?.destroy();
    this.socket = null;
  }

  private connect(): void {
    const { host, port } = this.settings;
    const socket = createConnection({ host, port });
    const decoder = new StringDecoder('utf8');
    this.socket = socket;
    this.partial = '';
    socket.on('connect', () => {
      this.retryMs = FIRST_RETRY_MS;
      this.outageReported = false;
      if (this.paused) socket.pause();
    });
    socket.on('data', (chunk: Buffer) => this.receive(decoder.write(chunk)));
    socket.on('end', () => {
      // A last line without a line break is still a line.
      const rest = this.partial + decoder.end();
      this.partial = '';
      if (rest !== '') this.receive(`${rest}\n`);
    });
    socket.on('error', (e) => this.reportOutage(e.message));
    socket.on('close', () => {
      if (this.socket === socket) this.socket = null;
      if (!this.closed) {
        this.reportOutage('connection closed');
        this.scheduleReconnect();
      }
    });
  }

  private receive(text: string): void {
    if (text === '') return;
    const parts = (this.partial + text).split('\n');
    this.partial = parts.pop()!;
    for (const part of parts) this.waiting.push(part.endsWith('\r') ? part.slice(0, -1) : part);
    if (!this.paused && this.waiting.length >= this.settings.bufferLines) {
      this.paused = true;
      this.socket?.pause();
    }
  }

  private reportOutage(reason: string): void {
    if (this.outageReported || this.closed) return;
    this.outageReported = true;
    this.ctx.report({
      code: 'source-disconnected',
      message: `cannot read from ${this.position} (${reason}); retrying with back-off up to ${MAX_RETRY_MS / 1000}s`,
      position: this.position,
    });
  }

  private scheduleReconnect(): void {
    const delay = this.retryMs;
    this.retryMs = Math.min(this.retryMs * 2, MAX_RETRY_MS);
    this.retryTimer = setTimeout(() => {
      this.retryTimer = null;
      if (!this.closed) this.connect();
    }, delay);
    this.retryTimer.unref?.();
  }
}
