/**
 * pg_catalog and information_schema read through the normal SQL path: the queries psql 15
 * sends for `\d`, `\d NAME` and `\l` (as captured with `psql -E`), and the information_schema
 * queries tools send, against an engine with a table, a source, a view and a materialized view.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SqlValue } from '@sluice/sql';
import { Sluice } from '../sluice.js';

let engine: Sluice;

async function rows(sql: string): Promise<SqlValue[][]> {
  const [result] = await engine.executeScript(sql);
  if (result?.kind !== 'rows') throw new Error(`expected rows, got ${result?.kind}`);
  return result.rows.map((r) => [...r]);
}

beforeAll(async () => {
  engine = await Sluice.open({ batchIntervalMs: 10 });
  await engine.executeScript(`
    CREATE TABLE items (id INT PRIMARY KEY, name VARCHAR NOT NULL, price DOUBLE, tags VARCHAR[]);
    CREATE SOURCE ticks (ts TIMESTAMP, v BIGINT, WATERMARK FOR ts AS ts - INTERVAL '4' SECOND)
      WITH (connector = 'datagen', rows_per_second = '1');
    CREATE VIEW cheap AS SELECT id, name FROM items WHERE price < 2;
    CREATE MATERIALIZED VIEW per_name AS SELECT name, count(*) AS n FROM items GROUP BY name;`);
});

afterAll(async () => {
  await engine.close();
});

const oidOf = async (name: string): Promise<number> => (await rows(`SELECT oid FROM pg_catalog.pg_class WHERE relname = '${name}'`))[0]![0] as number;

describe('pg_catalog', () => {
  it("answers psql's \\d: every relation with its kind", async () => {
    const listed = await rows(`SELECT n.nspname as "Schema",
  c.relname as "Name",
  CASE c.relkind WHEN 'r' THEN 'table' WHEN 'v' THEN 'view' WHEN 'm' THEN 'materialized view' WHEN 'i' THEN 'index' WHEN 'S' THEN 'sequence' WHEN 't' THEN 'TOAST table' WHEN 'f' THEN 'foreign table' WHEN 'p' THEN 'partitioned table' WHEN 'I' THEN 'partitioned index' END as "Type",
  pg_catalog.pg_get_userbyid(c.relowner) as "Owner"
FROM pg_catalog.pg_class c
     LEFT JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
     LEFT JOIN pg_catalog.pg_am am ON am.oid = c.relam
WHERE c.relkind IN ('r','p','v','m','S','f','')
      AND n.nspname <> 'pg_catalog'
      AND n.nspname !~ '^pg_toast'
      AND n.nspname <> 'information_schema'
  AND pg_catalog.pg_table_is_visible(c.oid)
ORDER BY 1,2`);
    expect(listed).toEqual([
      ['public', 'cheap', 'view', 'sluice'],
      ['public', 'items', 'table', 'sluice'],
      ['public', 'per_name', 'materialized view', 'sluice'],
      ['public', 'ticks', 'table', 'sluice'],
    ]);
  });

  it("answers psql's \\d NAME: the relation, then its columns with types, nullability and the primary key", async () => {
    const found = await rows(`SELECT c.oid,
  n.nspname,
  c.relname
FROM pg_catalog.pg_class c
     LEFT JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
WHERE c.relname OPERATOR(pg_catalog.~) '^(items)$' COLLATE pg_catalog.default
  AND pg_catalog.pg_table_is_visible(c.oid)
ORDER BY 2, 3`);
    const oid = await oidOf('items');
    expect(oid).toBeGreaterThanOrEqual(16384);
    expect(found).toEqual([[oid, 'public', 'items']]);

    const info = await rows(`SELECT c.relchecks, c.relkind, c.relhasindex, c.relhasrules, c.relhastriggers, c.relrowsecurity, c.relforcerowsecurity, false AS relhasoids, c.relispartition, '', c.reltablespace, CASE WHEN c.reloftype = 0 THEN '' ELSE c.reloftype::pg_catalog.regtype::pg_catalog.text END, c.relpersistence, c.relreplident, am.amname
FROM pg_catalog.pg_class c
 LEFT JOIN pg_catalog.pg_class tc ON (c.reltoastrelid = tc.oid)
LEFT JOIN pg_catalog.pg_am am ON (c.relam = am.oid)
WHERE c.oid = '${oid}'`);
    expect(info).toEqual([[0, 'r', true, false, false, false, false, false, false, '', 0, '', 'p', 'd', null]]);

    const columns = await rows(`SELECT a.attname,
  pg_catalog.format_type(a.atttypid, a.atttypmod),
  (SELECT pg_catalog.pg_get_expr(d.adbin, d.adrelid, true)
   FROM pg_catalog.pg_attrdef d
   WHERE d.adrelid = a.attrelid AND d.adnum = a.attnum AND a.atthasdef),
  a.attnotnull,
  a.attidentity,
  a.attgenerated
FROM pg_catalog.pg_attribute a
WHERE a.attrelid = '${oid}' AND a.attnum > 0 AND NOT a.attisdropped
ORDER BY a.attnum`);
    expect(columns).toEqual([
      ['id', 'integer', null, true, '', ''],
      ['name', 'character varying', null, true, '', ''],
      ['price', 'double precision', null, false, '', ''],
      ['tags', 'character varying[]', null, false, '', ''],
    ]);

    const indexes = await rows(`SELECT c2.relname, i.indisprimary, i.indisunique, i.indisclustered, i.indisvalid, pg_catalog.pg_get_indexdef(i.indexrelid, 0, true),
  pg_catalog.pg_get_constraintdef(con.oid, true), contype, condeferrable, condeferred, i.indisreplident, c2.reltablespace
FROM pg_catalog.pg_class c, pg_catalog.pg_class c2, pg_catalog.pg_index i
  LEFT JOIN pg_catalog.pg_constraint con ON (conrelid = i.indrelid AND conindid = i.indexrelid AND contype IN ('p','u','x'))
WHERE c.oid = '${oid}' AND c.oid = i.indrelid AND i.indexrelid = c2.oid
ORDER BY i.indisprimary DESC, c2.relname`);
    expect(indexes).toEqual([[
      'items_pkey', true, true, false, true, 'CREATE UNIQUE INDEX items_pkey ON public.items USING hash (id)',
      'PRIMARY KEY (id)', 'p', false, false, false, 0,
    ]]);

    const parents = await rows(`SELECT c.oid::pg_catalog.regclass
FROM pg_catalog.pg_class c, pg_catalog.pg_inherits i
WHERE c.oid = i.inhparent AND i.inhrelid = '${oid}'
  AND c.relkind != 'p' AND c.relkind != 'I'
ORDER BY inhseqno`);
    expect(parents).toEqual([]);
  });

  it('describes sources and watermarks, and gives view definitions', async () => {
    const ticks = await oidOf('ticks');
    expect(await rows(`SELECT pg_catalog.obj_description(${ticks}, 'pg_class'), pg_catalog.col_description(${ticks}, 1), col_description(${ticks}, 2)`))
      .toEqual([["source (connector 'datagen')", 'watermark - 4s', null]]);
    const cheap = await oidOf('cheap');
    expect(await rows(`SELECT pg_catalog.pg_get_viewdef('${cheap}'::pg_catalog.oid, true)`)).toEqual([['SELECT id, name FROM items WHERE price < 2']]);
    expect(await rows('SELECT viewname, definition FROM pg_views')).toEqual([['cheap', 'SELECT id, name FROM items WHERE price < 2']]);
    expect(await rows('SELECT matviewname FROM pg_matviews')).toEqual([['per_name']]);
  });

  it('casts names to regclass and regnamespace by looking them up', async () => {
    const items = await oidOf('items');
    expect(await rows(`SELECT 'items'::regclass, 'public.items'::pg_catalog.regclass, CAST('"items"' AS regclass), 'pg_class'::regclass, 'nowhere'::regclass, ${items}::regclass`))
      .toEqual([[items, items, items, 1259, null, items]]);
    expect(await rows("SELECT 'public'::regnamespace, 'pg_catalog'::regnamespace, 'constructor'::regnamespace")).toEqual([[2200, 11, null]]);
    // the form tools use to find comments on relations
    expect(await rows(`SELECT d.description FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
      LEFT JOIN pg_description d ON d.objoid = c.oid AND d.objsubid = 0 AND d.classoid = 'pg_class'::regclass
      WHERE n.nspname = 'public' AND c.relname = 'ticks'`)).toEqual([["source (connector 'datagen')"]]);
  });

  it('prints sizes as PostgreSQL does, and has none to report', async () => {
    expect(await rows('SELECT pg_size_pretty(8192::bigint), pg_size_pretty(10240::bigint), pg_size_pretty(16000000::bigint), pg_size_pretty(-123456789::bigint), pg_size_pretty(20971519::bigint)'))
      .toEqual([['8192 bytes', '10 kB', '15 MB', '-118 MB', '20 MB']]);
    expect(await rows(`SELECT pg_catalog.pg_table_size(${await oidOf('items')})`)).toEqual([[null]]);
  });

  it("answers psql's \\l and \\dn", async () => {
    expect(await rows(`SELECT d.datname as "Name",
       pg_catalog.pg_get_userbyid(d.datdba) as "Owner",
       pg_catalog.pg_encoding_to_char(d.encoding) as "Encoding",
       d.datcollate as "Collate",
       d.datctype as "Ctype",
       d.daticulocale as "ICU Locale",
       CASE d.datlocprovider WHEN 'c' THEN 'libc' WHEN 'i' THEN 'icu' END AS "Locale Provider",
       pg_catalog.array_to_string(d.datacl, E'\\n') AS "Access privileges"
FROM pg_catalog.pg_database d
ORDER BY 1`)).toEqual([['sluice', 'sluice', 'UTF8', 'C', 'C', null, 'libc', null]]);
    expect(await rows(`SELECT n.nspname AS "Name",
  pg_catalog.pg_get_userbyid(n.nspowner) AS "Owner"
FROM pg_catalog.pg_namespace n
WHERE n.nspname !~ '^pg_' AND n.nspname <> 'information_schema'
ORDER BY 1`)).toEqual([['public', 'sluice']]);
  });

  it('gives every relation its own OID, stable while it exists, and lists system relations in pg_catalog', async () => {
    const oids = await rows("SELECT oid FROM pg_class WHERE relnamespace = 2200");
    expect(new Set(oids.map((r) => r[0])).size).toBe(oids.length);
    expect(await oidOf('items')).toBe(await oidOf('items'));
    expect(await rows("SELECT relkind, pg_table_is_visible(oid) FROM pg_class WHERE relname IN ('pg_class', 'columns') ORDER BY 1"))
      .toEqual([['r', true], ['v', false]]);
  });
});

describe('information_schema', () => {
  it('lists tables and views with their types', async () => {
    expect(await rows("SELECT table_name, table_type, is_insertable_into FROM information_schema.tables WHERE table_schema = 'public' ORDER BY table_name"))
      .toEqual([
        ['cheap', 'VIEW', 'NO'], ['items', 'BASE TABLE', 'YES'], ['per_name', 'MATERIALIZED VIEW', 'NO'], ['ticks', 'SOURCE', 'NO'],
      ]);
  });

  it('lists the columns of a relation in order with SQL type names', async () => {
    expect(await rows("SELECT column_name, data_type, udt_name, is_nullable, ordinal_position FROM information_schema.columns WHERE table_name = 'items' ORDER BY ordinal_position"))
      .toEqual([
        ['id', 'integer', 'int4', 'NO', 1], ['name', 'character varying', 'varchar', 'NO', 2],
        ['price', 'double precision', 'float8', 'YES', 3], ['tags', 'ARRAY', '_varchar', 'YES', 4],
      ]);
  });

  it('names primary keys', async () => {
    expect(await rows(`SELECT tc.constraint_name, k.column_name FROM information_schema.table_constraints tc
      JOIN information_schema.key_column_usage k ON k.constraint_name = tc.constraint_name WHERE tc.constraint_type = 'PRIMARY KEY'`))
      .toEqual([['items_pkey', 'id']]);
  });
});

describe('system relations and the rest of the engine', () => {
  it('follow catalog changes, and cannot feed a view or be written', async () => {
    await engine.executeScript('CREATE TABLE later (x INT)');
    expect(await rows("SELECT count(*) FROM information_schema.tables WHERE table_name = 'later'")).toEqual([[1n]]);
    await engine.executeScript('DROP TABLE later');
    expect(await rows("SELECT count(*) FROM information_schema.tables WHERE table_name = 'later'")).toEqual([[0n]]);

    await expect(engine.executeScript('CREATE MATERIALIZED VIEW rels AS SELECT relname FROM pg_class')).rejects.toThrow(/system-table-not-streamable|computed from the catalog/);
    expect(await rows("SELECT count(*) FROM pg_class WHERE relname = 'rels'")).toEqual([[0n]]);
    await expect(engine.executeScript("INSERT INTO pg_class (relname) VALUES ('x')")).rejects.toThrow(/pg_class/);
    await expect(engine.executeScript('DROP TABLE pg_catalog.pg_class')).rejects.toThrow(/system table/);
    await expect(engine.executeScript('SUBSCRIBE information_schema.tables')).rejects.toThrow(/only tables and materialized views can be subscribed to; "information_schema.tables" is a system table/);
  });
});
