/**
 * The PostgreSQL spellings catalog queries use (psql's `\d`, drivers, BI tools): regular
 * expression operators, `OPERATOR(pg_catalog.~)`, `COLLATE`, `pg_catalog.`-qualified
 * functions and types, the `oid` family of types, system relations and the `public` schema,
 * and correlated scalar subqueries with conditions on the outer query alone.
 */
import { describe, expect, test } from 'vitest';
import type { CatalogObject } from '../catalog/catalog.js';
import { explainPlan } from '../explain/explain-plan.js';
import { optimize } from '../optimizer/optimize.js';
import { T } from '../types/data-type.js';
import { field, schemaOf } from '../types/schema.js';
import { bindSql, sqlErrorOf, testCatalog } from './test-catalog.js';

/** The test catalog with one system relation, `pg_catalog.pg_class (oid, relname)`. */
function catalog() {
  const c = testCatalog();
  const pgClass: CatalogObject = {
    name: 'pg_catalog.pg_class', kind: 'system-table', schema: schemaOf([field('oid', T.int), field('relname', T.varchar)]),
    definition: { kind: 'Flush', sql: '', pos: { line: 1, column: 1, offset: 0 } }, primaryKey: [], appendOnly: true, bounded: true, options: {},
  };
  c.system = { get: (name) => (name === 'pg_catalog.pg_class' ? pgClass : undefined) };
  return c;
}

const plan = (sql: string): string => explainPlan(optimize(bindSql(sql, catalog()).plan));
const error = (sql: string): string => sqlErrorOf(() => bindSql(sql, catalog()));

describe('regular expression operators', () => {
  test('~ ~* !~ !~* are regexp_like, case-insensitive with *, negated with !', () => {
    expect(plan("SELECT name ~ '^a', name ~* 'A', name !~ 'b', name !~* 'B' FROM users")).toMatchInlineSnapshot(`
      "Project ?column?=regexp_like(#0, '^a'), ?column?=regexp_like(#0, 'A', 'i'), ?column?=not(regexp_like(#0, 'b')), ?column?=not(regexp_like(#0, 'B', 'i'))
        Scan users columns=[name]"
    `);
  });

  test('they bind tighter than comparisons and looser than ||', () => {
    expect(plan("SELECT name || 'x' ~ 'a' = true FROM users")).toMatchInlineSnapshot(`
      "Project ?column?=equal(regexp_like(concat_op(#0, 'x'), 'a'), true)
        Scan users columns=[name]"
    `);
  });

  test('OPERATOR(pg_catalog.~) is ~, and COLLATE with the default collation changes nothing', () => {
    expect(plan("SELECT id FROM users WHERE name OPERATOR(pg_catalog.~) '^(ann)$' COLLATE pg_catalog.default AND city COLLATE \"C\" < 'b'"))
      .toBe(plan("SELECT id FROM users WHERE name ~ '^(ann)$' AND city < 'b'"));
  });

  test('other collations and operators are refused', () => {
    expect(error("SELECT name COLLATE \"de_DE\" FROM users")).toMatch(/^unsupported-feature at 1:21: collation "de_DE" is not supported/);
    expect(error('SELECT 1 OPERATOR(pg_catalog.@@) 2')).toMatch(/^unsupported-syntax/);
  });
});

describe('catalog names', () => {
  test('pg_catalog. qualifies built-in functions and types; oid and reg* types are INT, name is VARCHAR', () => {
    expect(plan("SELECT pg_catalog.upper(name), id::pg_catalog.oid, age::regtype::pg_catalog.text, name::name, city::\"char\" FROM users"))
      .toMatchInlineSnapshot(`
        "Project upper=upper(#1), id=CAST(#0 AS INT), age=CAST(#3 AS VARCHAR), name=#1, city=#2
          Scan users columns=[id, name, city, age]"
      `);
  });

  test('a cast to regclass or regnamespace looks a name up (an OID passes through)', () => {
    expect(plan("SELECT 'users'::regclass, CAST(age AS pg_catalog.regclass), 'public'::regnamespace FROM users")).toMatchInlineSnapshot(`
      "Project to_regclass=to_regclass('users'), to_regclass=to_regclass(#0), to_regnamespace=to_regnamespace('public')
        Scan users columns=[age]"
    `);
  });

  test('system relations resolve qualified or not, and their columns qualify with the bare name', () => {
    const expected = plan("SELECT oid FROM pg_catalog.pg_class WHERE relname = 'x'");
    expect(expected).toContain('Scan pg_catalog.pg_class');
    expect(plan("SELECT pg_class.oid FROM pg_class WHERE pg_class.relname = 'x'")).toBe(expected);
    expect(plan("SELECT pg_catalog.pg_class.oid FROM pg_catalog.pg_class WHERE relname = 'x'")).toBe(expected);
  });

  test('public. names a user object', () => {
    expect(plan('SELECT users.name FROM public.users')).toBe(plan('SELECT name FROM users'));
    expect(error('SELECT * FROM other.users')).toMatch(/^table-not-found/);
  });

  test('catalog functions take object identifiers as INT', () => {
    expect(plan("SELECT pg_catalog.format_type(oid, -1), pg_catalog.pg_get_userbyid(10), pg_table_is_visible(oid) FROM pg_class")).toMatchInlineSnapshot(`
      "Project format_type=format_type(#0, -1), pg_get_userbyid=pg_get_userbyid(10), pg_table_is_visible=pg_table_is_visible(#0)
        Scan pg_catalog.pg_class columns=[oid]"
    `);
  });
});

describe('correlated scalar subqueries with conditions on the outer query alone', () => {
  test('the condition guards the value: CASE WHEN condition THEN value END', () => {
    expect(plan('SELECT u.name, (SELECT max(b.price) FROM bids b WHERE b.bidder = u.id AND u.age > 18) AS top FROM users u')).toMatch(
      /Project name=#1, top=CASE WHEN greater_than\(#2, 18\) THEN #3 ELSE NULL::BIGINT END\n {2}SingleJoin keys=\[id = _key_0\]/,
    );
  });

  test('a guarded count is 0 where the guard fails, so EXISTS under OR stays exact', () => {
    expect(plan('SELECT u.name FROM users u WHERE u.age > 60 OR EXISTS (SELECT 1 FROM bids b WHERE b.bidder = u.id AND u.city = \'Oslo\')'))
      .toMatch(/greater_than\(coalesce\(CASE WHEN equal\(#2, 'Oslo'\) THEN #4 ELSE NULL::BIGINT END, 0::BIGINT\), 0::BIGINT\)/);
  });

  test('inside an AND-ed EXISTS or IN it is still refused', () => {
    expect(error('SELECT name FROM users u WHERE EXISTS (SELECT 1 FROM bids b WHERE b.bidder = u.id AND u.age > 18)'))
      .toMatch(/^unsupported-feature at 1:87: .*conditions on the outer query alone/);
  });
});
