/**
 * The websocket endpoint `/v1/ws`: upgrades HTTP requests on the fastify server's socket
 * (checking the token first), enforces the connection limit, and runs the heartbeat.
 */
import type { IncomingMessage, Server } from 'node:http';
import type { Duplex } from 'node:stream';
import { WebSocketServer, type WebSocket } from 'ws';
import { isAuthorized, UNAUTHORIZED } from './auth.js';
import type { ConnectionGate } from './connection-gate.js';
import { WsConnection, type WsConnectionDeps } from './ws-connection.js';

/** The websocket path. */
export const WS_PATH = '/v1/ws';

/** websocket close code 1013, "try again later": the server is full */
const CLOSE_TRY_LATER = 1013;
/** websocket close code 1001, "going away": the server is shutting down */
const CLOSE_GOING_AWAY = 1001;

/** The websocket side of the server. */
export class WsGateway {
  private readonly wss: WebSocketServer;
  private readonly connections = new Set<WsConnection>();
  private readonly timer: NodeJS.Timeout;

  constructor(
    server: Server,
    private readonly deps: WsConnectionDeps & { readonly gate: ConnectionGate; readonly token?: string },
  ) {
    this.wss = new WebSocketServer({ noServer: true, maxPayload: deps.limits.maxMessageBytes });
    server.on('upgrade', (request: IncomingMessage, socket: Duplex, head: Buffer) => this.onUpgrade(request, socket, head));
    this.timer = setInterval(() => {
      for (const connection of this.connections) connection.heartbeat();
    }, deps.limits.heartbeatMs);
    this.timer.unref();
  }

  /** Open websocket connections. */
  get connectionCount(): number {
    return this.connections.size;
  }

  /** Live subscriptions over all connections. */
  get subscriptionCount(): number {
    let sum = 0;
    for (const connection of this.connections) sum += connection.subscriptionCount;
    return sum;
  }

  /** Stops accepting, and closes every connection with 1001 "going away". */
  close(): void {
    clearInterval(this.timer);
    for (const connection of this.connections) connection.close(CLOSE_GOING_AWAY, 'server shutting down');
    this.wss.close();
  }

  private onUpgrade(request: IncomingMessage, socket: Duplex, head: Buffer): void {
    const path = (request.url ?? '').split('?')[0];
    if (path !== WS_PATH) return refuse(socket, 404, { code: 'not-found', message: `no websocket endpoint at ${path}; use ${WS_PATH}` });
    if (!isAuthorized(this.deps.token, request.headers, request.url)) return refuse(socket, 401, UNAUTHORIZED);
    if (this.deps.host.isClosing) return refuse(socket, 503, { code: 'server-shutting-down', message: 'the server is shutting down' });
    this.wss.handleUpgrade(request, socket, head, (ws) => this.accept(ws, request));
  }

  private accept(ws: WebSocket, request: IncomingMessage): void {
    const peer = `${request.socket.remoteAddress ?? '?'}:${request.socket.remotePort ?? '?'}`;
    const release = this.deps.gate.acquire('ws');
    if (!release) {
      ws.send(JSON.stringify({ type: 'error', code: 'too-many-connections', message: `the server already has ${this.deps.gate.limit} connections, the most allowed` }));
      ws.close(CLOSE_TRY_LATER, 'too many connections');
      return;
    }
    const connection = new WsConnection(ws, this.deps, peer);
    this.connections.add(connection);
    ws.on('close', () => {
      this.connections.delete(connection);
      release();
    });
  }
}

/** Answers an upgrade request with an HTTP error and a JSON body, then closes the socket. */
function refuse(socket: Duplex, status: number, error: { readonly code: string; readonly message: string }): void {
  const body = JSON.stringify({ error });
  const reason = status === 401 ? 'Unauthorized' : status === 404 ? 'Not Found' : 'Service Unavailable';
  socket.end(`HTTP/1.1 ${status} ${reason}\r\nContent-Type: application/json\r\nContent-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`);
}
