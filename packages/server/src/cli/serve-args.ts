/**
 * Command-line arguments of `sluice serve`. Never throws: a bad command line comes back as
 * `usage-error`. The token may also come from the SLUICE_TOKEN environment variable (so it
 * does not show in `ps`); `--token` wins.
 */
import { parseArgs } from 'node:util';
import type { PgAuthMethod, ServerLimits, ServerOptions } from '../server/server-options.js';
import { serverOptions } from '../server/server-options.js';

/** The parsed `sluice serve` command line. */
export type ServeCommand =
  | { readonly kind: 'serve'; readonly options: ServerOptions }
  | { readonly kind: 'help' }
  | { readonly kind: 'usage-error'; readonly message: string };

const OPTIONS = {
  'data-dir': { type: 'string' },
  host: { type: 'string' },
  'http-port': { type: 'string' },
  'pg-port': { type: 'string' },
  token: { type: 'string' },
  'pg-auth': { type: 'string' },
  'batch-interval': { type: 'string' },
  'max-statement-bytes': { type: 'string' },
  'max-subscriptions': { type: 'string' },
  'max-connections': { type: 'string' },
  'max-message-bytes': { type: 'string' },
  'max-buffered-bytes': { type: 'string' },
  help: { type: 'boolean', short: '?' },
} as const;

const PG_AUTH: readonly PgAuthMethod[] = ['scram-sha-256', 'md5', 'password'];

/** Parses the arguments after `serve`; `env` supplies SLUICE_TOKEN. */
export function parseServeArgs(args: readonly string[], env: NodeJS.ProcessEnv = process.env): ServeCommand {
  let values;
  try {
    const parsed = parseArgs({ args: [...args], options: OPTIONS, allowPositionals: false, strict: true });
    values = parsed.values;
  } catch (error) {
    return { kind: 'usage-error', message: error instanceof Error ? error.message : String(error) };
  }
  if (values.help) return { kind: 'help' };
  try {
    const pgAuth = (values['pg-auth'] ?? 'scram-sha-256') as PgAuthMethod;
    if (!PG_AUTH.includes(pgAuth)) throw new UsageError(`--pg-auth takes ${PG_AUTH.join(', ')}, not '${pgAuth}'`);
    const pgPort = values['pg-port'];
    const limits: Partial<ServerLimits> = {
      ...optionalNumber('max-statement-bytes', values['max-statement-bytes'], 'maxStatementBytes'),
      ...optionalNumber('max-subscriptions', values['max-subscriptions'], 'maxSubscriptionsPerConnection'),
      ...optionalNumber('max-connections', values['max-connections'], 'maxConnections'),
      ...optionalNumber('max-message-bytes', values['max-message-bytes'], 'maxMessageBytes'),
    };
    const buffered = values['max-buffered-bytes'];
    if (buffered !== undefined) {
      const max = wholeNumber('max-buffered-bytes', buffered, 1);
      Object.assign(limits, { maxBufferedBytes: max, warnBufferedBytes: Math.floor(max / 2) });
    }
    const token = values.token ?? env.SLUICE_TOKEN;
    const batchInterval = values['batch-interval'];
    const options = serverOptions({
      dataDir: values['data-dir'] ?? './sluice-data',
      host: values.host ?? '127.0.0.1',
      httpPort: values['http-port'] === undefined ? 8080 : port('http-port', values['http-port']),
      pgPort: pgPort === 'off' ? null : pgPort === undefined ? 4566 : port('pg-port', pgPort),
      pgAuth,
      ...(token ? { token } : {}),
      ...(batchInterval === undefined ? {} : { batchIntervalMs: wholeNumber('batch-interval', batchInterval, 1) }),
      limits,
    });
    if (options.dataDir === '') throw new UsageError('--data-dir needs a directory');
    return { kind: 'serve', options };
  } catch (error) {
    if (error instanceof UsageError) return { kind: 'usage-error', message: error.message };
    throw error;
  }
}

class UsageError extends Error {}

function wholeNumber(name: string, text: string, min: number): number {
  const n = Number(text);
  if (!/^\d+$/.test(text.trim()) || n < min) throw new UsageError(`--${name} takes a whole number${min > 0 ? ` of at least ${min}` : ''}, not '${text}'`);
  return n;
}

function port(name: string, text: string): number {
  const n = wholeNumber(name, text, 0);
  if (n > 65535) throw new UsageError(`--${name} takes a port number (0 for any free port), not '${text}'`);
  return n;
}

function optionalNumber(name: string, text: string | undefined, key: keyof ServerLimits): Partial<ServerLimits> {
  return text === undefined ? {} : { [key]: wholeNumber(name, text, 1) };
}

/** The usage text of `sluice serve`. */
export function serveUsageText(): string {
  return `sluice serve: run the Sluice server.

Usage:
  sluice serve [OPTION]...

Options:
      --data-dir DIR           keep state in DIR (default: ./sluice-data)
      --host HOST              address to listen on (default: 127.0.0.1)
      --http-port PORT         HTTP, websocket and dashboard port (default: 8080; 0: any free port)
      --pg-port PORT           PostgreSQL wire protocol port (default: 4566; 'off' to disable)
      --token TOKEN            require TOKEN from every client (default: $SLUICE_TOKEN)
      --pg-auth METHOD         how psql and drivers send the token: ${PG_AUTH.join(', ')} (default: scram-sha-256)
      --batch-interval MS      micro-batch interval in milliseconds
      --max-statement-bytes N  longest SQL text accepted (default: 1048576)
      --max-subscriptions N    subscriptions per connection (default: 64)
      --max-connections N      websocket plus PostgreSQL connections (default: 1000)
      --max-message-bytes N    largest websocket frame, HTTP body or PostgreSQL message (default: 4194304)
      --max-buffered-bytes N   unread output per client before it is dropped (default: 8388608)
  -?, --help                   show this help and exit

The dashboard is at http://HOST:HTTP_PORT/. SIGINT or SIGTERM shuts down gracefully.
`;
}
