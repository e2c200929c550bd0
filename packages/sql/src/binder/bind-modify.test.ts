import { describe, expect, test } from 'vitest';
import type { Statement } from '../ast/statement.js';
import { Catalog } from '../catalog/catalog.js';
import { explainPlan } from '../explain/explain-plan.js';
import { parse } from '../parser/parse.js';
import { T } from '../types/data-type.js';
import { field, schemaOf } from '../types/schema.js';
import { bindDelete, bindUpdate, type BoundModify } from './bind-modify.js';
import { sqlErrorOf, testCatalog } from './test-catalog.js';

function catalog(): Catalog {
  const c = testCatalog();
  c.add({
    name: 'log', kind: 'table', schema: schemaOf([field('v', T.int)]), definition: parse('FLUSH')[0]!,
    primaryKey: [], appendOnly: true, bounded: false, options: {},
  });
  return c;
}

function bind(sql: string): BoundModify {
  const [stmt] = parse(sql) as Statement[];
  if (stmt?.kind === 'Delete') return bindDelete(stmt, catalog());
  if (stmt?.kind === 'Update') return bindUpdate(stmt, catalog());
  throw new Error(`not DELETE or UPDATE: ${sql}`);
}

const plan = (sql: string): string => explainPlan(bind(sql).plan);
const error = (sql: string): string => sqlErrorOf(() => bind(sql));

describe('DELETE', () => {
  test('the rows to delete: the table filtered by WHERE, in its full schema', () => {
    expect(plan("DELETE FROM users WHERE city = 'Oslo'")).toMatchInlineSnapshot(`
      "Project id=#0, name=#1, city=#2, age=#3
        Filter equal(#2, 'Oslo')
          Scan users columns=[id, name, city, age]"
    `);
  });

  test('an alias qualifies the columns; a subquery in WHERE leaves no extra columns', () => {
    const bound = bind('DELETE FROM users AS u WHERE u.id IN (SELECT bidder FROM bids)');
    expect(bound.plan.schema.fields.map((f) => f.name)).toEqual(['id', 'name', 'city', 'age']);
  });

  test('RETURNING binds over the table', () => {
    const bound = bind('DELETE FROM users RETURNING id, upper(name) AS n');
    expect(explainPlan(bound.returning!.plan)).toMatchInlineSnapshot(`
      "Project id=#0, n=upper(#1)
        Scan users columns=[id, name, city, age]"
    `);
  });
});

describe('UPDATE', () => {
  test('old values, then new values with SET cast to the column type', () => {
    expect(plan('UPDATE users SET age = age + 1, city = NULL WHERE id = 7')).toMatchInlineSnapshot(`
      "Project id=#0, name=#1, city=#2, age=#3, new_id=#0, new_name=#1, new_city=NULL::VARCHAR, new_age=add(#3, 1)
        Filter equal(#0, 7::BIGINT)
          Scan users columns=[id, name, city, age]"
    `);
    // a BIGINT value is narrowed to INT by the assignment cast
    expect(plan('UPDATE users SET age = id')).toContain('new_age=CAST(#0 AS INT)');
  });

  test('errors: unknown or repeated columns, wrong types, NULL into NOT NULL', () => {
    expect(error('UPDATE users SET agee = 1')).toMatchInlineSnapshot(`"column-not-found at 1:18: column 'agee' of table 'users' does not exist (hint: did you mean 'age'?)"`);
    expect(error('UPDATE users SET age = 1, age = 2')).toMatch(/^duplicate-column/);
    expect(error("UPDATE users SET age = DATE '2024-01-01'")).toMatch(/^type-mismatch/);
    expect(error('UPDATE users SET id = NULL')).toMatch(/^not-null-violation/);
  });
});

describe('what can be changed', () => {
  test('tables only, and not APPEND ONLY ones', () => {
    expect(error('DELETE FROM bids')).toMatchInlineSnapshot(`"wrong-object-type at 1:1: cannot DELETE source 'bids' (hint: DELETE changes tables)"`);
    expect(error('UPDATE nope SET a = 1')).toMatch(/^table-not-found/);
    expect(error('DELETE FROM log WHERE v = 1')).toMatchInlineSnapshot(`"append-only-table at 1:1: cannot DELETE the APPEND ONLY table 'log' (hint: an append-only table only accepts INSERT; create it without APPEND ONLY to change its rows)"`);
  });
});

describe('SET values take their column type', () => {
  test('an untyped string literal is cast at bind time, as in INSERT', () => {
    const c = testCatalog();
    c.add({
      name: 'events', kind: 'table', schema: schemaOf([field('at', T.timestamp)]), definition: parse('FLUSH')[0]!,
      primaryKey: [], appendOnly: false, bounded: false, options: {},
    });
    const [stmt] = parse("UPDATE events SET at = '2024-01-02 03:04:05'");
    expect(explainPlan(bindUpdate(stmt as Extract<Statement, { kind: 'Update' }>, c).plan)).toContain("new_at=TIMESTAMP '2024-01-02 03:04:05'");
  });
});
