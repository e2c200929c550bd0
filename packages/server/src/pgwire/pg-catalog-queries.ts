/**
 * psql's catalog queries that the SQL dialect does not express, recognised by their text and
 * answered here. Everything else psql's `\d` family sends (pg_class, pg_attribute, pg_index,
 * `OPERATOR(pg_catalog.~)`, `COLLATE`, `::regclass`, ...) runs through the parser, binder and
 * planner against the engine's system relations. What is left is syntax that would be costly
 * to support in a streaming dialect (`ARRAY(subquery)`, `= ANY(array)`, array subscripts,
 * correlated subqueries compared with `<>`) asking about features Sluice does not have — row
 * security policies, extended statistics, publications, column collations, storage options,
 * role memberships — so the answer is known without running anything: no rows, or NULL.
 *
 * The texts are psql 15's (src/bin/psql/describe.c); other versions send the same queries
 * with small differences, which the patterns allow (whitespace, the `pg_catalog.` prefix).
 */
import type { StatementResult } from '@sluice/engine';
import { T } from '@sluice/sql';

/** What to do with a statement: run it (maybe rewritten), or answer it as is. */
export type CatalogQueryAnswer = { readonly sql: string } | { readonly result: StatementResult };

/** A footer query of `\d NAME` about a feature Sluice lacks: answered with no rows. */
interface EmptyAnswer {
  /** the relation the query reads, which identifies it */
  readonly from: RegExp;
  /** the columns psql's query selects */
  readonly columns: readonly string[];
}

const EMPTY_ANSWERS: readonly EmptyAnswer[] = [
  // row security policies: ARRAY(SELECT rolname ...) and `oid = any (pol.polroles)`
  { from: /\bFROM\s+(pg_catalog\.)?pg_policy\s+pol\b/i, columns: ['polname', 'polpermissive', 'array_to_string', 'pg_get_expr', 'pg_get_expr', 'cmd'] },
  // extended statistics: `'d' = any(stxkind)`
  { from: /\bFROM\s+(pg_catalog\.)?pg_statistic_ext\b/i, columns: ['oid', 'stxrelid', 'nsp', 'stxname', 'columns', 'ndist_enabled', 'deps_enabled', 'mcv_enabled', 'stxstattarget'] },
  // logical replication publications: generate_series over array bounds and `prattrs[s]`
  { from: /\bFROM\s+(pg_catalog\.)?pg_publication\s+p\b/i, columns: ['pubname', '?column?', '?column?'] },
];

/** An expression of psql's text, what replaces it, and why. */
interface Replacement {
  readonly pattern: RegExp;
  readonly replacement: string;
}

const ws = String.raw`\s*`;

const REPLACEMENTS: readonly Replacement[] = [
  // `\d NAME`: a column's collation when it differs from its type's (a correlated subquery
  // compared with <>). Text compares by code point everywhere: no column has its own.
  {
    pattern: new RegExp(String.raw`\(SELECT c\.collname FROM pg_catalog\.pg_collation c, pg_catalog\.pg_type t${ws}WHERE c\.oid = a\.attcollation AND t\.oid = a\.atttypid AND a\.attcollation <> t\.typcollation\)`, 'i'),
    replacement: 'NULL::name',
  },
  // `\d+ NAME`: storage options, the table's and its TOAST table's (ARRAY(subquery)). There are none.
  {
    pattern: new RegExp(String.raw`pg_catalog\.array_to_string\(c\.reloptions \|\|${ws}array\(select 'toast\.' \|\| x from pg_catalog\.unnest\(tc\.reloptions\) x\),${ws}', '\)`, 'i'),
    replacement: "''",
  },
  // `\du`: the roles a role is a member of (ARRAY(subquery)). The one role belongs to none.
  {
    pattern: new RegExp(String.raw`ARRAY\(SELECT b\.rolname${ws}FROM pg_catalog\.pg_auth_members m${ws}JOIN pg_catalog\.pg_roles b ON \(m\.roleid = b\.oid\)${ws}WHERE m\.member = r\.oid\)`, 'i'),
    replacement: "'{}'",
  },
];

/** The answer for `sql` (one statement) when it is one of psql's catalog queries, else undefined. */
export function catalogQueryAnswer(sql: string): CatalogQueryAnswer | undefined {
  if (!/\bpg_catalog\./i.test(sql)) return undefined;
  const empty = EMPTY_ANSWERS.find((a) => a.from.test(sql));
  if (empty) {
    return { result: { kind: 'rows', columns: empty.columns.map((name) => ({ name, type: T.varchar })), rows: [], notices: [] } };
  }
  let rewritten = sql;
  for (const r of REPLACEMENTS) rewritten = rewritten.replace(r.pattern, r.replacement);
  return rewritten === sql ? undefined : { sql: rewritten };
}
