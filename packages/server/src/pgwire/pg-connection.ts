/**
 * One PostgreSQL client connection: the startup phase (SSLRequest and GSSENCRequest answered
 * 'N', CancelRequest, StartupMessage), authentication against the token, then messages handed
 * to the session one at a time, in order. Output is bounded like the websocket's: a client
 * that stops reading a streaming result is disconnected once `maxBufferedBytes` are queued.
 */
import { randomInt } from 'node:crypto';
import type { Socket } from 'node:net';
import type { ConnectionGate } from '../server/connection-gate.js';
import type { EngineHost } from '../server/engine-host.js';
import type { PgAuthMethod, ServerLimits } from '../server/server-options.js';
import { authExchange, type AuthExchange } from './pg-auth.js';
import { serverParameters } from './pg-compat.js';
import { BodyReader, errorMessage, FrameReader, FrameTooLargeError, MessageBuilder, type ErrorFields, type Frame } from './pg-messages.js';
import { PgSession } from './pg-session.js';

const SSL_REQUEST = 80877103;
const GSSENC_REQUEST = 80877104;
const CANCEL_REQUEST = 80877102;
const PROTOCOL_3 = 196608;

/** What a connection needs from the server. */
export interface PgConnectionDeps {
  readonly host: EngineHost;
  readonly limits: ServerLimits;
  readonly gate: ConnectionGate;
  readonly auth: PgAuthMethod;
  readonly token?: string;
  readonly log: (line: string) => void;
  /** cancels the running query of the connection with this backend key, if any */
  readonly cancel: (pid: number, secret: number) => void;
}

/** Serves one socket. */
export class PgConnection {
  /** the backend key data: CancelRequest must quote both */
  readonly pid = randomInt(1, 2 ** 31 - 1);
  readonly secret = randomInt(0, 2 ** 31 - 1);
  private readonly reader: FrameReader;
  private readonly frames: Frame[] = [];
  private processing = false;
  private phase: 'startup' | 'auth' | 'ready' | 'closed' = 'startup';
  private exchange: AuthExchange | undefined;
  private session: PgSession | undefined;
  private release: (() => void) | undefined;
  private user = '';
  private parameters: Record<string, string> = {};

  constructor(
    private readonly socket: Socket,
    private readonly deps: PgConnectionDeps,
    private readonly onClose: (connection: PgConnection) => void,
  ) {
    this.reader = new FrameReader(deps.limits.maxMessageBytes);
    socket.setNoDelay(true);
    socket.on('data', (chunk: Buffer) => this.onData(chunk));
    socket.on('close', () => this.dispose());
    socket.on('error', () => this.dispose());
  }

  /** Cancels the running query (CancelRequest). */
  cancelQuery(): void {
    this.session?.cancel();
  }

  /** Ends the connection with a FATAL error (server shutdown). */
  terminate(fields: ErrorFields): void {
    if (this.phase === 'closed') return;
    this.session?.cancel();
    this.socket.end(errorMessage('E', fields));
    this.dispose();
  }

  private onData(chunk: Buffer): void {
    this.reader.push(chunk);
    try {
      for (let frame = this.reader.next(); frame; frame = this.reader.next()) {
        this.frames.push(frame);
        // a startup-phase frame decides how the next one is framed: handle it before reading on
        if (this.reader.startup) break;
      }
    } catch (error) {
      if (!(error instanceof FrameTooLargeError)) throw error;
      return this.fatal({ severity: 'FATAL', sqlState: '54000', message: error.message });
    }
    if (this.frames.length > 64) this.socket.pause();
    void this.pump();
  }

  private async pump(): Promise<void> {
    if (this.processing) return;
    this.processing = true;
    try {
      while (this.frames.length > 0 && this.phase !== 'closed') {
        const frame = this.frames.shift()!;
        await this.handle(frame);
        if (this.reader.startup === false && this.frames.length === 0) this.onData(Buffer.alloc(0));
      }
    } catch (error) {
      this.deps.log(`pgwire: ${error instanceof Error ? error.message : String(error)}`);
      this.fatal({ severity: 'FATAL', sqlState: '08P01', message: `protocol error: ${error instanceof Error ? error.message : String(error)}` });
    } finally {
      this.processing = false;
      if (this.socket.isPaused() && this.frames.length < 16) this.socket.resume();
    }
  }

  private async handle(frame: Frame): Promise<void> {
    switch (this.phase) {
      case 'startup':
        return this.startup(frame.body);
      case 'auth':
        return this.authenticate(frame);
      case 'ready': {
        const goOn = await this.session!.handle(frame.type, frame.body);
        if (!goOn) {
          this.socket.end();
          this.dispose();
        }
        return;
      }
      case 'closed':
        return;
      default:
        return this.phase satisfies never;
    }
  }

  private startup(body: Buffer): void {
    const reader = new BodyReader(body);
    const code = reader.int32();
    if (code === SSL_REQUEST || code === GSSENC_REQUEST) {
      this.send(Buffer.from('N'));
      return;
    }
    if (code === CANCEL_REQUEST) {
      this.deps.cancel(reader.int32(), reader.int32());
      this.socket.end();
      this.dispose();
      return;
    }
    if (code !== PROTOCOL_3) {
      return this.fatal({ severity: 'FATAL', sqlState: '0A000', message: `unsupported frontend protocol ${code >> 16}.${code & 0xffff}: this server speaks 3.0` });
    }
    this.reader.startup = false;
    for (;;) {
      const key = reader.cstring();
      if (key === '') break;
      this.parameters[key] = reader.cstring();
    }
    this.user = this.parameters.user ?? 'sluice';
    this.release = this.deps.gate.acquire('pg');
    if (!this.release) {
      return this.fatal({ severity: 'FATAL', sqlState: '53300', message: `sorry, too many clients already (the server allows ${this.deps.gate.limit})` });
    }
    if (this.deps.token === undefined) return this.welcome();
    this.phase = 'auth';
    this.exchange = authExchange(this.deps.auth, this.deps.token, this.user);
    this.send(this.exchange.start());
  }

  private authenticate(frame: Frame): void {
    if (frame.type !== 'p') return this.fatal({ severity: 'FATAL', sqlState: '08P01', message: `expected a password message, got '${frame.type}'` });
    const step = this.exchange!.receive(frame.body);
    if (step.kind === 'failed') {
      this.deps.log(`pgwire: authentication failed for user "${this.user}": ${step.reason}`);
      return this.fatal({ severity: 'FATAL', sqlState: '28P01', message: `password authentication failed for user "${this.user}"` });
    }
    if (step.reply) this.send(step.reply);
    if (step.kind === 'ok') this.welcome();
  }

  /** AuthenticationOk, the ParameterStatus messages, BackendKeyData, ReadyForQuery. */
  private welcome(): void {
    this.phase = 'ready';
    const parameters = serverParameters(this.user, this.parameters.application_name ?? '');
    this.send(new MessageBuilder('R').int32(0).build());
    for (const [name, value] of Object.entries(parameters)) this.send(new MessageBuilder('S').cstring(name).cstring(value).build());
    this.send(new MessageBuilder('K').int32(this.pid).int32(this.secret).build());
    this.session = new PgSession(this.deps.host, (message) => this.send(message), parameters);
    this.session.ready();
  }

  /** Writes `message` unless the client is too far behind, in which case it is disconnected. */
  private send(message: Buffer): void {
    if (this.phase === 'closed') return;
    if (this.socket.writableLength > this.deps.limits.maxBufferedBytes) {
      this.deps.log(`pgwire: client ${this.socket.remoteAddress ?? '?'} has ${this.socket.writableLength} bytes unread; disconnecting`);
      this.session?.cancel();
      this.socket.destroy();
      this.dispose();
      return;
    }
    this.socket.write(message);
  }

  private fatal(fields: ErrorFields): void {
    this.send(errorMessage('E', fields));
    this.socket.end();
    this.dispose();
  }

  private dispose(): void {
    if (this.phase === 'closed') return;
    this.phase = 'closed';
    this.session?.cancel();
    this.release?.();
    this.onClose(this);
  }
}
