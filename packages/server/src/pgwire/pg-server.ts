/**
 * The PostgreSQL wire protocol listener: accepts sockets, keeps the backend keys for
 * CancelRequest, and ends every connection with 57P01 (admin shutdown) when the server closes.
 */
import { createServer, type AddressInfo, type Server } from 'node:net';
import { PgConnection, type PgConnectionDeps } from './pg-connection.js';

/** The listener and its connections. */
export class PgServer {
  private readonly server: Server;
  private readonly connections = new Set<PgConnection>();

  constructor(deps: Omit<PgConnectionDeps, 'cancel'> & { readonly hub?: unknown }) {
    const connectionDeps: PgConnectionDeps = { ...deps, cancel: (pid, secret) => this.cancel(pid, secret) };
    this.server = createServer((socket) => {
      const connection = new PgConnection(socket, connectionDeps, (c) => this.connections.delete(c));
      this.connections.add(connection);
    });
  }

  /** Starts listening; resolves once bound. */
  listen(host: string, port: number): Promise<void> {
    return new Promise((resolve, reject) => {
      this.server.once('error', reject);
      this.server.listen(port, host, () => {
        this.server.off('error', reject);
        resolve();
      });
    });
  }

  /** The bound port. */
  get port(): number {
    return (this.server.address() as AddressInfo).port;
  }

  /** Open connections. */
  get connectionCount(): number {
    return this.connections.size;
  }

  /** Stops accepting new connections. */
  stopListening(): void {
    if (this.server.listening) this.server.close();
  }

  /** Stops accepting and ends every connection. */
  async close(): Promise<void> {
    this.stopListening();
    for (const connection of [...this.connections]) {
      connection.terminate({ severity: 'FATAL', sqlState: '57P01', message: 'terminating connection due to administrator command' });
    }
    this.connections.clear();
  }

  private cancel(pid: number, secret: number): void {
    for (const connection of this.connections) {
      if (connection.pid === pid && connection.secret === secret) connection.cancelQuery();
    }
  }
}
