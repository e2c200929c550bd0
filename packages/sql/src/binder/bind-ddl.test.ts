import { expect, test } from 'vitest';
import type { CreateSourceStatement, InsertStatement } from '../ast/statement.js';
import { explainPlan } from '../explain/explain-plan.js';
import { parse } from '../parser/parse.js';
import { bindWatermark, schemaFromColumns } from './bind-ddl.js';
import { bindInsert } from './bind-insert.js';
import { intervalMicros, parseInterval } from './interval.js';
import { sqlErrorOf, testCatalog } from './test-catalog.js';

const source = (sql: string): CreateSourceStatement => parse(sql)[0] as CreateSourceStatement;
const insert = (sql: string): string => explainPlan(bindInsert(parse(sql)[0] as InsertStatement, testCatalog()).plan);

test('schemaFromColumns and bindWatermark', () => {
  const stmt = source(`CREATE SOURCE s (id BIGINT PRIMARY KEY, ts TIMESTAMP, WATERMARK FOR ts AS ts - INTERVAL '4' SECOND)
    WITH (connector = 'datagen')`);
  const schema = schemaFromColumns(stmt.columns);
  expect(schema.fields.map((f) => `${f.name}:${f.type.kind === 'scalar' ? f.type.name : ''}:${f.nullable}`)).toEqual(['id:BIGINT:false', 'ts:TIMESTAMP:true']);
  expect(bindWatermark(stmt.watermark!, schema)).toEqual({ column: 1, delayUs: 4_000_000 });
});

test('watermark errors', () => {
  const stmt = source(`CREATE SOURCE s (id BIGINT, ts TIMESTAMP, WATERMARK FOR ts AS ts + INTERVAL '4' SECOND) WITH (connector = 'datagen')`);
  expect(sqlErrorOf(() => bindWatermark(stmt.watermark!, schemaFromColumns(stmt.columns)))).toMatch(/^unsupported-watermark/);
  const wrongType = source(`CREATE SOURCE s (id BIGINT, WATERMARK FOR id AS id) WITH (connector = 'datagen')`);
  expect(sqlErrorOf(() => bindWatermark(wrongType.watermark!, schemaFromColumns(wrongType.columns)))).toMatch(/^invalid-watermark-column/);
});

test('parseInterval: PostgreSQL spellings', () => {
  const us = (text: string, unit?: string): number => intervalMicros(parseInterval(text, unit));
  expect(us('10', 'SECOND')).toBe(10_000_000);
  expect(us('1 hour')).toBe(3_600_000_000);
  expect(us('00:00:05')).toBe(5_000_000);
  expect(us('1 day 2 hours')).toBe(26 * 3_600_000_000);
  expect(us('2 minutes 30 seconds')).toBe(150_000_000);
  expect(us('500 ms')).toBe(500_000);
  expect(parseInterval('1 month')).toEqual({ months: 1, days: 0, micros: 0 });
  expect(sqlErrorOf(() => parseInterval('ten seconds'))).toMatch(/^invalid-interval/);
});

test('INSERT VALUES fills unlisted columns with NULL and casts to column types', () => {
  expect(insert("INSERT INTO users (name, id) VALUES ('ann', 1), ('bob', 2)")).toMatchInlineSnapshot(`"Values columns=[id, name, city, age] rows=[(1::BIGINT, 'ann', NULL::VARCHAR, NULL::INT), (2::BIGINT, 'bob', NULL::VARCHAR, NULL::INT)]"`);
});

test('INSERT errors carry positions', () => {
  const err = (sql: string): string => sqlErrorOf(() => insert(sql));
  expect(err("INSERT INTO users (id, nmae) VALUES (1, 'x')")).toMatchInlineSnapshot(`"column-not-found at 1:1: column 'nmae' of table 'users' does not exist (hint: did you mean 'name'?)"`);
  expect(err("INSERT INTO users VALUES (1, 'x')")).toMatchInlineSnapshot(`"wrong-column-count at 1:27: INSERT has 2 values for 4 target columns (row 1)"`);
  expect(err("INSERT INTO users (id, age) VALUES (1, 'old')")).toMatchInlineSnapshot(`"invalid-cast at 1:40: cannot cast 'old' (VARCHAR) to INT"`);
  expect(err("INSERT INTO users (id, age) VALUES (1, TIMESTAMP '2024-01-01 00:00:00')")).toMatchInlineSnapshot(`"type-mismatch at 1:40: column 'age' is of type INT but the value is of type TIMESTAMP (hint: cast the value: CAST(... AS INT))"`);
  expect(err("INSERT INTO bids VALUES (1, 2, 3, 'x', '2024-01-01')")).toMatchInlineSnapshot(`"wrong-object-type at 1:1: cannot INSERT into source 'bids' (hint: INSERT writes to tables)"`);
});

test('INSERT ... SELECT projects to the table schema', () => {
  expect(insert('INSERT INTO users (id, name) SELECT auction, channel FROM bids')).toMatchInlineSnapshot(`
    "Project id=#0, name=#1, city=NULL::VARCHAR, age=NULL::INT
      Project auction=#0, channel=#3
        Scan bids columns=[auction, bidder, price, channel, date_time] watermark=date_time-4s"
  `);
});
