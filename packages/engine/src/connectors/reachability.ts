/**
 * The CREATE-time reachability check of the broker sources (`SourceConnector.check`): a TCP
 * connection to the addresses an option names, with a short timeout. A source whose server
 * cannot be reached then fails at CREATE, naming the option and the address, rather than
 * later, when a view first reads it (or never, for clients that retry for ever). Only the
 * connection is tried: topics, streams and credentials are checked when the source opens.
 */
import net from 'node:net';
import { EngineError } from '../errors.js';
import { invalidOption } from './options.js';

/** A server address taken from an option. */
export interface ServerAddress {
  readonly host: string;
  readonly port: number;
}

/** How long one connection attempt may take at CREATE time. */
export const CREATE_CHECK_TIMEOUT_MS = 3_000;

/**
 * Resolves once any of `addresses` accepts a TCP connection (one reachable bootstrap server is
 * enough for a client); otherwise throws EngineError('source-unavailable') naming `option`,
 * every address tried and why each failed.
 */
export async function checkReachable(source: string, option: string, addresses: readonly ServerAddress[], timeoutMs = CREATE_CHECK_TIMEOUT_MS): Promise<void> {
  const failures = await Promise.all(addresses.map((a) => connectFailure(a, timeoutMs)));
  if (failures.some((f) => f === null)) return;
  const tried = addresses.map((a, i) => `${formatAddress(a)} (${failures[i]})`).join(', ');
  throw new EngineError('source-unavailable', `source ${source}: option '${option}': cannot connect to ${tried}`, 'external', {
    retryable: true,
    hint: `check the address in ${option} and that the server is running; the source is not created`,
  });
}

/** `host:port`, with brackets around an IPv6 host. */
export function formatAddress(address: ServerAddress): string {
  return address.host.includes(':') ? `[${address.host}]:${address.port}` : `${address.host}:${address.port}`;
}

/**
 * The host and port of a URL such as `nats://host:4222` or `mqtt://user@host`; `defaultPorts`
 * maps a scheme (without the colon) to its port when the URL has none. A value without a
 * scheme is read as `host[:port]` with `defaultScheme`'s port.
 */
export function urlAddress(value: string, defaultPorts: Readonly<Record<string, number>>, defaultScheme: string): ServerAddress | null {
  const text = /^[a-z][a-z0-9+.-]*:\/\//i.test(value.trim()) ? value.trim() : `${defaultScheme}://${value.trim()}`;
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    return null;
  }
  const scheme = url.protocol.replace(/:$/, '').toLowerCase();
  const port = url.port !== '' ? Number(url.port) : defaultPorts[scheme];
  const host = url.hostname.replace(/^\[(.*)\]$/, '$1');
  if (host === '' || port === undefined) return null;
  return { host, port };
}

/** `host:port` (checked by the connector's `validate`) as an address. */
export function hostPortAddress(value: string): ServerAddress {
  const colon = value.lastIndexOf(':');
  return { host: value.slice(0, colon), port: Number(value.slice(colon + 1)) };
}

/** The addresses of URL option `option` (comma-separated URLs); throws invalid-option for one without a host. */
export function urlAddresses(option: string, value: string, defaultPorts: Readonly<Record<string, number>>, defaultScheme: string): ServerAddress[] {
  return value.split(',').map((s) => s.trim()).filter((s) => s !== '').map((url) => {
    const address = urlAddress(url, defaultPorts, defaultScheme);
    if (!address) throw invalidOption(option, `'${url}' has no host and port`, `${option} = '${defaultScheme}://127.0.0.1:${defaultPorts[defaultScheme]}'`);
    return address;
  });
}

/** null when `address` accepts a connection within `timeoutMs`; else why not. */
function connectFailure(address: ServerAddress, timeoutMs: number): Promise<string | null> {
  return new Promise((resolve) => {
    const socket = net.createConnection({ host: address.host, port: address.port });
    const done = (failure: string | null): void => {
      socket.destroy();
      resolve(failure);
    };
    socket.setTimeout(timeoutMs);
    socket.once('connect', () => done(null));
    socket.once('timeout', () => done(`no answer within ${timeoutMs} ms`));
    socket.once('error', (e: NodeJS.ErrnoException) => done(e.code === 'ECONNREFUSED' ? 'connection refused' : e.code === 'ENOTFOUND' ? 'unknown host' : e.message));
  });
}
