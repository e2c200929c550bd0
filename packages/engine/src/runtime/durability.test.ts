import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { EngineError } from '../errors.js';
import type { StatementResult } from '../results.js';
import { Sluice } from '../sluice.js';

function rowsOf(result: StatementResult | undefined): unknown[][] {
  if (!result || result.kind !== 'rows') throw new Error(`expected rows, got ${result?.kind}`);
  return result.rows.map((r) => [...r]);
}

async function select(engine: Sluice, sql: string): Promise<unknown[][]> {
  const [result] = await engine.executeScript(sql);
  return rowsOf(result);
}

/** Lines of a file sink's committed parts, in part order. */
async function sinkLines(folder: string): Promise<string[]> {
  const names = (await readdir(folder)).filter((n) => n.startsWith('part-')).sort();
  const lines: string[] = [];
  for (const name of names) lines.push(...(await readFile(join(folder, name), 'utf8')).split('\n').filter((l) => l !== ''));
  return lines;
}

describe('durability of tables and views', () => {
  let dir: string;
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'sluice-durability-'));
  });
  afterEach(async () => {
    await rm(dir, { recursive: true, force: true });
  });
  const open = (): Promise<Sluice> => Sluice.open({ dataDir: join(dir, 'data'), batchIntervalMs: 10 });

  it('restores tables (upserts and deletes included), views over them, views over views and sinks FROM a table', async () => {
    const out = join(dir, 'out');
    let engine = await open();
    await engine.executeScript(`
      CREATE TABLE prices (item VARCHAR PRIMARY KEY, category VARCHAR, price BIGINT);
      CREATE MATERIALIZED VIEW per_category AS SELECT category, count(*) AS n, sum(price) AS total FROM prices GROUP BY category;
      CREATE MATERIALIZED VIEW sizes AS SELECT n, count(*) AS categories FROM per_category GROUP BY n;
      CREATE SINK changes FROM prices WITH (connector = 'file', path = '${out}');
      INSERT INTO prices VALUES ('a', 'x', 10), ('b', 'x', 20), ('c', 'y', 5);
      FLUSH;`);
    await engine.close();

    engine = await open();
    expect(await select(engine, 'SELECT * FROM per_category ORDER BY category')).toEqual([['x', 2n, 30n], ['y', 1n, 5n]]);
    await engine.executeScript("INSERT INTO prices VALUES ('b', 'y', 7); DELETE FROM prices WHERE item = 'c'; FLUSH;");
    await engine.close();

    engine = await open();
    try {
      expect(await select(engine, 'SELECT * FROM prices ORDER BY item')).toEqual([['a', 'x', 10n], ['b', 'y', 7n]]);
      expect(await select(engine, 'SELECT * FROM per_category ORDER BY category')).toEqual([['x', 1n, 10n], ['y', 1n, 7n]]);
      expect(await select(engine, 'SELECT * FROM sizes ORDER BY n')).toEqual([[1n, 2n]]);
      await engine.executeScript("INSERT INTO prices VALUES ('d', 'x', 1); FLUSH;");
      expect(await select(engine, 'SELECT * FROM sizes ORDER BY n')).toEqual([[1n, 1n], [2n, 1n]]);
    } finally {
      await engine.close();
    }
    // The sink saw every change once: three inserts, the upsert's delete and insert, the delete, one insert.
    expect((await sinkLines(out)).length).toBe(7);
  });

  it('a dropped object leaves nothing behind, and re-creating it starts empty', async () => {
    let engine = await open();
    await engine.executeScript("CREATE TABLE t (a INT); INSERT INTO t VALUES (1); DROP TABLE t; CREATE TABLE t (a INT); INSERT INTO t VALUES (2);");
    await engine.close();
    engine = await open();
    try {
      expect(await select(engine, 'SELECT * FROM t')).toEqual([[2]]);
    } finally {
      await engine.close();
    }
    const catalog = JSON.parse(await readFile(join(dir, 'data', 'catalog.json'), 'utf8')) as { objects: { name: string }[] };
    expect(catalog.objects.map((o) => o.name)).toEqual(['t']);
  });

  it('stops a pipeline whose operator passes state_memory_limit, naming the operator', async () => {
    const engine = await Sluice.open({ batchIntervalMs: 10 });
    try {
      await engine.executeScript(`
        SET state_memory_limit = '64KB';
        CREATE SOURCE nums (n BIGINT) WITH (connector = 'datagen', number_of_rows = '20000', fields.n.kind = 'sequence', fields.n.start = '1');
        CREATE MATERIALIZED VIEW groups AS SELECT n, count(*) AS c FROM nums GROUP BY n;`);
      const error = await engine.whenFinished().then(() => null, (e: unknown) => e);
      expect(error).toBeInstanceOf(EngineError);
      expect((error as EngineError).code).toBe('state-memory-limit-exceeded');
      expect((error as EngineError).message).toMatch(/op-\d+-HashAggregate of pipeline groups holds about/);
      const [show] = await engine.executeScript('SHOW PIPELINES');
      const row = rowsOf(show)[0]!;
      expect(row[1]).toBe('failed');
      expect(Number(row[10])).toBeGreaterThan(64 * 1024);
    } finally {
      await engine.close();
    }
  });
});

describe('durability of a socket source (ingest log)', () => {
  it('keeps the lines a view counted across a restart, and counts new ones once', async () => {
    const { createServer } = await import('node:net');
    const clients = new Set<import('node:net').Socket>();
    const server = createServer((socket) => clients.add(socket));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const port = (server.address() as import('node:net').AddressInfo).port;
    const dir = await mkdtemp(join(tmpdir(), 'sluice-socket-'));
    const send = async (lines: string[]): Promise<void> => {
      while (clients.size === 0) await new Promise((r) => setTimeout(r, 10));
      for (const c of clients) c.write(lines.map((l) => `${l}\n`).join(''));
      await new Promise((r) => setTimeout(r, 100));
    };
    const open = (): Promise<Sluice> => Sluice.open({ dataDir: join(dir, 'data'), batchIntervalMs: 10 });
    try {
      let engine = await open();
      await engine.executeScript(`
        CREATE SOURCE words (word VARCHAR) WITH (connector = 'socket', port = '${port}');
        CREATE MATERIALIZED VIEW counts AS SELECT word, count(*) AS n FROM words GROUP BY word;`);
      await send(['a', 'b', 'a']);
      await engine.executeScript('FLUSH');
      expect(await select(engine, 'SELECT * FROM counts ORDER BY word')).toEqual([['a', 2n], ['b', 1n]]);
      await engine.close();
      for (const c of clients) c.destroy();
      clients.clear();

      engine = await open();
      try {
        expect(await select(engine, 'SELECT * FROM counts ORDER BY word')).toEqual([['a', 2n], ['b', 1n]]);
        await send(['b', 'c']);
        await engine.executeScript('FLUSH');
        expect(await select(engine, 'SELECT * FROM counts ORDER BY word')).toEqual([['a', 2n], ['b', 2n], ['c', 1n]]);
      } finally {
        await engine.close();
      }
      expect((await readdir(join(dir, 'data', 'ingest'))).some((n) => n === 'words@counts')).toBe(true);
    } finally {
      for (const c of clients) c.destroy();
      server.close();
      await rm(dir, { recursive: true, force: true });
    }
  });
});

describe('durability of stateless views', () => {
  it('checkpoints a view without operator state and restores its rows', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'sluice-stateless-'));
    const open = (): Promise<Sluice> => Sluice.open({ dataDir: join(dir, 'data'), batchIntervalMs: 10 });
    try {
      let engine = await open();
      await engine.executeScript(`
        CREATE SOURCE nums (n BIGINT) WITH (connector = 'datagen', number_of_rows = '10', fields.n.kind = 'sequence', fields.n.start = '1');
        CREATE MATERIALIZED VIEW evens AS SELECT n FROM nums WHERE n % 2 = 0;`);
      await engine.whenFinished();
      await engine.close();
      engine = await open();
      try {
        await engine.whenFinished();
        expect(await select(engine, 'SELECT * FROM evens ORDER BY n')).toEqual([[2n], [4n], [6n], [8n], [10n]]);
      } finally {
        await engine.close();
      }
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
