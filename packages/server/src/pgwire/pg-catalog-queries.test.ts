import { describe, expect, it } from 'vitest';
import { catalogQueryAnswer } from './pg-catalog-queries.js';

// psql 15's texts, as `psql -E` prints them for `\d items`, `\d+ items` and `\du`
const ATTRIBUTES = `SELECT a.attname,
  pg_catalog.format_type(a.atttypid, a.atttypmod),
  (SELECT pg_catalog.pg_get_expr(d.adbin, d.adrelid, true)
   FROM pg_catalog.pg_attrdef d
   WHERE d.adrelid = a.attrelid AND d.adnum = a.attnum AND a.atthasdef),
  a.attnotnull,
  (SELECT c.collname FROM pg_catalog.pg_collation c, pg_catalog.pg_type t
   WHERE c.oid = a.attcollation AND t.oid = a.atttypid AND a.attcollation <> t.typcollation) AS attcollation,
  a.attidentity,
  a.attgenerated
FROM pg_catalog.pg_attribute a
WHERE a.attrelid = '16449' AND a.attnum > 0 AND NOT a.attisdropped
ORDER BY a.attnum;`;

const POLICIES = `SELECT pol.polname, pol.polpermissive,
  CASE WHEN pol.polroles = '{0}' THEN NULL ELSE pg_catalog.array_to_string(array(select rolname from pg_catalog.pg_roles where oid = any (pol.polroles) order by 1),',') END,
  pg_catalog.pg_get_expr(pol.polqual, pol.polrelid),
  pg_catalog.pg_get_expr(pol.polwithcheck, pol.polrelid),
  CASE pol.polcmd
    WHEN 'r' THEN 'SELECT'
    WHEN 'a' THEN 'INSERT'
    WHEN 'w' THEN 'UPDATE'
    WHEN 'd' THEN 'DELETE'
    END AS cmd
FROM pg_catalog.pg_policy pol
WHERE pol.polrelid = '16449' ORDER BY 1;`;

const TABLE_INFO_VERBOSE = `SELECT c.relchecks, c.relkind, c.relhasindex, c.relhasrules, c.relhastriggers, c.relrowsecurity, c.relforcerowsecurity, false AS relhasoids, c.relispartition, pg_catalog.array_to_string(c.reloptions || array(select 'toast.' || x from pg_catalog.unnest(tc.reloptions) x), ', ')
, c.reltablespace, CASE WHEN c.reloftype = 0 THEN '' ELSE c.reloftype::pg_catalog.regtype::pg_catalog.text END, c.relpersistence, c.relreplident, am.amname
FROM pg_catalog.pg_class c
 LEFT JOIN pg_catalog.pg_class tc ON (c.reltoastrelid = tc.oid)
LEFT JOIN pg_catalog.pg_am am ON (c.relam = am.oid)
WHERE c.oid = '16449';`;

const ROLES = `SELECT r.rolname, r.rolsuper, r.rolinherit,
  r.rolcreaterole, r.rolcreatedb, r.rolcanlogin,
  r.rolconnlimit, r.rolvaliduntil,
  ARRAY(SELECT b.rolname
        FROM pg_catalog.pg_auth_members m
        JOIN pg_catalog.pg_roles b ON (m.roleid = b.oid)
        WHERE m.member = r.oid) as memberof
, r.rolreplication
, r.rolbypassrls
FROM pg_catalog.pg_roles r
WHERE r.rolname !~ '^pg_'
ORDER BY 1;`;

describe('catalog queries psql sends in forms the dialect lacks', () => {
  it('replaces the column collation subquery with NULL and keeps the rest', () => {
    const answer = catalogQueryAnswer(ATTRIBUTES);
    expect(answer && 'sql' in answer ? answer.sql : answer).toBe(ATTRIBUTES.replace(/\(SELECT c\.collname[^)]*\)/, 'NULL::name'));
  });

  it('replaces storage options and role memberships with their empty values', () => {
    const info = catalogQueryAnswer(TABLE_INFO_VERBOSE);
    expect(info && 'sql' in info ? info.sql : info).toContain("c.relispartition, ''\n, c.reltablespace");
    const roles = catalogQueryAnswer(ROLES);
    expect(roles && 'sql' in roles ? roles.sql : roles).toContain("r.rolvaliduntil,\n  '{}' as memberof");
  });

  it('answers the policy, statistics and publication footers with no rows', () => {
    const answer = catalogQueryAnswer(POLICIES);
    expect(answer && 'result' in answer ? answer.result : answer).toMatchObject({ kind: 'rows', rows: [] });
    expect(catalogQueryAnswer("SELECT oid, stxrelid::pg_catalog.regclass FROM pg_catalog.pg_statistic_ext WHERE stxrelid = '1'")).toHaveProperty('result');
    expect(catalogQueryAnswer("SELECT pubname FROM pg_catalog.pg_publication p WHERE p.puballtables")).toHaveProperty('result');
  });

  it('leaves every other statement alone', () => {
    expect(catalogQueryAnswer("SELECT relname FROM pg_catalog.pg_class WHERE relname OPERATOR(pg_catalog.~) '^(items)$'")).toBeUndefined();
    expect(catalogQueryAnswer("SELECT '(SELECT c.collname FROM pg_catalog.pg_collation c' FROM pg_policy")).toBeUndefined();
    expect(catalogQueryAnswer('SELECT * FROM items')).toBeUndefined();
  });
});
