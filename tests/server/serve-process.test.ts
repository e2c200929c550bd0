/**
 * `sluice serve` as a process: it prints where it listens, keeps its catalog in --data-dir
 * across restarts, and on SIGTERM shuts down gracefully (clients get a close frame with 1001,
 * the process exits 0).
 */
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSluice, type RunningSluice } from '../helpers/start-sluice.js';
import { TestSocket } from './server-fixture.js';

async function serve(dataDir: string): Promise<{ process: RunningSluice; url: string }> {
  const process = await startSluice(['serve', '--data-dir', dataDir, '--http-port', '0', '--pg-port', '0', '--batch-interval', '50']);
  let url = '';
  await process.lines.readUntil((line) => {
    const match = /dashboard and REST: (http:\/\/\S+)\/$/.exec(line);
    if (match) url = match[1]!;
  }, () => url !== '', 15_000);
  return { process, url };
}

describe('sluice serve', () => {
  let dataDir: string;
  beforeAll(async () => {
    dataDir = await mkdtemp(path.join(os.tmpdir(), 'sluice-serve-'));
  });
  afterAll(async () => {
    await rm(dataDir, { recursive: true, force: true });
  });

  it('serves until SIGTERM, then closes clients with 1001 and exits 0', async () => {
    const { process: server, url } = await serve(dataDir);
    const post = (sql: string) => fetch(`${url}/v1/sql`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ sql }) }).then((r) => r.json());
    expect(await post('CREATE TABLE kv (k VARCHAR PRIMARY KEY, v INT)')).toMatchObject({ command: expect.any(String) });
    const socket = await TestSocket.open(`${url.replace(/^http/, 'ws')}/v1/ws`);
    socket.send({ type: 'subscribe', id: 's', sql: 'SUBSCRIBE kv' });
    await socket.next((m) => m.type === 'snapshot');

    server.child.kill('SIGTERM');
    expect((await socket.closed).code).toBe(1001);
    const status = await server.exited;
    expect(status.code).toBe(0);
    expect(server.stderr()).toContain('shutting down');

    // the catalog lives in the data directory: a restarted server still has the table
    const again = await serve(dataDir);
    try {
      const tables = await fetch(`${again.url}/v1/sql`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ sql: 'SHOW TABLES' }) }).then((r) => r.json() as Promise<{ rows: unknown }>);
      expect(tables.rows).toEqual([['kv']]);
    } finally {
      again.process.child.kill('SIGTERM');
      await again.process.exited;
    }
  });
});
