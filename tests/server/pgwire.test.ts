/**
 * The PostgreSQL wire protocol with real clients: Debian's psql (simple protocol, errors with
 * positions, startup queries, SUBSCRIBE cancelled by SIGINT -> CancelRequest) and node-postgres
 * (extended protocol with parameters, type OIDs, SQLSTATEs, password auth with the token).
 */
import { spawn } from 'node:child_process';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { psql } from './psql-client.js';
import { skipWithout } from './required-binary.js';
import { startTestServer, type TestServer } from './server-fixture.js';

const noPsql = skipWithout('psql', 'postgresql-client');

describe('PostgreSQL wire protocol', () => {
  let t: TestServer;
  let port: number;
  beforeAll(async () => {
    t = await startTestServer();
    port = t.server.pgPort!;
    await t.sql(`CREATE TABLE items (id INT PRIMARY KEY, name VARCHAR, price DOUBLE, qty BIGINT, added TIMESTAMP, ok BOOLEAN);
      CREATE MATERIALIZED VIEW stock AS SELECT name, sum(qty) AS qty FROM items GROUP BY name;`);
    await t.insertRows('items', [
      { id: 1, name: 'apple', price: 1.25, qty: 10, added: '2024-05-01 10:00:00', ok: true },
      { id: 2, name: 'pear', price: 2, qty: 3, added: '2024-05-02 11:30:00', ok: false },
    ]);
    await t.sql('FLUSH');
  });
  afterAll(async () => {
    await t.stop();
  });

  it.skipIf(noPsql)('psql runs queries and prints aligned tables', async () => {
    const r = await psql(port, ['-c', 'SELECT id, name, price FROM items ORDER BY id', '-c', 'SELECT * FROM stock ORDER BY name']);
    expect(r.stderr).toBe('');
    expect(r.stdout).toContain(' id | name  | price \n----+-------+-------\n  1 | apple |  1.25\n  2 | pear  |     2\n(2 rows)');
    expect(r.stdout).toContain(' apple |  10');
  });

  it.skipIf(noPsql)('psql scripts: startup-style statements, DDL and DML tags, errors with a caret', async () => {
    const script = [
      'SET application_name = \'t\';', 'SHOW server_version;', 'SELECT version();', 'BEGIN;',
      "INSERT INTO items VALUES (3, 'fig', 0.5, 7, '2024-05-03 00:00:00', NULL);", 'COMMIT;', 'FLUSH;',
      'SELECT count(*) AS n FROM items;', 'SELECT prise FROM items;',
    ].join('\n');
    const r = await psql(port, ['-v', 'ON_ERROR_STOP=0'], script);
    expect(r.stdout).toContain('SET\n');
    expect(r.stdout).toMatch(/15\.0 \(Sluice/);
    expect(r.stdout).toContain('INSERT 0 1');
    expect(r.stdout).toContain('COMMIT');
    expect(r.stdout).toMatch(/ n \n---\n 3\n\(1 row\)/);
    expect(r.stderr).toContain("ERROR:  column 'prise' does not exist");
    expect(r.stderr).toContain('LINE 1: SELECT prise FROM items;\n               ^');
    expect(r.stderr).toContain("HINT:  did you mean 'price'?");
  });

  it.skipIf(noPsql)('psql reports SQLSTATEs', async () => {
    const r = await psql(port, ['-v', 'VERBOSITY=verbose', '-c', 'SELECT * FROM nowhere']);
    expect(r.stderr).toMatch(/ERROR: {2}42P01: .*nowhere/);
  });

  it.skipIf(noPsql)('psql SUBSCRIBE streams until Ctrl-C sends a CancelRequest', async () => {
    const child = spawn('psql', ['-X', '-h', '127.0.0.1', '-p', String(port), '-U', 'tester', '-c', 'SUBSCRIBE stock'], { stdio: ['ignore', 'pipe', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (d) => (stderr += d));
    const exited = new Promise<number | null>((resolve) => child.on('close', resolve));
    await new Promise((r) => setTimeout(r, 800));
    await t.insertRows('items', [{ id: 4, name: 'kiwi', qty: 1 }]);
    await new Promise((r) => setTimeout(r, 300));
    child.kill('SIGINT');
    await exited;
    expect(stderr).toContain('canceling statement due to user request');
    // the server is still fine
    expect((await psql(port, ['-c', 'SELECT 1 AS one'])).stdout).toContain('(1 row)');
  });

  it('node-postgres: parameterized queries, type OIDs, errors with SQLSTATE and position', async () => {
    const client = new pg.Client({ host: '127.0.0.1', port, user: 'tester', database: 'sluice' });
    await client.connect();
    try {
      const r = await client.query('SELECT id, name, price, qty, added, ok FROM items WHERE id = $1 OR name = $2 ORDER BY id', [1, 'pear']);
      expect(r.fields.map((f) => [f.name, f.dataTypeID])).toEqual([['id', 23], ['name', 1043], ['price', 701], ['qty', 20], ['added', 1114], ['ok', 16]]);
      expect(r.rows.map((row) => [row.id, row.name, row.price, row.qty, row.ok])).toEqual([[1, 'apple', 1.25, '10', true], [2, 'pear', 2, '3', false]]);
      expect(r.rowCount).toBe(2);

      const quoted = await client.query('SELECT $1 AS s', ["it's; -- not a comment $2"]);
      expect(quoted.rows).toEqual([{ s: "it's; -- not a comment $2" }]);

      const inserted = await client.query('INSERT INTO items (id, name, qty) VALUES ($1, $2, $3)', [10, 'plum', 4]);
      expect(inserted.command).toBe('INSERT');
      await client.query('FLUSH');
      expect((await client.query('SELECT qty FROM stock WHERE name = $1', ['plum'])).rows).toEqual([{ qty: '4' }]);

      const err = await client.query('SELECT nope FROM items WHERE id = $1', [1]).catch((e: unknown) => e as pg.DatabaseError);
      expect(err).toMatchObject({ code: '42703', position: '8', detail: 'sluice error code: column-not-found' });
      const syntax = await client.query('SELECT FROM WHERE').then(() => null, (e: unknown) => e as pg.DatabaseError);
      expect(syntax?.code).toBe('42601');
      const table = await client.query('SELECT * FROM nowhere').then(() => null, (e: unknown) => e as pg.DatabaseError);
      expect(table?.code).toBe('42P01');
      // the connection is still usable after errors
      expect((await client.query('SELECT 1 + $1::INT AS x', [41])).rows).toEqual([{ x: 42 }]);
      // TIME travels as OID 1083 in PostgreSQL's text form
      const time = await client.query('SELECT TIME \'02:00:00\' AS t, $1::TIME + INTERVAL \'1 hour\' AS p', ['13:05:00.5']);
      expect(time.fields.map((f) => f.dataTypeID)).toEqual([1083, 1083]);
      expect(time.rows).toEqual([{ t: '02:00:00', p: '14:05:00.5' }]);
    } finally {
      await client.end();
    }
  });
});

describe('PostgreSQL wire protocol with a token', () => {
  let t: TestServer;
  afterAll(async () => {
    await t?.stop();
  });

  for (const method of ['scram-sha-256', 'md5', 'password'] as const) {
    it(`accepts the token as the password (${method}) and refuses others`, async () => {
      await t?.stop();
      t = await startTestServer({ token: 'tok-en', pgAuth: method });
      const port = t.server.pgPort!;
      const good = new pg.Client({ host: '127.0.0.1', port, user: 'u', password: 'tok-en' });
      await good.connect();
      expect((await good.query('SELECT 2 AS two')).rows).toEqual([{ two: 2 }]);
      await good.end();
      const bad = new pg.Client({ host: '127.0.0.1', port, user: 'u', password: 'wrong' });
      await expect(bad.connect()).rejects.toMatchObject({ code: '28P01' });
      if (!noPsql) {
        expect((await psql(port, ['-c', 'SELECT 3 AS three'], undefined, { PGPASSWORD: 'tok-en' })).stdout).toContain('(1 row)');
        expect((await psql(port, ['-w', '-c', 'SELECT 1'], undefined, { PGPASSWORD: 'nope' })).stderr).toMatch(/password authentication failed/);
      }
    });
  }
});
