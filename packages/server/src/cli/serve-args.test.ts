import { describe, expect, it } from 'vitest';
import { DEFAULT_LIMITS } from '../server/server-options.js';
import { parseServeArgs } from './serve-args.js';

describe('parseServeArgs', () => {
  it('fills in the documented defaults', () => {
    const command = parseServeArgs([], {});
    expect(command).toEqual({
      kind: 'serve',
      options: { dataDir: './sluice-data', host: '127.0.0.1', httpPort: 8080, pgPort: 4566, pgAuth: 'scram-sha-256', limits: DEFAULT_LIMITS },
    });
  });

  it('reads every option, and the token from SLUICE_TOKEN unless --token is given', () => {
    const command = parseServeArgs([
      '--data-dir', '/d', '--host', '0.0.0.0', '--http-port', '0', '--pg-port', 'off', '--pg-auth', 'md5', '--batch-interval', '250',
      '--max-statement-bytes', '100', '--max-subscriptions', '2', '--max-connections', '3', '--max-message-bytes', '4096', '--max-buffered-bytes', '1000',
    ], { SLUICE_TOKEN: 'from-env' });
    expect(command.kind === 'serve' && command.options).toEqual({
      dataDir: '/d', host: '0.0.0.0', httpPort: 0, pgPort: null, pgAuth: 'md5', batchIntervalMs: 250, token: 'from-env',
      limits: { ...DEFAULT_LIMITS, maxStatementBytes: 100, maxSubscriptionsPerConnection: 2, maxConnections: 3, maxMessageBytes: 4096, maxBufferedBytes: 1000, warnBufferedBytes: 500 },
    });
    const flag = parseServeArgs(['--token', 'flag'], { SLUICE_TOKEN: 'env' });
    expect(flag.kind === 'serve' && flag.options.token).toBe('flag');
  });

  it.each([
    [['--http-port', 'x'], /--http-port takes a whole number/],
    [['--pg-port', '70000'], /--pg-port takes a port number/],
    [['--pg-auth', 'trust'], /--pg-auth takes scram-sha-256, md5, password/],
    [['--max-connections', '0'], /at least 1/],
    [['--nope'], /Unknown option/],
    [['extra'], /positional/],
  ])('rejects %j', (args, message) => {
    const command = parseServeArgs(args, {});
    expect(command.kind).toBe('usage-error');
    expect(command.kind === 'usage-error' && command.message).toMatch(message);
  });
});
