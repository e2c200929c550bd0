import net from 'node:net';
import { describe, expect, it } from 'vitest';
import { EngineError } from '../errors.js';
import { checkReachable, formatAddress, hostPortAddress, urlAddress, urlAddresses } from './reachability.js';

/** A port with nothing listening (taken, then given back). */
function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const server = net.createServer().listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

describe('urlAddress / urlAddresses / hostPortAddress', () => {
  it('reads the host and port, the scheme giving the default port', () => {
    const ports = { mqtt: 1883, mqtts: 8883 };
    expect(urlAddress('mqtt://broker.example:1999', ports, 'mqtt')).toEqual({ host: 'broker.example', port: 1999 });
    expect(urlAddress('mqtts://user:pw@broker.example', ports, 'mqtt')).toEqual({ host: 'broker.example', port: 8883 });
    expect(urlAddress('10.0.0.1', ports, 'mqtt')).toEqual({ host: '10.0.0.1', port: 1883 });
    expect(urlAddress('mqtt://[::1]:2000', ports, 'mqtt')).toEqual({ host: '::1', port: 2000 });
    expect(urlAddress('ftp://x', ports, 'mqtt')).toBeNull();
    expect(urlAddresses('server_url', 'nats://a:1, nats://b', { nats: 4222 }, 'nats')).toEqual([{ host: 'a', port: 1 }, { host: 'b', port: 4222 }]);
    expect(hostPortAddress('kafka-1:9092')).toEqual({ host: 'kafka-1', port: 9092 });
    expect(formatAddress({ host: '::1', port: 5 })).toBe('[::1]:5');
  });

  it('refuses a URL without a host, naming the option', () => {
    expect(() => urlAddresses('url', 'redis://', { redis: 6379 }, 'redis')).toThrow(/option 'url': 'redis:\/\/' has no host/);
  });
});

describe('checkReachable', () => {
  it('passes when one of the addresses accepts a connection', async () => {
    const server = net.createServer((socket) => socket.destroy());
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as net.AddressInfo;
    try {
      await checkReachable('s', 'brokers', [{ host: '127.0.0.1', port: await freePort() }, { host: '127.0.0.1', port }]);
    } finally {
      server.close();
    }
  });

  it('names the option and every address when none answers', async () => {
    const port = await freePort();
    const error = await checkReachable('ev', 'server_url', [{ host: '127.0.0.1', port }]).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(EngineError);
    expect((error as EngineError).code).toBe('source-unavailable');
    expect((error as EngineError).message).toBe(`source ev: option 'server_url': cannot connect to 127.0.0.1:${port} (connection refused)`);
  });
});
