/**
 * The system catalogs over the PostgreSQL wire protocol: psql's own `\d` family (its catalog
 * queries run against pg_catalog), the information_schema queries node-postgres based tools
 * send to list tables and columns, and the pg_catalog queries of JDBC's DatabaseMetaData.
 */
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { psql } from './psql-client.js';
import { skipWithout } from './required-binary.js';
import { startTestServer, type TestServer } from './server-fixture.js';

const noPsql = skipWithout('psql', 'postgresql-client');

describe('system catalogs over pgwire', () => {
  let t: TestServer;
  let port: number;
  beforeAll(async () => {
    t = await startTestServer();
    port = t.server.pgPort!;
    const created = await t.sql(`
      CREATE TABLE items (id INT PRIMARY KEY, name VARCHAR NOT NULL, price DOUBLE, added TIMESTAMP);
      CREATE SOURCE ticks (ts TIMESTAMP, v BIGINT, WATERMARK FOR ts AS ts - INTERVAL '4' SECOND)
        WITH (connector = 'datagen', rows_per_second = '1');
      CREATE VIEW cheap AS SELECT id, name FROM items WHERE price < 2;
      CREATE MATERIALIZED VIEW per_name AS SELECT name, count(*) AS n FROM items GROUP BY name;`);
    expect(created.status).toBe(200);
  });
  afterAll(async () => {
    await t.stop();
  });

  /** psql's output for one backslash command, which must succeed without a word on stderr. */
  const describeWith = async (command: string): Promise<string> => {
    const r = await psql(port, ['-c', command]);
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    return r.stdout;
  };

  it.skipIf(noPsql)('\\dt, \\dv and \\dm list tables (sources among them), views and materialized views', async () => {
    const tables = await describeWith('\\dt');
    expect(tables).toContain(' Schema | Name  | Type  | Owner  \n--------+-------+-------+--------\n public | items | table | sluice\n public | ticks | table | sluice\n(2 rows)');
    expect(await describeWith('\\dv')).toContain(' public | cheap | view | sluice\n(1 row)');
    expect(await describeWith('\\dm')).toContain(' public | per_name | materialized view | sluice\n(1 row)');
    const all = await describeWith('\\d');
    expect(all.match(/^ public \| \w+/gm)).toEqual([' public | cheap', ' public | items', ' public | per_name', ' public | ticks']);
    expect(await describeWith('\\dt it*')).toContain(' public | items | table | sluice\n(1 row)');
  });

  it.skipIf(noPsql)('\\d NAME shows columns with their types and nullability, and the primary key', async () => {
    expect(await describeWith('\\d items')).toContain([
      '                        Table "public.items"',
      ' Column |            Type             | Collation | Nullable | Default ',
      '--------+-----------------------------+-----------+----------+---------',
      ' id     | integer                     |           | not null | ',
      ' name   | character varying           |           | not null | ',
      ' price  | double precision            |           |          | ',
      ' added  | timestamp without time zone |           |          | ',
      'Indexes:',
      '    "items_pkey" PRIMARY KEY, hash (id)',
    ].join('\n'));
    expect(await describeWith('\\d per_name')).toMatch(/Materialized view "public\.per_name"\n.*\n.*\n name +\| character varying +\| +\| not null \|\s*\n n +\| bigint +\| +\| not null \|/);
    expect(await describeWith('\\d cheap')).toMatch(/View "public\.cheap"/);
    const source = await describeWith('\\d+ ticks');
    expect(source).toMatch(/ ts +\| timestamp without time zone .*\| watermark - 4s/);
    expect(await describeWith('\\d+ cheap')).toContain('View definition:\nSELECT id, name FROM items WHERE price < 2');
    expect(await describeWith('\\dt+ ticks')).toContain("source (connector 'datagen')");
    const missing = await psql(port, ['-c', '\\d nowhere']);
    expect(missing.stderr).toContain('Did not find any relation named "nowhere".');
  });

  it.skipIf(noPsql)('\\l and \\dn list the database and the schema', async () => {
    expect(await describeWith('\\l')).toMatch(/ sluice \| sluice \| UTF8 +\| C +\| C +\|/);
    expect(await describeWith('\\dn')).toContain('  Name  | Owner  \n--------+--------\n public | sluice\n(1 row)');
  });

  it('node-postgres: information_schema lists tables and columns', async () => {
    const client = new pg.Client({ host: '127.0.0.1', port, user: 'tester', database: 'sluice' });
    await client.connect();
    try {
      const tables = await client.query("SELECT table_name FROM information_schema.tables WHERE table_schema = 'public' ORDER BY table_name");
      expect(tables.rows.map((r) => r.table_name)).toEqual(['cheap', 'items', 'per_name', 'ticks']);
      const all = await client.query('SELECT table_name FROM information_schema.tables');
      expect(all.rows.map((r) => r.table_name)).toEqual(expect.arrayContaining(['items', 'pg_class', 'columns']));

      const columns = await client.query('SELECT column_name, data_type FROM information_schema.columns WHERE table_name = $1 ORDER BY ordinal_position', ['items']);
      expect(columns.rows).toEqual([
        { column_name: 'id', data_type: 'integer' }, { column_name: 'name', data_type: 'character varying' },
        { column_name: 'price', data_type: 'double precision' }, { column_name: 'added', data_type: 'timestamp without time zone' },
      ]);
      const literal = await client.query("SELECT column_name, data_type FROM information_schema.columns WHERE table_name = 'per_name'");
      expect(literal.rows).toEqual([{ column_name: 'name', data_type: 'character varying' }, { column_name: 'n', data_type: 'bigint' }]);

      // the pg_catalog form drivers use, with the relation found by name
      const attributes = await client.query(`SELECT a.attname, pg_catalog.format_type(a.atttypid, a.atttypmod) AS type, a.attnotnull
        FROM pg_catalog.pg_attribute a JOIN pg_catalog.pg_class c ON c.oid = a.attrelid
        JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
        WHERE c.relname = $1 AND n.nspname = 'public' AND a.attnum > 0 ORDER BY a.attnum`, ['cheap']);
      expect(attributes.rows).toEqual([{ attname: 'id', type: 'integer', attnotnull: true }, { attname: 'name', type: 'character varying', attnotnull: true }]);
    } finally {
      await client.end();
    }
  });

  it("JDBC's getTables and getColumns queries (pgjdbc 42.x) list relations and columns", async () => {
    const client = new pg.Client({ host: '127.0.0.1', port, user: 'tester', database: 'sluice' });
    await client.connect();
    try {
      const tables = await client.query(JDBC_GET_TABLES);
      expect(tables.rows.map((r) => [r.table_name, r.table_type, r.remarks])).toEqual([
        ['per_name', 'MATERIALIZED VIEW', null], ['items', 'TABLE', null], ['ticks', 'TABLE', "source (connector 'datagen')"], ['cheap', 'VIEW', null],
      ]);
      const columns = await client.query(JDBC_GET_COLUMNS);
      expect(columns.rows.map((r) => [r.attname, r.atttypid, r.attnotnull, r.attnum])).toEqual([
        ['id', 23, true, '1'], ['name', 1043, true, '2'], ['price', 701, false, '3'], ['added', 1114, false, '4'],
      ]);
    } finally {
      await client.end();
    }
  });
});

/** pgjdbc's DatabaseMetaData.getTables for schema 'public' and the types TABLE, VIEW and MATERIALIZED VIEW. */
const JDBC_GET_TABLES = `SELECT NULL AS TABLE_CAT, n.nspname AS TABLE_SCHEM, c.relname AS TABLE_NAME,  CASE n.nspname ~ '^pg_' OR n.nspname = 'information_schema'  WHEN true THEN CASE  WHEN n.nspname = 'pg_catalog' OR n.nspname = 'information_schema' THEN CASE c.relkind   WHEN 'r' THEN 'SYSTEM TABLE'   WHEN 'v' THEN 'SYSTEM VIEW'   WHEN 'i' THEN 'SYSTEM INDEX'   ELSE NULL   END  WHEN n.nspname = 'pg_toast' THEN CASE c.relkind   WHEN 'r' THEN 'SYSTEM TOAST TABLE'   WHEN 'i' THEN 'SYSTEM TOAST INDEX'   ELSE NULL   END  ELSE CASE c.relkind   WHEN 'r' THEN 'TEMPORARY TABLE'   WHEN 'p' THEN 'TEMPORARY TABLE'   WHEN 'i' THEN 'TEMPORARY INDEX'   WHEN 'S' THEN 'TEMPORARY SEQUENCE'   WHEN 'v' THEN 'TEMPORARY VIEW'   ELSE NULL   END  END  WHEN false THEN CASE c.relkind  WHEN 'r' THEN 'TABLE'  WHEN 'p' THEN 'PARTITIONED TABLE'  WHEN 'i' THEN 'INDEX'  WHEN 'P' then 'PARTITIONED INDEX'  WHEN 'S' THEN 'SEQUENCE'  WHEN 'v' THEN 'VIEW'  WHEN 'c' THEN 'TYPE'  WHEN 'f' THEN 'FOREIGN TABLE'  WHEN 'm' THEN 'MATERIALIZED VIEW'  ELSE NULL  END  ELSE NULL  END  AS TABLE_TYPE, d.description AS REMARKS,  '' as TYPE_CAT, '' as TYPE_SCHEM, '' as TYPE_NAME, '' AS SELF_REFERENCING_COL_NAME, '' AS REF_GENERATION  FROM pg_catalog.pg_namespace n, pg_catalog.pg_class c  LEFT JOIN pg_catalog.pg_description d ON (c.oid = d.objoid AND d.objsubid = 0)  LEFT JOIN pg_catalog.pg_class dc ON (d.classoid=dc.oid AND dc.relname='pg_class')  LEFT JOIN pg_catalog.pg_namespace dn ON (dn.oid=dc.relnamespace AND dn.nspname='pg_catalog')  WHERE c.relnamespace = n.oid  AND n.nspname LIKE 'public' AND (false  OR ( c.relkind = 'r' AND n.nspname !~ '^pg_' AND n.nspname <> 'information_schema' )  OR ( c.relkind = 'v' AND n.nspname <> 'pg_catalog' AND n.nspname <> 'information_schema' )  OR ( c.relkind = 'm' ) )  ORDER BY TABLE_TYPE,TABLE_SCHEM,TABLE_NAME`;

/** pgjdbc's DatabaseMetaData.getColumns for table 'items' of schema 'public'. */
const JDBC_GET_COLUMNS = `SELECT * FROM (SELECT n.nspname,c.relname,a.attname,a.atttypid,a.attnotnull OR (t.typtype = 'd' AND t.typnotnull) AS attnotnull,a.atttypmod,a.attlen,t.typtypmod,row_number() OVER (PARTITION BY a.attrelid ORDER BY a.attnum) AS attnum, nullif(a.attidentity, '') as attidentity,pg_catalog.pg_get_expr(def.adbin, def.adrelid) AS adsrc,dsc.description,t.typbasetype,t.typtype  FROM pg_catalog.pg_namespace n  JOIN pg_catalog.pg_class c ON (c.relnamespace = n.oid)  JOIN pg_catalog.pg_attribute a ON (a.attrelid=c.oid)  JOIN pg_catalog.pg_type t ON (a.atttypid = t.oid)  LEFT JOIN pg_catalog.pg_attrdef def ON (a.attrelid=def.adrelid AND a.attnum = def.adnum)  LEFT JOIN pg_catalog.pg_description dsc ON (c.oid=dsc.objoid AND a.attnum = dsc.objsubid)  LEFT JOIN pg_catalog.pg_class dc ON (dc.oid=dsc.classoid AND dc.relname='pg_class')  LEFT JOIN pg_catalog.pg_namespace dn ON (dc.relnamespace=dn.oid AND dn.nspname='pg_catalog')  WHERE c.relkind in ('r','p','v','f','m') and a.attnum > 0 AND NOT a.attisdropped  AND n.nspname LIKE 'public' AND c.relname LIKE 'items') c WHERE true  ORDER BY nspname,c.relname,attnum`;
