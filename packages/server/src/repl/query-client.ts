/**
 * The REPL's connection to a server: one websocket speaking the protocol of docs/protocol.md
 * with values in text format, plus the REST API for the object list. Each `run` sends one
 * `query` message and reports what comes back for its id until the query is over: after
 * `done` when no stream is open, after `closed` for a stream, or after an `error`.
 */
import WebSocket from 'ws';
import type { ObjectInfo } from '../server/introspection.js';
import type { WireColumn } from '../server/wire-values.js';

/** An error as the server reports it. */
export interface RemoteError {
  readonly code: string;
  readonly message: string;
  readonly hint?: string;
  readonly line?: number;
  readonly column?: number;
  readonly position?: number;
}

/** A row change of a stream, values in text form. */
export interface TextChange {
  readonly op: '+' | '-';
  readonly values: readonly (string | null)[];
}

/** What a running query reports, in order. */
export interface QueryHandlers {
  rows(columns: readonly WireColumn[], rows: readonly (readonly (string | null)[])[]): void | Promise<void>;
  command(tag: string): void | Promise<void>;
  notice(message: string): void | Promise<void>;
  /** a stream began; `snapshot` holds the current rows of a subscribed table or view */
  streamStart(columns: readonly WireColumn[], snapshot: readonly (readonly (string | null)[])[]): void | Promise<void>;
  changes(batch: number, watermark: string | null, rows: readonly TextChange[]): void | Promise<void>;
  error(error: RemoteError): void | Promise<void>;
}

/** A query in flight. */
export interface RunningQuery {
  /** resolves when the query is over (finished, failed, or cancelled and closed) */
  readonly finished: Promise<void>;
  /** stops a stream (unsubscribe); for a statement still running, stops waiting for it */
  cancel(): void;
}

interface Pending {
  readonly handlers: QueryHandlers;
  streamColumns?: readonly WireColumn[];
  streaming: boolean;
  done: boolean;
  /** messages are handled one at a time, in order, even when a handler is async */
  chain: Promise<void>;
  finish(): void;
}

/** A websocket client for the REPL. */
export class QueryClient {
  private readonly pending = new Map<string, Pending>();
  private nextId = 1;
  private closedReason: string | undefined;

  private constructor(
    private readonly ws: WebSocket,
    readonly httpUrl: string,
    private readonly token: string | undefined,
  ) {
    ws.on('message', (data) => this.onMessage(String(data)));
    ws.on('close', (code, reason) => {
      this.closedReason = `the server closed the connection (${code}${reason.length > 0 ? ` ${String(reason)}` : ''})`;
      for (const [id, p] of this.pending) {
        this.pending.delete(id);
        p.chain = p.chain.then(() => p.handlers.error({ code: 'connection-lost', message: this.closedReason! })).then(() => p.finish());
      }
    });
  }

  /** Connects to the server at `httpUrl` (`http://host:port`); rejects when nobody answers. */
  static connect(httpUrl: string, token?: string): Promise<QueryClient> {
    const wsUrl = `${httpUrl.replace(/^http/, 'ws')}/v1/ws${token ? `?token=${encodeURIComponent(token)}` : ''}`;
    const ws = new WebSocket(wsUrl, { handshakeTimeout: 5000 });
    return new Promise((resolve, reject) => {
      ws.once('open', () => resolve(new QueryClient(ws, httpUrl, token)));
      ws.once('error', reject);
      ws.once('unexpected-response', (_request, response) => {
        reject(new Error(response.statusCode === 401 ? 'the server requires a token (set SLUICE_TOKEN)' : `the server answered HTTP ${response.statusCode}`));
        ws.terminate();
      });
    });
  }

  /** true while the connection is open */
  get connected(): boolean {
    return this.ws.readyState === WebSocket.OPEN;
  }

  /** Sends `sql` as one query message. */
  run(sql: string, handlers: QueryHandlers): RunningQuery {
    const id = `r${this.nextId++}`;
    let finish: () => void = () => {};
    const finished = new Promise<void>((resolve) => {
      finish = resolve;
    });
    if (!this.connected) {
      void Promise.resolve(handlers.error({ code: 'connection-lost', message: this.closedReason ?? 'not connected to the server' })).then(finish);
      return { finished, cancel: () => {} };
    }
    const pending: Pending = { handlers, streaming: false, done: false, chain: Promise.resolve(), finish: () => finish() };
    this.pending.set(id, pending);
    this.ws.send(JSON.stringify({ type: 'query', id, sql, format: 'text' }));
    return {
      finished,
      cancel: () => {
        if (!this.pending.has(id)) return;
        if (pending.streaming && this.connected) this.ws.send(JSON.stringify({ type: 'unsubscribe', id }));
        else {
          // a statement cannot be stopped halfway; stop waiting for it and ignore its answer
          this.pending.delete(id);
          pending.chain = pending.chain.then(() => pending.finish());
        }
      },
    };
  }

  /** The catalog, from `GET /v1/objects`. */
  async objects(): Promise<ObjectInfo[]> {
    const response = await fetch(`${this.httpUrl}/v1/objects`, { headers: this.token ? { authorization: `Bearer ${this.token}` } : {} });
    const body = (await response.json()) as { objects?: ObjectInfo[]; error?: RemoteError };
    if (!response.ok || !body.objects) throw new Error(body.error?.message ?? `HTTP ${response.status}`);
    return body.objects;
  }

  close(): void {
    this.ws.close();
  }

  private onMessage(text: string): void {
    let message: Record<string, unknown>;
    try {
      message = JSON.parse(text) as Record<string, unknown>;
    } catch {
      return;
    }
    const pending = typeof message.id === 'string' ? this.pending.get(message.id) : undefined;
    if (!pending) return; // heartbeats, warnings, answers to cancelled queries
    pending.chain = pending.chain.then(() => this.dispatch(message.id as string, pending, message));
  }

  private async dispatch(id: string, p: Pending, m: Record<string, unknown>): Promise<void> {
    const h = p.handlers;
    const end = (): void => {
      this.pending.delete(id);
      p.finish();
    };
    switch (m.type) {
      case 'rows': return h.rows(m.columns as WireColumn[], m.rows as (string | null)[][]);
      case 'command': return h.command(m.tag as string);
      case 'notice': return h.notice(m.message as string);
      case 'schema':
        p.streaming = true;
        p.streamColumns = m.columns as WireColumn[];
        return;
      case 'snapshot': return h.streamStart(p.streamColumns ?? [], m.rows as (string | null)[][]);
      case 'changes': return h.changes(m.batch as number, (m.watermark as string | null) ?? null, m.rows as TextChange[]);
      case 'closed':
        p.streaming = false;
        if (p.done || m.reason === 'unsubscribed') end();
        return;
      case 'done':
        p.done = true;
        if (!p.streaming) end();
        return;
      case 'error':
        await h.error(m as unknown as RemoteError);
        end();
        return;
      default:
        return;
    }
  }
}
