/**
 * @sluice/server — the `sluice` CLI and the server behind `sluice serve` (HTTP, websocket,
 * PostgreSQL wire protocol), for programs that embed it.
 */
export { main } from './cli/main.js';
export { startServer, type SluiceServer } from './server/sluice-server.js';
export { serverOptions, DEFAULT_LIMITS, type ServerOptions, type ServerLimits, type PgAuthMethod } from './server/server-options.js';
