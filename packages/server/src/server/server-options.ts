/**
 * What `sluice serve` is configured with: where to listen, the access token, and the limits
 * that keep one client from taking the server down. Every limit has a default fit for a
 * laptop; each refusal it causes is an error with its own code (docs/errors.md).
 */

/** Limits enforced on every interface (HTTP, websocket, PostgreSQL wire). */
export interface ServerLimits {
  /** longest SQL text accepted in one request, message or query, in bytes */
  readonly maxStatementBytes: number;
  /** live subscriptions one websocket or pgwire connection may hold at once */
  readonly maxSubscriptionsPerConnection: number;
  /** open websocket plus pgwire connections, server-wide */
  readonly maxConnections: number;
  /** largest websocket frame (ws `maxPayload`) and HTTP body, in bytes */
  readonly maxMessageBytes: number;
  /** bytes queued for one client before it is warned that it is slow */
  readonly warnBufferedBytes: number;
  /** bytes queued for one client before it is disconnected */
  readonly maxBufferedBytes: number;
  /** how often the server sends a heartbeat (websocket) and checks the peer is alive */
  readonly heartbeatMs: number;
}

/** Where and how the server runs. */
export interface ServerOptions {
  /** passed to `Sluice.open`; omitted: in memory */
  readonly dataDir?: string;
  readonly host: string;
  /** 0 picks a free port */
  readonly httpPort: number;
  /** 0 picks a free port; null: no PostgreSQL listener */
  readonly pgPort: number | null;
  /** when set, every interface but GET /health requires it */
  readonly token?: string;
  /** how pgwire clients prove they hold the token */
  readonly pgAuth: PgAuthMethod;
  readonly batchIntervalMs?: number;
  readonly limits: ServerLimits;
  /** server log lines (startup, connections refused, engine notices); default: none */
  readonly log?: (line: string) => void;
}

/** Password methods offered to PostgreSQL clients when a token is set. */
export type PgAuthMethod = 'scram-sha-256' | 'md5' | 'password';

/** The defaults: generous for interactive use, small enough to protect a laptop. */
export const DEFAULT_LIMITS: ServerLimits = {
  maxStatementBytes: 1024 * 1024,
  maxSubscriptionsPerConnection: 64,
  maxConnections: 1000,
  maxMessageBytes: 4 * 1024 * 1024,
  warnBufferedBytes: 1024 * 1024,
  maxBufferedBytes: 8 * 1024 * 1024,
  heartbeatMs: 15_000,
};

/** Options with the documented defaults filled in, `overrides` winning. */
export function serverOptions(overrides: Partial<Omit<ServerOptions, 'limits'>> & { readonly limits?: Partial<ServerLimits> } = {}): ServerOptions {
  const { limits, ...rest } = overrides;
  return {
    host: '127.0.0.1',
    httpPort: 8080,
    pgPort: 4566,
    pgAuth: 'scram-sha-256',
    ...rest,
    limits: { ...DEFAULT_LIMITS, ...limits },
  };
}
