/**
 * Words that end an expression or a name: they may not be used as a column alias, a table
 * alias or an unquoted identifier. Close to PostgreSQL's reserved list, plus EMIT (which
 * follows a materialized view's query) and the join words, so that `FROM t LEFT JOIN u` does
 * not read `left` as an alias. Quote a name ("order") to use one of these as an identifier.
 */
export const RESERVED_WORDS: ReadonlySet<string> = new Set([
  'ALL', 'AND', 'ANY', 'ARRAY', 'AS', 'ASC', 'BETWEEN', 'BOTH', 'CASE', 'CAST', 'CHECK',
  'COLLATE', 'CONSTRAINT', 'CREATE', 'CROSS', 'CURRENT_DATE', 'CURRENT_TIMESTAMP', 'DEFAULT',
  'DESC', 'DISTINCT', 'ELSE', 'EMIT', 'END', 'EXCEPT', 'FALSE', 'FETCH', 'FOR', 'FOREIGN',
  'FROM', 'FULL', 'GROUP', 'HAVING', 'ILIKE', 'IN', 'INNER', 'INTERSECT', 'INTO', 'IS', 'JOIN',
  'LATERAL', 'LEADING', 'LEFT', 'LIKE', 'LIMIT', 'NATURAL', 'NOT', 'NULL', 'OFFSET', 'ON',
  'ONLY', 'OR', 'ORDER', 'OUTER', 'PRIMARY', 'REFERENCES', 'RETURNING', 'RIGHT', 'SELECT',
  'SOME', 'SYMMETRIC', 'TABLE', 'THEN', 'TO', 'TRAILING', 'TRUE', 'UNION', 'UNIQUE', 'USING',
  'VALUES', 'WHEN', 'WHERE', 'WINDOW', 'WITH',
]);
