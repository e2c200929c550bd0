import { createServer, type Server, type Socket } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { field, schemaOf, T } from '@sluice/sql';
import { deltaRows } from '../delta.js';
import { socketSourceConnector, SocketSourceReader } from './socket-source.js';
import { sourceContext } from './test-context.js';

interface LineServer { server: Server; clients: Set<Socket>; port: number }

async function listen(port = 0): Promise<LineServer> {
  const clients = new Set<Socket>();
  const server = createServer((socket) => {
    clients.add(socket);
    socket.on('close', () => clients.delete(socket));
  });
  await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));
  return { server, clients, port: (server.address() as { port: number }).port };
}

async function stop(s: LineServer): Promise<void> {
  for (const c of s.clients) c.destroy();
  await new Promise<void>((resolve) => s.server.close(() => resolve()));
}

async function waitFor<T>(probe: () => Promise<T | null> | T | null, what: string, timeoutMs = 8_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== null && value !== false) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

const readers: SocketSourceReader[] = [];
const servers: LineServer[] = [];
afterEach(async () => {
  for (const r of readers.splice(0)) await r.close();
  for (const s of servers.splice(0)) await stop(s).catch(() => {});
});

async function pollValues(reader: SocketSourceReader, count: number): Promise<unknown[][]> {
  const rows: unknown[][] = [];
  await waitFor(async () => {
    const batch = await reader.poll(1000);
    if (batch) for (const r of deltaRows(batch.delta)) rows.push(r.values);
    return rows.length >= count ? true : null;
  }, `${count} rows`);
  return rows;
}

describe('socket source', () => {
  it('receives lines and reconnects when the server goes away and comes back', async () => {
    const first = await listen();
    servers.push(first);
    const ctx = sourceContext(schemaOf([field('line', T.varchar)]), { connector: 'socket', port: String(first.port) });
    socketSourceConnector.validate(ctx);
    const reader = new SocketSourceReader(ctx);
    readers.push(reader);
    await reader.open();
    const client = await waitFor(() => [...first.clients][0] ?? null, 'the source to connect');
    client.write('hello world\nsecond li');
    client.write('ne\r\n');
    expect(await pollValues(reader, 2)).toEqual([['hello world'], ['second line']]);

    await stop(first);
    servers.length = 0;
    await waitFor(() => (ctx.problems.some((p) => p.code === 'source-disconnected') ? true : null), 'the outage report');
    await new Promise((r) => setTimeout(r, 300)); // a few failed attempts while the port is closed
    const second = await listen(first.port);
    servers.push(second);
    const again = await waitFor(() => [...second.clients][0] ?? null, 'the source to reconnect');
    expect(ctx.problems.filter((p) => p.code === 'source-disconnected')).toHaveLength(1); // once per outage
    again.end('after restart'); // the last line may lack a line break
    expect(await pollValues(reader, 1)).toEqual([['after restart']]);
  });

  it('decodes JSON lines for several columns and pauses the sender when its buffer is full', async () => {
    const s = await listen();
    servers.push(s);
    const schema = schemaOf([field('id', T.bigint), field('word', T.varchar)]);
    const ctx = sourceContext(schema, { port: String(s.port), 'buffer.lines': '10' });
    const reader = new SocketSourceReader(ctx);
    readers.push(reader);
    await reader.open();
    const client = await waitFor(() => [...s.clients][0] ?? null, 'the source to connect');
    const lines = Array.from({ length: 50 }, (_, i) => (i === 3 ? 'oops' : JSON.stringify({ id: i, word: `w${i}` })));
    client.write(`${lines.join('\n')}\n`);
    await waitFor(() => (reader.bufferedLines >= 10 ? true : null), 'lines to arrive');
    expect(reader.backPressured).toBe(true);
    const rows = await pollValues(reader, 49);
    expect(reader.backPressured).toBe(false);
    expect(rows.map((r) => r[0])).toEqual(Array.from({ length: 50 }, (_, i) => BigInt(i)).filter((i) => i !== 3n));
    expect(ctx.problems.map((p) => p.position)).toEqual([`127.0.0.1:${s.port}:4`]);
  });

  it('validates the port', () => {
    const schema = schemaOf([field('line', T.varchar)]);
    expect(() => socketSourceConnector.validate(sourceContext(schema, {}))).toThrow(/option 'port': is required/);
    expect(() => socketSourceConnector.validate(sourceContext(schema, { port: '70000' }))).toThrow(/option 'port'/);
  });
});
