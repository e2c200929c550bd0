/**
 * One websocket client (protocol: docs/protocol.md). It runs `query` messages, holds the
 * client's subscriptions, and guards the server against the client: every frame is validated,
 * every failure becomes an `error` message and the connection stays up, and outgoing data is
 * bounded: past `warnBufferedBytes` queued the client is warned (`slow-consumer`), past
 * `maxBufferedBytes` it is disconnected, so a stalled reader cannot grow the server's memory.
 */
import type { StatementResult } from '@sluice/engine';
import type { Statement } from '@sluice/sql';
import type { WebSocket } from 'ws';
import { parseClientMessage, type ClientMessage } from './client-messages.js';
import type { EngineHost } from './engine-host.js';
import { errorInfo, errorJson } from './error-info.js';
import type { ServerLimits } from './server-options.js';
import type { FeedMembership, SharedFeed } from './shared-feed.js';
import type { SubscriptionHub } from './subscription-hub.js';
import { rowEncoder, wireColumns, type ValueFormat } from './wire-values.js';

/** What a connection needs from the server. */
export interface WsConnectionDeps {
  readonly host: EngineHost;
  readonly hub: SubscriptionHub;
  readonly limits: ServerLimits;
  readonly log: (line: string) => void;
}

/** websocket close code for "policy violation", used when a slow client is dropped */
const CLOSE_POLICY = 1008;
/** how long a dropped slow client gets to read its backlog and the close frame */
const SLOW_CLOSE_GRACE_MS = 1000;

/** Serves one websocket. */
export class WsConnection {
  private readonly subscriptions = new Map<string, FeedMembership | 'opening'>();
  private warned = false;
  private closed = false;
  private alive = true;

  constructor(
    private readonly ws: WebSocket,
    private readonly deps: WsConnectionDeps,
    private readonly peer: string,
  ) {
    ws.on('message', (data, isBinary) => void this.onFrame(data as Buffer, isBinary));
    ws.on('pong', () => {
      this.alive = true;
    });
    ws.on('close', () => this.dispose());
    ws.on('error', () => this.dispose());
  }

  /** Number of live subscriptions. */
  get subscriptionCount(): number {
    return this.subscriptions.size;
  }

  /**
   * Called every heartbeat interval: a peer that did not answer the previous ping is gone;
   * otherwise ping it and send a `heartbeat` message (for clients that cannot see pings).
   */
  heartbeat(): void {
    if (this.closed) return;
    if (!this.alive) {
      this.deps.log(`websocket ${this.peer}: no pong within the heartbeat interval, closing`);
      this.ws.terminate();
      return;
    }
    this.alive = false;
    this.ws.ping();
    this.send(JSON.stringify({ type: 'heartbeat', time: new Date().toISOString() }));
  }

  /** Sends `text` unless the client is too far behind (see the file comment). */
  send(text: string): void {
    if (this.closed || this.ws.readyState !== this.ws.OPEN) return;
    const buffered = this.ws.bufferedAmount;
    const { warnBufferedBytes, maxBufferedBytes } = this.deps.limits;
    if (buffered > maxBufferedBytes) {
      this.deps.log(`websocket ${this.peer}: ${buffered} bytes unread, over the ${maxBufferedBytes}-byte bound; disconnecting`);
      this.dispose();
      // the close frame queues behind the backlog: a client that is only slow still learns why;
      // one that is stalled is cut off after a grace period, which frees the backlog
      this.ws.close(CLOSE_POLICY, 'slow-consumer');
      setTimeout(() => this.ws.terminate(), SLOW_CLOSE_GRACE_MS).unref();
      return;
    }
    if (buffered > warnBufferedBytes && !this.warned) {
      this.warned = true;
      this.ws.send(JSON.stringify({
        type: 'warning', code: 'slow-consumer',
        message: `${buffered} bytes are waiting to be sent to this client; at ${maxBufferedBytes} it will be disconnected`,
      }));
    } else if (buffered < warnBufferedBytes / 2) {
      this.warned = false;
    }
    this.ws.send(text);
  }

  /** Closes the connection with `code` and `reason` (server shutdown). */
  close(code: number, reason: string): void {
    this.dispose();
    this.ws.close(code, reason);
  }

  private async onFrame(data: Buffer, isBinary: boolean): Promise<void> {
    if (isBinary) {
      this.sendError(undefined, { code: 'bad-message', message: 'binary frames are not accepted; send JSON text frames' });
      return;
    }
    const message = parseClientMessage(data.toString('utf8'));
    if ('code' in message) {
      this.sendError(message.id, { code: message.code, message: message.message });
      return;
    }
    try {
      await this.dispatch(message);
    } catch (error) {
      this.sendError('id' in message ? message.id : undefined, errorJson(errorInfo(error, 'sql' in message ? message.sql : undefined)));
    }
  }

  private async dispatch(message: ClientMessage): Promise<void> {
    switch (message.type) {
      case 'ping':
        this.send(JSON.stringify({ type: 'pong', ...(message.id === undefined ? {} : { id: message.id }) }));
        return;
      case 'unsubscribe':
        return this.unsubscribe(message.id);
      case 'subscribe':
        return this.subscribe(message.id, message.sql, message.format);
      case 'query':
        return this.query(message.id, message.sql, message.format);
      default:
        return message satisfies never;
    }
  }

  private async subscribe(id: string, sql: string, format: ValueFormat): Promise<void> {
    const statements = this.deps.host.parse(sql);
    const statement = statements[0];
    if (statements.length !== 1 || !statement || (statement.kind !== 'Subscribe' && statement.kind !== 'Query')) {
      this.sendError(id, {
        code: 'bad-subscription',
        message: 'subscribe takes exactly one SUBSCRIBE or SELECT statement',
        hint: 'use a query message to run other statements',
      });
      return;
    }
    if (this.claim(id)) await this.openStream(id, statement, format, sql);
  }

  /** Reserves `id` for a subscription; sends the error and returns false when it cannot. */
  private claim(id: string): boolean {
    if (this.subscriptions.has(id)) {
      this.sendError(id, { code: 'duplicate-id', message: `a subscription with id ${JSON.stringify(id)} is already open` });
      return false;
    }
    const limit = this.deps.limits.maxSubscriptionsPerConnection;
    if (this.subscriptions.size >= limit) {
      this.sendError(id, { code: 'too-many-subscriptions', message: `this connection already holds ${limit} subscriptions, the most allowed`, hint: 'unsubscribe from one first' });
      return false;
    }
    this.subscriptions.set(id, 'opening');
    return true;
  }

  /**
   * Opens a claimed subscription and sends `schema` and `snapshot` (and `closed` if finite).
   * Returns false when it failed (the error has been sent).
   */
  private async openStream(id: string, statement: Statement, format: ValueFormat, sql: string): Promise<boolean> {
    let opened;
    try {
      opened = await this.deps.hub.open(statement, format);
    } catch (error) {
      this.subscriptions.delete(id);
      this.sendError(id, errorJson(errorInfo(error, sql, statement)));
      return false;
    }
    if (opened.kind !== 'feed') {
      this.subscriptions.delete(id);
      if (opened.kind === 'rows') {
        const encode = rowEncoder(opened.result.columns, format);
        this.send(JSON.stringify({ type: 'schema', id, columns: wireColumns(opened.result.columns) }));
        this.send(JSON.stringify({ type: 'snapshot', id, rows: opened.result.rows.map(encode) }));
      }
      this.send(JSON.stringify({ type: 'closed', id, reason: 'complete' }));
      return true;
    }
    this.follow(id, opened.feed);
    return true;
  }

  private follow(id: string, feed: SharedFeed): void {
    const prefix = `{"type":"changes","id":${JSON.stringify(id)},"batch":`;
    const membership = feed.join({
      onChanges: (batchId, watermark, rowsJson) => {
        this.send(`${prefix}${batchId},"watermark":${JSON.stringify(watermark)},"rows":${rowsJson}}`);
      },
      onEnd: (error) => {
        this.subscriptions.delete(id);
        if (error === undefined) this.send(JSON.stringify({ type: 'closed', id, reason: 'ended' }));
        else this.sendError(id, errorJson(errorInfo(error)));
      },
    });
    if (!membership) {
      this.subscriptions.delete(id);
      this.send(JSON.stringify({ type: 'closed', id, reason: 'ended' }));
      return;
    }
    if (this.closed || this.subscriptions.get(id) !== 'opening') {
      // the client left, or unsubscribed, while the subscription was being opened
      membership.leave();
      return;
    }
    this.subscriptions.set(id, membership);
    this.send(JSON.stringify({ type: 'schema', id, columns: feed.columns }));
    this.send(`{"type":"snapshot","id":${JSON.stringify(id)},"rows":${membership.snapshotJson}}`);
  }

  private unsubscribe(id: string): void {
    const membership = this.subscriptions.get(id);
    if (membership === undefined) {
      this.sendError(id, { code: 'unknown-subscription', message: `no open subscription has id ${JSON.stringify(id)}` });
      return;
    }
    this.subscriptions.delete(id);
    if (membership !== 'opening') membership.leave();
    this.send(JSON.stringify({ type: 'closed', id, reason: 'unsubscribed' }));
  }

  /**
   * Runs every statement of `sql`, answering `rows` or `command` for each; a streaming
   * statement becomes a subscription under `id`. `done` follows the last statement; an error
   * stops the run and is the last message.
   */
  private async query(id: string, sql: string, format: ValueFormat): Promise<void> {
    const statements = this.deps.host.parse(sql);
    for (const statement of statements) {
      if (statement.kind === 'Subscribe') {
        if (!this.claim(id) || !(await this.openStream(id, statement, format, sql))) return;
        continue;
      }
      let result: StatementResult;
      try {
        result = await this.deps.host.execute(statement);
      } catch (error) {
        this.sendError(id, errorJson(errorInfo(error, sql, statement)));
        return;
      }
      for (const notice of result.notices) this.send(JSON.stringify({ type: 'notice', id, message: notice }));
      if (result.kind === 'rows') {
        const encode = rowEncoder(result.columns, format);
        this.send(JSON.stringify({ type: 'rows', id, columns: wireColumns(result.columns), rows: result.rows.map(encode) }));
      } else if (result.kind === 'command') {
        this.send(JSON.stringify({ type: 'command', id, tag: result.tag }));
      } else if (!this.claim(id)) {
        result.stream.cancel();
        return;
      } else {
        const feed = await this.deps.hub.adopt(result, format);
        this.follow(id, feed);
      }
    }
    this.send(JSON.stringify({ type: 'done', id }));
  }

  private sendError(id: string | undefined, error: Record<string, unknown>): void {
    this.send(JSON.stringify({ type: 'error', ...(id === undefined ? {} : { id }), ...error }));
  }

  private dispose(): void {
    if (this.closed) return;
    this.closed = true;
    for (const membership of this.subscriptions.values()) if (membership !== 'opening') membership.leave();
    this.subscriptions.clear();
  }
}
