/**
 * The REST API of `sluice serve`, driven through fastify's inject against a real engine.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from './server-fixture.js';

describe('REST API', () => {
  let t: TestServer;
  beforeAll(async () => {
    t = await startTestServer();
  });
  afterAll(async () => {
    await t.stop();
  });

  it('runs statements and returns the last result', async () => {
    const created = await t.sql(`
      CREATE TABLE bids (id INT PRIMARY KEY, item VARCHAR, price DOUBLE, at TIMESTAMP);
      CREATE MATERIALIZED VIEW by_item AS SELECT item, count(*) AS n, sum(price) AS total FROM bids GROUP BY item;`);
    expect(created).toEqual({ status: 200, body: { command: 'CREATE_MATERIALIZED_VIEW', notices: [] } });

    const inserted = await t.insertRows('bids', [
      { id: 1, item: 'lamp', price: 10.5, at: '2024-05-01 12:00:00' },
      { id: 2, item: 'lamp', price: 2 },
      { id: 3, item: 'desk', price: 100 },
    ]);
    expect(inserted).toEqual({ status: 200, body: { command: 'INSERT 0 3', rows: 3 } });

    const result = await t.sql('FLUSH; SELECT * FROM by_item ORDER BY item');
    expect(result.status).toBe(200);
    expect(result.body.columns).toEqual([{ name: 'item', type: 'VARCHAR' }, { name: 'n', type: 'BIGINT' }, { name: 'total', type: 'DOUBLE' }]);
    expect(result.body.rows).toEqual([['desk', 1, 100], ['lamp', 2, 12.5]]);

    // an upsert through the primary key retracts the old row downstream
    await t.insertRows('bids', [[2, 'desk', 1, null]]);
    const after = await t.sql('FLUSH; SELECT * FROM by_item ORDER BY item');
    expect(after.body.rows).toEqual([['desk', 2, 101], ['lamp', 1, 10.5]]);

    const text = await t.sql('SELECT at FROM bids WHERE id = 1');
    expect(text.body.rows).toEqual([['2024-05-01 12:00:00']]);
  });

  it('reports SQL errors with code, line and column, and a 4xx status', async () => {
    const bad = await t.sql('SELECT id,\n  prcie FROM bids');
    expect(bad.status).toBe(400);
    expect(bad.body.error).toMatchObject({ code: 'column-not-found', line: 2, column: 3, hint: "did you mean 'price'?" });

    const syntax = await t.sql('SELEC 1');
    expect(syntax.status).toBe(400);
    expect(syntax.body.error.code).toBeTypeOf('string');

    const missing = await t.sql('SELECT * FROM nothing_here');
    expect(missing.status).toBe(404);
    expect(missing.body.error.code).toBe('table-not-found');

    const notJson = await t.server.http.inject({ method: 'POST', url: '/v1/sql', payload: '{nope', headers: { 'content-type': 'application/json' } });
    expect(notJson.statusCode).toBe(400);
    expect(notJson.json().error.code).toBe('bad-request');

    const noSql = await t.server.http.inject({ method: 'POST', url: '/v1/sql', payload: { query: 'SELECT 1' } });
    expect(noSql.json().error.code).toBe('bad-request');

    const badRows = await t.insertRows('bids', [{ id: 1 }, [2]]);
    expect(badRows.body.error.code).toBe('bad-request');
    const noTable = await t.insertRows('nope', [{ id: 1 }]);
    expect(noTable.status).toBe(404);
  });

  it('refuses continuous queries, which need the websocket', async () => {
    const r = await t.sql('SUBSCRIBE by_item');
    expect(r.status).toBe(400);
    expect(r.body.error.code).toBe('streaming-not-supported');
  });

  it('lists objects and pipelines, and serves health and Prometheus metrics', async () => {
    const objects = await t.server.http.inject({ method: 'GET', url: '/v1/objects' });
    expect(objects.json().objects).toEqual(expect.arrayContaining([
      expect.objectContaining({ name: 'bids', kind: 'table' }),
      expect.objectContaining({ name: 'by_item', kind: 'materialized-view', columns: expect.arrayContaining([{ name: 'n', type: 'BIGINT', primaryKey: false, watermark: null }]) }),
    ]));
    const pipelines = (await t.server.http.inject({ method: 'GET', url: '/v1/pipelines' })).json().pipelines;
    const byItem = pipelines.find((p: { name: string }) => p.name === 'by_item');
    expect(byItem).toMatchObject({ status: 'running', rowsIn: expect.any(Number), stateRows: expect.any(Number), lateRows: 0 });
    expect(byItem.rowsIn).toBeGreaterThanOrEqual(4);

    expect((await t.server.http.inject({ method: 'GET', url: '/health' })).json()).toEqual({ status: 'ok' });
    const metrics = await t.server.http.inject({ method: 'GET', url: '/metrics' });
    expect(metrics.headers['content-type']).toContain('text/plain');
    expect(metrics.body).toMatch(/sluice_pipeline_rows_in_total\{pipeline="by_item"\} \d+/);
    expect(metrics.body).toMatch(/sluice_pipeline_batches_total\{pipeline="by_item"\} \d+/);
    expect(metrics.body).toMatch(/sluice_pipeline_state_rows\{pipeline="by_item"\} \d+/);
    expect(metrics.body).toContain('sluice_process_resident_memory_bytes');
  });

  it('refuses SQL over the statement size limit', async () => {
    const small = await startTestServer({ limits: { maxStatementBytes: 100 } });
    try {
      const r = await small.sql(`SELECT ${'1 + '.repeat(50)}1`);
      expect(r.status).toBe(413);
      expect(r.body.error.code).toBe('statement-too-large');
    } finally {
      await small.stop();
    }
  });
});

describe('REST API with a token', () => {
  let t: TestServer;
  beforeAll(async () => {
    t = await startTestServer({ token: 's3cret' });
  });
  afterAll(async () => {
    await t.stop();
  });

  it('refuses every route but /health without the token', async () => {
    expect((await t.server.http.inject({ method: 'GET', url: '/health' })).statusCode).toBe(200);
    for (const url of ['/v1/objects', '/v1/pipelines', '/metrics', '/']) {
      const r = await t.server.http.inject({ method: 'GET', url });
      expect(r.statusCode, url).toBe(401);
      expect(r.json().error.code).toBe('unauthorized');
    }
    expect((await t.sql('SELECT 1')).status).toBe(401);
    expect((await t.sql('SELECT 1', { authorization: 'Bearer wrong' })).status).toBe(401);
    expect((await t.sql('SELECT 1 AS one', { authorization: 'Bearer s3cret' })).body.rows).toEqual([[1]]);
    expect((await t.server.http.inject({ method: 'GET', url: '/v1/objects?token=s3cret' })).statusCode).toBe(200);
  });
});
