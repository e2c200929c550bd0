import { describe, expect, test } from 'vitest';
import type { Statement } from '../ast/statement.js';
import { T, listOf } from '../types/data-type.js';
import { parse } from './parse.js';

/** The statement without positions, for comparing shapes. */
function bare(value: unknown): unknown {
  return JSON.parse(JSON.stringify(value, (key, v: unknown) => (key === 'pos' ? undefined : v)));
}

function one<K extends Statement['kind']>(sql: string, kind: K): Extract<Statement, { kind: K }> {
  const statements = parse(sql);
  expect(statements).toHaveLength(1);
  expect(statements[0]!.kind).toBe(kind);
  return statements[0] as Extract<Statement, { kind: K }>;
}

describe('splitting', () => {
  test('one statement per semicolon, trailing semicolon optional, empty ones skipped', () => {
    const statements = parse(`FLUSH;; ;\n  SHOW SOURCES ;\n-- a comment; with a semicolon\nFLUSH`);
    expect(statements.map((s) => s.kind)).toEqual(['Flush', 'Show', 'Flush']);
    expect(statements.map((s) => s.sql)).toEqual(['FLUSH', 'SHOW SOURCES', 'FLUSH']);
    expect(statements[1]!.pos).toEqual({ line: 2, column: 3, offset: 12 });
    expect(statements[2]!.pos.line).toBe(4);
  });

  test('semicolons inside strings, identifiers, comments and dollar quotes do not split', () => {
    const text = `SELECT 'a;b', "c;d", $$e;f$$ /* g; */ FROM t; SELECT 1`;
    const statements = parse(text);
    expect(statements).toHaveLength(2);
    expect(statements[0]!.sql).toBe(`SELECT 'a;b', "c;d", $$e;f$$ /* g; */ FROM t`);
  });

  test('only whitespace and comments gives no statements', () => {
    expect(parse('  -- nothing\n /* at all */ ;')).toEqual([]);
  });
});

describe('CREATE SOURCE', () => {
  test('columns, watermark, options and format', () => {
    const s = one(
      `CREATE SOURCE IF NOT EXISTS bids (
         auction BIGINT NOT NULL, price BIGINT, channel VARCHAR, date_time TIMESTAMP,
         WATERMARK FOR date_time AS date_time - INTERVAL '4' SECOND
       ) WITH (connector = 'kafka', Topic = 'bids', properties.bootstrap.server = '127.0.0.1:9092',
               fields.v.kind = 'sequence', n = 10, enabled = true, low = -5)
       FORMAT PLAIN ENCODE JSON`,
      'CreateSource',
    );
    expect(s.name).toBe('bids');
    expect(s.ifNotExists).toBe(true);
    expect(s.columns.map((c) => [c.name, c.type, c.notNull])).toEqual([
      ['auction', T.bigint, true],
      ['price', T.bigint, false],
      ['channel', T.varchar, false],
      ['date_time', T.timestamp, false],
    ]);
    expect(s.columns[0]!.pos).toEqual({ line: 2, column: 10, offset: 44 });
    expect(bare(s.watermark)).toEqual({
      column: 'date_time',
      expr: {
        kind: 'Binary', op: '-',
        left: { kind: 'ColumnRef', name: 'date_time' },
        right: { kind: 'Interval', text: '4', unit: 'SECOND' },
      },
    });
    expect(s.options).toEqual({
      connector: 'kafka', topic: 'bids', 'properties.bootstrap.server': '127.0.0.1:9092',
      'fields.v.kind': 'sequence', n: '10', enabled: 'true', low: '-5',
    });
    expect(s.format).toEqual({ format: 'PLAIN', encode: 'JSON', options: {} });
  });

  test('CSV format with options, and reserved words as option keys', () => {
    const s = one(
      `CREATE SOURCE lines (line VARCHAR) WITH (connector = 'file', table = 'x')
       FORMAT PLAIN ENCODE CSV (delimiter = ',', Without_Header = 'true')`,
      'CreateSource',
    );
    expect(s.options).toEqual({ connector: 'file', table: 'x' });
    expect(s.format).toEqual({ format: 'PLAIN', encode: 'CSV', options: { delimiter: ',', without_header: 'true' } });
    expect(s.watermark).toBeUndefined();
  });

  test('a repeated option is an error', () => {
    expect(() => parse(`CREATE SOURCE s (a INT) WITH (x = '1', X = '2')`)).toThrow(
      expect.objectContaining({ code: 'duplicate-option', position: expect.objectContaining({ line: 1, column: 40 }) }),
    );
  });
});

describe('data types', () => {
  const cases: [string, unknown][] = [
    ['BOOLEAN', T.boolean], ['bool', T.boolean], ['SMALLINT', T.smallint], ['int2', T.smallint],
    ['INT', T.int], ['INTEGER', T.int], ['int4', T.int], ['BIGINT', T.bigint], ['INT8', T.bigint],
    ['REAL', T.real], ['FLOAT4', T.real], ['DOUBLE', T.double], ['DOUBLE PRECISION', T.double],
    ['FLOAT', T.double], ['FLOAT8', T.double], ['DECIMAL', T.decimal], ['NUMERIC(10, 2)', T.decimal],
    ['VARCHAR', T.varchar], ['VARCHAR(20)', T.varchar], ['TEXT', T.varchar], ['STRING', T.varchar],
    ['CHARACTER VARYING', T.varchar], ['TIMESTAMP', T.timestamp],
    ['TIMESTAMP WITHOUT TIME ZONE', T.timestamp], ['TIMESTAMPTZ', T.timestamptz],
    ['TIMESTAMP WITH TIME ZONE', T.timestamptz], ['DATE', T.date], ['INTERVAL', T.interval],
    ['BYTEA', T.bytea], ['JSONB', T.jsonb], ['JSON', T.jsonb],
    ['INT[]', listOf(T.int)], ['VARCHAR[][]', listOf(listOf(T.varchar))],
  ];
  test.each(cases)('%s', (written, type) => {
    const s = one(`CREATE TABLE t (x ${written})`, 'CreateTable');
    expect(s.columns[0]!.type).toEqual(type);
  });

  test('an unknown type is unknown-type at its position', () => {
    expect(() => parse(`CREATE TABLE t (\n  a INT,\n  b MONEY\n)`)).toThrow(
      expect.objectContaining({ code: 'unknown-type', message: "unknown type 'MONEY'", position: { line: 3, column: 5, offset: 30 } }),
    );
  });
});

describe('CREATE TABLE', () => {
  test('column-level primary key', () => {
    const s = one(`CREATE TABLE users (id BIGINT PRIMARY KEY, name VARCHAR, city VARCHAR)`, 'CreateTable');
    expect(s.primaryKey).toEqual(['id']);
    expect(s.columns.map((c) => c.primaryKey)).toEqual([true, false, false]);
    expect(s.appendOnly).toBe(false);
    expect(s.options).toEqual({});
  });

  test('table-level primary key, append only, watermark, options and format', () => {
    const s = one(
      `CREATE TABLE IF NOT EXISTS t (a INT, b VARCHAR, ts TIMESTAMP, PRIMARY KEY (a, b),
         WATERMARK FOR ts AS ts - INTERVAL '1 second') APPEND ONLY
       WITH (connector = 'datagen') FORMAT PLAIN ENCODE JSON`,
      'CreateTable',
    );
    expect(s.ifNotExists).toBe(true);
    expect(s.primaryKey).toEqual(['a', 'b']);
    expect(s.columns.map((c) => c.primaryKey)).toEqual([true, true, false]);
    expect(s.appendOnly).toBe(true);
    expect(s.watermark?.column).toBe('ts');
    expect(s.options).toEqual({ connector: 'datagen' });
    expect(s.format?.encode).toBe('JSON');
  });

  test('two primary keys are an error', () => {
    expect(() => parse(`CREATE TABLE t (a INT PRIMARY KEY, PRIMARY KEY (a))`)).toThrow(
      expect.objectContaining({ code: 'duplicate-primary-key' }),
    );
  });
});

describe('views and sinks', () => {
  test('materialized view with EMIT ON WINDOW CLOSE', () => {
    const s = one(
      `CREATE MATERIALIZED VIEW hot AS
       SELECT window_start, count(*) AS n FROM TUMBLE(bids, date_time, INTERVAL '10' SECOND)
       GROUP BY window_start
       EMIT ON WINDOW CLOSE;`,
      'CreateMaterializedView',
    );
    expect(s.name).toBe('hot');
    expect(s.emitOnWindowClose).toBe(true);
    expect(s.querySql).toBe(
      `SELECT window_start, count(*) AS n FROM TUMBLE(bids, date_time, INTERVAL '10' SECOND)\n       GROUP BY window_start`,
    );
    expect(s.query.body.kind).toBe('Select');
    expect(s.sql.endsWith('EMIT ON WINDOW CLOSE')).toBe(true);
  });

  test('materialized view without EMIT, with IF NOT EXISTS', () => {
    const s = one(`create materialized view if not exists "Hot" as select 1`, 'CreateMaterializedView');
    expect([s.name, s.ifNotExists, s.emitOnWindowClose, s.querySql]).toEqual(['Hot', true, false, 'select 1']);
  });

  test('plain view', () => {
    const s = one(`CREATE VIEW v AS SELECT a FROM t WHERE a > 1`, 'CreateView');
    expect([s.name, s.querySql]).toEqual(['v', 'SELECT a FROM t WHERE a > 1']);
  });

  test('sink from a view', () => {
    const s = one(
      `CREATE SINK hot_pg FROM hot WITH (connector = 'postgres', table = 'hot', primary_key = 'window_start,auction')`,
      'CreateSink',
    );
    expect(s.from).toBe('hot');
    expect(s.query).toBeUndefined();
    expect(s.options).toEqual({ connector: 'postgres', table: 'hot', primary_key: 'window_start,auction' });
  });

  test('sink as a query with EMIT and FORMAT', () => {
    const s = one(
      `CREATE SINK IF NOT EXISTS s AS SELECT * FROM hot EMIT ON WINDOW CLOSE
       WITH (connector = 'kafka', topic = 'out') FORMAT PLAIN ENCODE JSON`,
      'CreateSink',
    );
    expect(s.ifNotExists).toBe(true);
    expect(s.emitOnWindowClose).toBe(true);
    expect(s.query?.body.kind).toBe('Select');
    expect(s.options).toEqual({ connector: 'kafka', topic: 'out' });
    expect(s.format?.format).toBe('PLAIN');
  });
});

describe('INSERT', () => {
  test('VALUES with a column list', () => {
    const s = one(`INSERT INTO users (id, name) VALUES (1, 'ann'), (2, NULL)`, 'Insert');
    expect(s.table).toBe('users');
    expect(s.columns).toEqual(['id', 'name']);
    expect(bare(s.source.body)).toEqual({
      kind: 'Values',
      rows: [
        [{ kind: 'Literal', value: { type: 'number', text: '1' } }, { kind: 'Literal', value: { type: 'string', value: 'ann' } }],
        [{ kind: 'Literal', value: { type: 'number', text: '2' } }, { kind: 'Literal', value: { type: 'null' } }],
      ],
    });
  });

  test('SELECT without a column list', () => {
    const s = one(`INSERT INTO t SELECT * FROM u`, 'Insert');
    expect(s.columns).toBeUndefined();
    expect(s.source.body.kind).toBe('Select');
  });
});

describe('DROP, SHOW, DESCRIBE, FLUSH', () => {
  test.each([
    ['DROP SOURCE bids', 'SOURCE', false, false],
    ['DROP TABLE IF EXISTS t CASCADE', 'TABLE', true, true],
    ['drop materialized view hot', 'MATERIALIZED VIEW', false, false],
    ['DROP VIEW IF EXISTS v', 'VIEW', true, false],
    ['DROP SINK s RESTRICT', 'SINK', false, false],
  ] as const)('%s', (sql, objectType, ifExists, cascade) => {
    const s = one(sql, 'Drop');
    expect([s.objectType, s.ifExists, s.cascade]).toEqual([objectType, ifExists, cascade]);
  });

  test.each([
    ['SHOW SOURCES', 'SOURCES'], ['SHOW TABLES', 'TABLES'],
    ['SHOW MATERIALIZED VIEWS', 'MATERIALIZED VIEWS'], ['SHOW VIEWS', 'VIEWS'],
    ['SHOW SINKS', 'SINKS'], ['show pipelines', 'PIPELINES'],
  ] as const)('%s', (sql, what) => {
    expect(one(sql, 'Show').what).toBe(what);
  });

  test('SHOW a parameter', () => {
    const s = one('SHOW Batch_Interval', 'Show');
    expect([s.what, s.parameter]).toEqual(['PARAMETER', 'batch_interval']);
  });

  test('DESCRIBE and DESC', () => {
    expect(one('DESCRIBE hot', 'Describe').name).toBe('hot');
    expect(one('DESC "Hot"', 'Describe').name).toBe('Hot');
  });

  test('FLUSH', () => {
    expect(one('flush', 'Flush').sql).toBe('flush');
  });
});

describe('EXPLAIN, SET, SUBSCRIBE, queries', () => {
  test('EXPLAIN a statement keeps the inner statement text and position', () => {
    const s = one('EXPLAIN SELECT a FROM t', 'Explain');
    expect(s.analyze).toBe(false);
    expect(s.statement?.kind).toBe('Query');
    expect(s.statement?.sql).toBe('SELECT a FROM t');
    expect(s.statement?.pos.column).toBe(9);
  });

  test('EXPLAIN CREATE MATERIALIZED VIEW', () => {
    expect(one('EXPLAIN CREATE MATERIALIZED VIEW v AS SELECT 1', 'Explain').statement?.kind).toBe('CreateMaterializedView');
  });

  test('EXPLAIN ANALYZE a view', () => {
    const s = one('EXPLAIN ANALYZE hot', 'Explain');
    expect([s.analyze, s.target, s.statement]).toEqual([true, 'hot', undefined]);
  });

  test.each([
    [`SET batch_interval = '500ms'`, 'batch_interval', '500ms'],
    [`SET batch_interval TO '1s'`, 'batch_interval', '1s'],
    [`SET parallelism = 4`, 'parallelism', '4'],
    [`SET streaming.mode TO on`, 'streaming.mode', 'on'],
    [`SET TIME ZONE 'UTC'`, 'timezone', 'UTC'],
  ])('%s', (sql, name, value) => {
    const s = one(sql, 'Set');
    expect([s.name, s.value]).toEqual([name, value]);
  });

  test('SUBSCRIBE a name, with or without TO, and a query', () => {
    expect(one('SUBSCRIBE hot', 'Subscribe').target).toBe('hot');
    expect(one('SUBSCRIBE TO hot', 'Subscribe').target).toBe('hot');
    const s = one('SUBSCRIBE (SELECT * FROM bids WHERE price > 10)', 'Subscribe');
    expect(s.target).toBeUndefined();
    expect(s.query?.body.kind).toBe('Select');
  });

  test('plain queries: SELECT, WITH, VALUES', () => {
    expect(one('SELECT 1', 'Query').query.body.kind).toBe('Select');
    expect(one('WITH a AS (SELECT 1) SELECT * FROM a', 'Query').query.with).toHaveLength(1);
    expect(one('VALUES (1), (2)', 'Query').query.body.kind).toBe('Values');
  });

  test('unsupported statements say so', () => {
    expect(() => parse('CREATE INDEX i ON t (a)')).toThrow(
      expect.objectContaining({ code: 'unsupported-statement', message: "unsupported statement 'CREATE INDEX'" }),
    );
    expect(() => parse('\n  VACUUM t')).toThrow(
      expect.objectContaining({ code: 'unsupported-statement', position: { line: 2, column: 3, offset: 3 } }),
    );
  });
});
