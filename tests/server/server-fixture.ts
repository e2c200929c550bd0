/* eslint-disable @typescript-eslint/no-explicit-any -- protocol messages are untyped JSON; the tests' assertions check their shape */
/**
 * A real server on ephemeral ports for one test file, and small clients to drive it: REST
 * through fastify's `inject`, websockets through the `ws` client with a message log that
 * tests wait on.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { serverOptions, startServer, type ServerLimits, type ServerOptions, type SluiceServer } from '@sluice/server';
import WebSocket from 'ws';

/** A started server and its data directory. */
export interface TestServer {
  readonly server: SluiceServer;
  readonly logs: string[];
  /** `POST /v1/sql` through inject; returns status and parsed body */
  sql(text: string, headers?: Record<string, string>): Promise<{ status: number; body: any }>;
  /** `POST /v1/tables/:name/rows` through inject */
  insertRows(table: string, rows: unknown[]): Promise<{ status: number; body: any }>;
  wsUrl(query?: string): string;
  stop(): Promise<void>;
}

/** Starts a server on 127.0.0.1 with ports 0 and a fresh data directory. */
export async function startTestServer(overrides: Partial<Omit<ServerOptions, 'limits'>> & { limits?: Partial<ServerLimits> } = {}): Promise<TestServer> {
  const dataDir = await mkdtemp(path.join(os.tmpdir(), 'sluice-server-'));
  const logs: string[] = [];
  const server = await startServer(serverOptions({ dataDir, httpPort: 0, pgPort: 0, batchIntervalMs: 50, log: (line) => logs.push(line), ...overrides }));
  const inject = async (method: 'POST' | 'GET', url: string, payload?: unknown, headers: Record<string, string> = {}) => {
    const response = await server.http.inject({ method, url, ...(payload === undefined ? {} : { payload: payload as object }), headers });
    return { status: response.statusCode, body: String(response.headers['content-type'] ?? '').includes('json') ? response.json() : response.body };
  };
  return {
    server,
    logs,
    sql: (text, headers) => inject('POST', '/v1/sql', { sql: text }, headers),
    insertRows: (table, rows) => inject('POST', `/v1/tables/${encodeURIComponent(table)}/rows`, rows),
    wsUrl: (query = '') => `${server.url.replace(/^http/, 'ws')}/v1/ws${query}`,
    async stop() {
      await server.close();
      await rm(dataDir, { recursive: true, force: true });
    },
  };
}

/** A websocket client that records every message for tests to wait on. */
export class TestSocket {
  readonly messages: any[] = [];
  private waiters: (() => void)[] = [];
  readonly opened: Promise<void>;
  readonly closed: Promise<{ code: number; reason: string }>;

  constructor(readonly ws: WebSocket) {
    ws.on('message', (data) => {
      this.messages.push(JSON.parse(data.toString()));
      for (const wake of this.waiters.splice(0)) wake();
    });
    this.opened = new Promise((resolve, reject) => {
      ws.once('open', () => resolve());
      ws.once('error', reject);
    });
    this.closed = new Promise((resolve) => ws.once('close', (code, reason) => resolve({ code, reason: reason.toString() })));
  }

  static async open(url: string, options?: WebSocket.ClientOptions): Promise<TestSocket> {
    const socket = new TestSocket(new WebSocket(url, options));
    await socket.opened;
    return socket;
  }

  send(message: unknown): void {
    this.ws.send(typeof message === 'string' ? message : JSON.stringify(message));
  }

  /** The first message (from index `from`) matching `match`, waiting up to `timeoutMs`. */
  async next(match: (m: any) => boolean, timeoutMs = 10_000, from = 0): Promise<any> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const found = this.messages.slice(from).find(match);
      if (found) return found;
      const left = deadline - Date.now();
      if (left <= 0) throw new Error(`no matching message within ${timeoutMs} ms; got ${JSON.stringify(this.messages.slice(-10))}`);
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, left);
        this.waiters.push(() => {
          clearTimeout(timer);
          resolve();
        });
      });
    }
  }

  close(): void {
    this.ws.close();
  }
}

/** Applies `changes` messages to a multiset of rows (JSON-encoded values -> count). */
export function applyChanges(rows: Map<string, number>, changes: readonly { op: string; values: unknown[] }[]): void {
  for (const change of changes) {
    const key = JSON.stringify(change.values);
    const count = (rows.get(key) ?? 0) + (change.op === '+' ? 1 : -1);
    if (count === 0) rows.delete(key);
    else rows.set(key, count);
  }
}

/** A multiset of rows as a sorted list, for comparisons. */
export function sortedRows(rows: Map<string, number> | readonly unknown[][]): string[] {
  if (rows instanceof Map) return [...rows].flatMap(([key, count]) => Array.from({ length: count }, () => key)).sort();
  return rows.map((row) => JSON.stringify(row)).sort();
}
