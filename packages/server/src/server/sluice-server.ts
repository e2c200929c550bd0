/**
 * `sluice serve` as a library: one engine behind HTTP (REST, metrics, the dashboard), a
 * websocket endpoint and the PostgreSQL wire protocol. `startServer` resolves once every
 * listener is bound (ports may be 0: the bound ports are on the result); `close` shuts down
 * gracefully: stop accepting, let the running statement and micro-batch finish, close the
 * engine, then close the clients.
 */
import { Sluice } from '@sluice/engine';
import Fastify, { type FastifyInstance } from 'fastify';
import type { AddressInfo } from 'node:net';
import { PgServer } from '../pgwire/pg-server.js';
import { ConnectionGate } from './connection-gate.js';
import { EngineHost } from './engine-host.js';
import { registerRoutes } from './http-routes.js';
import { createMetrics } from './prometheus.js';
import type { ServerOptions } from './server-options.js';
import { SubscriptionHub } from './subscription-hub.js';
import { WsGateway } from './ws-gateway.js';

/** A running server. */
export interface SluiceServer {
  readonly host: EngineHost;
  readonly http: FastifyInstance;
  readonly httpPort: number;
  /** null when the PostgreSQL listener is off */
  readonly pgPort: number | null;
  /** `http://HOST:PORT` */
  readonly url: string;
  /** Graceful shutdown; safe to call more than once. */
  close(): Promise<void>;
}

/** Opens the engine on `options.dataDir` and starts every listener. */
export async function startServer(options: ServerOptions): Promise<SluiceServer> {
  const log = options.log ?? (() => {});
  const engine = await Sluice.open({
    ...(options.dataDir === undefined ? {} : { dataDir: options.dataDir }),
    ...(options.batchIntervalMs === undefined ? {} : { batchIntervalMs: options.batchIntervalMs }),
    onNotice: (message) => log(`NOTICE:  ${message}`),
  });
  const host = new EngineHost(engine, options.limits);
  const hub = new SubscriptionHub(host);
  const gate = new ConnectionGate(options.limits.maxConnections);
  const token = options.token === '' ? undefined : options.token;
  let ws: WsGateway | undefined;
  let pg: PgServer | undefined;

  const metrics = createMetrics({ host, connections: () => gate.counts(), subscriptions: () => ws?.subscriptionCount ?? 0 });
  const http = Fastify({ logger: false, bodyLimit: options.limits.maxMessageBytes, forceCloseConnections: true });
  registerRoutes(http, { host, metrics, ...(token === undefined ? {} : { token }) });
  try {
    await http.listen({ host: options.host, port: options.httpPort });
    ws = new WsGateway(http.server, { host, hub, limits: options.limits, log, gate, ...(token === undefined ? {} : { token }) });
    if (options.pgPort !== null) {
      pg = new PgServer({ host, hub, limits: options.limits, log, gate, auth: options.pgAuth, ...(token === undefined ? {} : { token }) });
      await pg.listen(options.host, options.pgPort);
    }
  } catch (error) {
    await http.close();
    await pg?.close();
    await engine.close();
    throw error;
  }

  const httpPort = (http.server.address() as AddressInfo).port;
  let closing: Promise<void> | undefined;
  const close = (): Promise<void> => {
    closing ??= (async () => {
      const httpClosed = http.close();
      pg?.stopListening();
      await hub.close();
      await host.close();
      ws?.close();
      await pg?.close();
      await httpClosed;
    })();
    return closing;
  };
  return { host, http, httpPort, pgPort: pg?.port ?? null, url: `http://${urlHost(options.host)}:${httpPort}`, close };
}

function urlHost(host: string): string {
  return host.includes(':') ? `[${host}]` : host;
}
