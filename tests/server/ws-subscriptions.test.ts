/**
 * The websocket protocol (docs/protocol.md) against a real server: subscriptions receive a
 * schema, a snapshot and then the changes of every micro-batch in order, and the changes
 * applied to the snapshot equal a fresh SELECT; bad messages get coded errors and the
 * connection stays up; limits and the token are enforced; a stalled reader is dropped.
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { applyChanges, sortedRows, startTestServer, TestSocket, type TestServer } from './server-fixture.js';

describe('websocket subscriptions', () => {
  let t: TestServer;
  beforeAll(async () => {
    t = await startTestServer({ limits: { maxSubscriptionsPerConnection: 3, maxMessageBytes: 64 * 1024 } });
    await t.sql(`CREATE TABLE orders (id INT PRIMARY KEY, customer VARCHAR, amount INT);
      CREATE MATERIALIZED VIEW totals AS SELECT customer, count(*) AS n, sum(amount) AS total FROM orders GROUP BY customer;`);
  });
  afterAll(async () => {
    await t.stop();
  });

  it('sends schema, snapshot, then changes in order that add up to a fresh SELECT', async () => {
    await t.insertRows('orders', [{ id: 1, customer: 'ann', amount: 5 }]);
    await t.sql('FLUSH');
    const a = await TestSocket.open(t.wsUrl());
    const b = await TestSocket.open(t.wsUrl());
    a.send({ type: 'subscribe', id: 'q1', sql: 'SUBSCRIBE totals' });
    b.send({ type: 'subscribe', id: 'other', sql: 'SUBSCRIBE totals;' });
    const schema = await a.next((m) => m.type === 'schema');
    expect(schema).toEqual({ type: 'schema', id: 'q1', columns: [{ name: 'customer', type: 'VARCHAR' }, { name: 'n', type: 'BIGINT' }, { name: 'total', type: 'BIGINT' }] });
    const snapshot = await a.next((m) => m.type === 'snapshot');
    expect(snapshot).toEqual({ type: 'snapshot', id: 'q1', rows: [['ann', 1, 5]] });
    await b.next((m) => m.type === 'snapshot');

    const rows = new Map<string, number>();
    applyChanges(rows, snapshot.rows.map((values: unknown[]) => ({ op: '+', values })));
    for (let i = 2; i <= 40; i++) {
      await t.insertRows('orders', [{ id: i, customer: ['ann', 'bob', 'cy'][i % 3], amount: i }]);
      if (i % 10 === 0) await t.insertRows('orders', [{ id: i - 5, customer: 'dee', amount: 1 }]); // upserts: retractions downstream
    }
    await t.sql('FLUSH');
    const fresh = (await t.sql('SELECT * FROM totals')).body.rows as unknown[][];
    // wait until the applied changes reach the fresh result
    const deadline = Date.now() + 10_000;
    let seen = 0;
    let lastBatch = 0;
    while (Date.now() < deadline) {
      for (const m of a.messages.slice(seen)) {
        seen++;
        if (m.type !== 'changes') continue;
        expect(m.id).toBe('q1');
        expect(m.batch).toBeGreaterThan(lastBatch);
        lastBatch = m.batch;
        expect(m).toHaveProperty('watermark');
        applyChanges(rows, m.rows);
      }
      if (JSON.stringify(sortedRows(rows)) === JSON.stringify(sortedRows(fresh))) break;
      await a.next(() => true, 2000, seen).catch(() => {});
    }
    expect(sortedRows(rows)).toEqual(sortedRows(fresh));
    expect(a.messages.some((m) => m.type === 'changes' && m.rows.some((r: { op: string }) => r.op === '-'))).toBe(true);

    // the second subscriber saw the same batches
    const aBatches = a.messages.filter((m) => m.type === 'changes').map((m) => [m.batch, m.rows]);
    await b.next((m) => m.type === 'changes' && m.batch === lastBatch);
    const bBatches = b.messages.filter((m) => m.type === 'changes').map((m) => [m.batch, m.rows]);
    expect(bBatches).toEqual(aBatches);

    a.send({ type: 'unsubscribe', id: 'q1' });
    expect(await a.next((m) => m.type === 'closed')).toEqual({ type: 'closed', id: 'q1', reason: 'unsubscribed' });
    a.close();
    b.close();
  });

  it('shares one engine feed between subscribers of a view', async () => {
    const sockets = await Promise.all(Array.from({ length: 5 }, () => TestSocket.open(t.wsUrl())));
    sockets.forEach((s, i) => s.send({ type: 'subscribe', id: `s${i}`, sql: 'SUBSCRIBE totals' }));
    await Promise.all(sockets.map((s) => s.next((m) => m.type === 'snapshot')));
    const before = (await t.server.http.inject({ method: 'GET', url: '/v1/pipelines' })).json().pipelines.length;
    expect(before).toBe(1); // the view's own pipeline, nothing per subscriber
    const metrics = (await t.server.http.inject({ method: 'GET', url: '/metrics' })).body;
    expect(metrics).toMatch(/sluice_subscriptions 5/);
    sockets.forEach((s) => s.close());
  });

  it('runs query messages: rows, command tags, done; a continuous SELECT streams', async () => {
    const s = await TestSocket.open(t.wsUrl());
    s.send({ type: 'query', id: 'r1', sql: "CREATE TABLE notes (txt VARCHAR); INSERT INTO notes VALUES ('hi'); FLUSH; SELECT * FROM notes" });
    await s.next((m) => m.type === 'done' && m.id === 'r1');
    const kinds = s.messages.filter((m) => m.id === 'r1').map((m) => m.type);
    expect(kinds).toEqual(['command', 'command', 'command', 'rows', 'done']);
    expect(s.messages.find((m) => m.type === 'rows')).toMatchObject({ columns: [{ name: 'txt', type: 'VARCHAR' }], rows: [['hi']] });

    s.send({ type: 'query', id: 'r2', sql: 'SELECT 1 AS one', format: 'text' });
    expect(await s.next((m) => m.type === 'rows' && m.id === 'r2')).toMatchObject({ rows: [['1']] });

    s.send({ type: 'subscribe', id: 'gen', sql: "SELECT * FROM generate_series(1, 3) AS g(x)" });
    const closed = await s.next((m) => m.id === 'gen' && (m.type === 'closed' || m.type === 'error'));
    expect(closed.type).toBe('closed');
    s.close();
  });

  it('streams a continuous SELECT over a source: empty snapshot, changes, closed when the input ends', async () => {
    const dir = await mkdtemp(path.join(os.tmpdir(), 'sluice-ws-src-'));
    try {
      const file = path.join(dir, 'nums.jsonl');
      await writeFile(file, Array.from({ length: 30 }, (_, i) => JSON.stringify({ n: i })).join('\n') + '\n');
      await t.sql(`CREATE SOURCE nums (n INT) WITH (connector = 'file', path = '${file}') FORMAT PLAIN ENCODE JSON`);
      const s = await TestSocket.open(t.wsUrl());
      s.send({ type: 'subscribe', id: 'src', sql: 'SELECT n * 2 AS twice FROM nums WHERE n % 3 = 0' });
      expect(await s.next((m) => m.type === 'schema')).toMatchObject({ columns: [{ name: 'twice', type: 'INT' }] });
      expect(await s.next((m) => m.type === 'snapshot')).toMatchObject({ rows: [] });
      expect(await s.next((m) => m.type === 'closed')).toEqual({ type: 'closed', id: 'src', reason: 'ended' });
      const values = s.messages.filter((m) => m.type === 'changes').flatMap((m) => m.rows.map((r: { op: string; values: number[] }) => `${r.op}${r.values[0]}`));
      expect(values.sort()).toEqual(Array.from({ length: 10 }, (_, i) => `+${i * 6}`).sort());
      s.close();
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it('answers bad messages with coded errors and keeps the connection', async () => {
    const s = await TestSocket.open(t.wsUrl());
    s.send('{not json');
    expect(await s.next((m) => m.type === 'error')).toMatchObject({ code: 'bad-message' });
    s.send({ type: 'launch', id: 'x' });
    expect(await s.next((m) => m.type === 'error' && m.id === 'x')).toMatchObject({ code: 'unknown-message-type' });
    s.send({ type: 'subscribe', id: 'y' });
    expect(await s.next((m) => m.type === 'error' && m.id === 'y')).toMatchObject({ code: 'bad-message' });
    s.send({ type: 'subscribe', id: 'z', sql: 'SUBSCRIBE totalz' });
    expect(await s.next((m) => m.type === 'error' && m.id === 'z')).toMatchObject({ code: 'table-not-found', line: 1 });
    s.send({ type: 'subscribe', id: 'w', sql: 'INSERT INTO orders VALUES (1000, NULL, 1)' });
    expect(await s.next((m) => m.type === 'error' && m.id === 'w')).toMatchObject({ code: 'bad-subscription' });
    s.send({ type: 'query', id: 'v', sql: 'SELECT FROM WHERE' });
    expect(await s.next((m) => m.type === 'error' && m.id === 'v')).toMatchObject({ code: 'syntax-error' });
    s.send({ type: 'unsubscribe', id: 'never' });
    expect(await s.next((m) => m.type === 'error' && m.id === 'never')).toMatchObject({ code: 'unknown-subscription' });
    s.ws.send(Buffer.from([1, 2, 3]), { binary: true });
    await s.next((m) => m.type === 'error' && /binary/.test(m.message));

    for (let i = 0; i < 3; i++) s.send({ type: 'subscribe', id: `ok${i}`, sql: 'SUBSCRIBE totals' });
    s.send({ type: 'subscribe', id: 'ok0', sql: 'SUBSCRIBE totals' });
    s.send({ type: 'subscribe', id: 'ok3', sql: 'SUBSCRIBE totals' });
    expect(await s.next((m) => m.type === 'error' && m.id === 'ok3')).toMatchObject({ code: 'too-many-subscriptions' });
    expect(await s.next((m) => m.type === 'error' && m.id === 'ok0')).toMatchObject({ code: 'duplicate-id' });

    s.send({ type: 'ping', id: 'p' });
    expect(await s.next((m) => m.type === 'pong')).toEqual({ type: 'pong', id: 'p' });

    // an oversized frame closes that connection (1009) but not the server
    s.send({ type: 'query', id: 'big', sql: `SELECT '${'x'.repeat(70 * 1024)}'` });
    expect((await s.closed).code).toBe(1009);
    const again = await TestSocket.open(t.wsUrl());
    again.send({ type: 'ping' });
    await again.next((m) => m.type === 'pong');
    again.close();
  });

  it('drops a stalled reader once its buffer bound is reached, keeping memory bounded', async () => {
    const small = await startTestServer({ limits: { warnBufferedBytes: 32 * 1024, maxBufferedBytes: 256 * 1024 } });
    try {
      await small.sql('CREATE TABLE big (id INT PRIMARY KEY, pad VARCHAR)');
      const s = await TestSocket.open(small.wsUrl());
      s.send({ type: 'subscribe', id: 'b', sql: 'SUBSCRIBE big' });
      await s.next((m) => m.type === 'snapshot');
      // stop reading: the socket's receive side is paused, so the server's send buffer fills
      (s.ws as unknown as { _socket: { pause(): void } })._socket.pause();
      const pad = 'p'.repeat(2000);
      let dropped = false;
      const writer = (async () => {
        for (let i = 0; i < 100 && !dropped; i++) {
          await small.insertRows('big', Array.from({ length: 100 }, (_, j) => ({ id: i * 100 + j, pad })));
        }
      })();
      const deadline = Date.now() + 15_000;
      while (!small.logs.some((l) => /over the \d+-byte bound; disconnecting/.test(l)) && Date.now() < deadline) {
        await new Promise((r) => setTimeout(r, 20));
      }
      dropped = true;
      expect(small.logs.join('\n')).toMatch(/disconnecting/);
      (s.ws as unknown as { _socket: { resume(): void } })._socket.resume();
      expect((await s.closed).code).toBe(1008);
      expect(s.messages.some((m) => m.type === 'warning' && m.code === 'slow-consumer')).toBe(true);
      await writer;
    } finally {
      await small.stop();
    }
  });
});

describe('websocket with a token and a connection limit', () => {
  let t: TestServer;
  beforeAll(async () => {
    t = await startTestServer({ token: 'tok', limits: { maxConnections: 2 } });
  });
  afterAll(async () => {
    await t.stop();
  });

  it('refuses the upgrade without the token', async () => {
    await expect(TestSocket.open(t.wsUrl())).rejects.toThrow(/401/);
    await expect(TestSocket.open(t.wsUrl('?token=nope'))).rejects.toThrow(/401/);
    const ok = await TestSocket.open(t.wsUrl('?token=tok'));
    ok.send({ type: 'ping' });
    await ok.next((m) => m.type === 'pong');
    const header = await TestSocket.open(t.wsUrl(), { headers: { authorization: 'Bearer tok' } });
    const third = await TestSocket.open(t.wsUrl('?token=tok'));
    expect(await third.next((m) => m.type === 'error')).toMatchObject({ code: 'too-many-connections' });
    expect((await third.closed).code).toBe(1013);
    ok.close();
    header.close();
  });
});
