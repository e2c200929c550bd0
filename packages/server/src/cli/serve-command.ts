/**
 * `sluice serve`: start the server, print where it listens, and run until SIGINT or SIGTERM,
 * then shut down gracefully (stop accepting, finish the running statement and batch, close the
 * engine, close the clients). A second signal while closing exits at once with 130.
 */
import { startServer } from '../server/sluice-server.js';
import type { ServerOptions } from '../server/server-options.js';
import type { PrinterChannels } from './result-printer.js';
import { formatError } from './error-report.js';
import { watchInterrupts } from './interrupts.js';

/** Runs the server until interrupted; resolves to the exit code. */
export async function runServe(options: ServerOptions, channels: PrinterChannels, interrupt?: AbortSignal): Promise<number> {
  const log = (line: string): void => void channels.messages.write(`${line}\n`);
  const interrupts = watchInterrupts(interrupt);
  let server;
  try {
    server = await startServer({ ...options, log });
  } catch (error) {
    interrupts.dispose();
    await channels.messages.write(formatError(error));
    return 1;
  }
  await channels.data.write([
    `sluice ${options.dataDir === undefined ? '(in memory)' : `data directory ${options.dataDir}`}`,
    `  dashboard and REST: ${server.url}/`,
    `  websocket:          ${server.url.replace(/^http/, 'ws')}/v1/ws`,
    server.pgPort === null ? '  PostgreSQL:         off' : `  PostgreSQL:         psql -h ${options.host} -p ${server.pgPort}`,
    options.token === undefined ? '  no token: anyone who can reach these ports can run SQL' : '  token required',
    '',
  ].join('\n'));
  await interrupts.stopped();
  log('sluice: shutting down');
  const closed = await Promise.race([server.close().then(() => 'closed' as const, (error: unknown) => error), interrupts.forced.then(() => 'forced' as const)]);
  interrupts.dispose();
  if (closed === 'forced') return 130;
  if (closed !== 'closed') {
    await channels.messages.write(formatError(closed));
    return 1;
  }
  return 0;
}
