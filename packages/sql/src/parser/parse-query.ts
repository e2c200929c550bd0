/**
 * Queries: WITH, SELECT, VALUES, parenthesised queries and set operations (INTERSECT binds
 * tighter than UNION and EXCEPT), then ORDER BY, LIMIT, OFFSET and FETCH FIRST. A query ends
 * at the first token it cannot use, so callers can read what follows (`EMIT ON WINDOW CLOSE`,
 * a sink's `WITH (...)`, a closing parenthesis).
 */
import type { Expr, OrderByItem } from '../ast/expr.js';
import type { CommonTableExpr, Query, QueryBody, Select, SelectItem, SetOperation, ValuesBody } from '../ast/query.js';
import { parseExpr, parseExprList, parseOrderByList } from './parse-expr.js';
import { parseFromList } from './parse-from.js';
import type { TokenCursor } from './token-cursor.js';

/** True if the cursor is at SELECT, WITH or VALUES, possibly behind opening parentheses. */
export function atQueryStart(c: TokenCursor): boolean {
  let k = 0;
  while (c.atOp('(', k)) k++;
  return c.atAnyWord(['SELECT', 'WITH', 'VALUES'], k);
}

/** Parses a full query at the cursor. */
export function parseQuery(c: TokenCursor): Query {
  return c.nested(() => parseQueryIn(c));
}

function parseQueryIn(c: TokenCursor): Query {
  const pos = c.posOf();
  const ctes = c.atWord('WITH') ? parseWith(c) : [];
  const body = parseSetOperations(c);
  const orderBy: OrderByItem[] = c.acceptWord('ORDER', 'BY') ? parseOrderByList(c) : [];
  let limit: Expr | undefined;
  let offset: Expr | undefined;
  let withTies = false;
  for (;;) {
    if (c.acceptWord('LIMIT')) {
      if (!c.acceptWord('ALL')) limit = parseExpr(c);
    } else if (c.acceptWord('OFFSET')) {
      offset = parseExpr(c);
      if (!c.acceptWord('ROWS')) c.acceptWord('ROW');
    } else if (c.atWord('FETCH')) {
      ({ count: limit, withTies } = parseFetch(c));
    } else {
      break;
    }
  }
  // a query that is only a parenthesised query is that query
  if (body.kind === 'Query' && ctes.length === 0 && orderBy.length === 0 && !limit && !offset) {
    return body;
  }
  let query: Query = { kind: 'Query', with: ctes, body, orderBy, pos };
  if (limit) query = { ...query, limit, ...(withTies ? { limitWithTies: true } : {}) };
  if (offset) query = { ...query, offset };
  return query;
}

/** `FETCH FIRST|NEXT [n] ROW|ROWS ONLY|WITH TIES` */
function parseFetch(c: TokenCursor): { count: Expr; withTies: boolean } {
  const pos = c.posOf();
  c.expectWord('FETCH');
  if (!c.acceptWord('FIRST')) c.expectWord('NEXT');
  const count: Expr = c.atAnyWord(['ROW', 'ROWS'])
    ? { kind: 'Literal', value: { type: 'number', text: '1' }, pos }
    : parseExpr(c);
  if (!c.acceptWord('ROWS')) c.expectWord('ROW');
  if (c.acceptWord('WITH')) {
    c.expectWord('TIES');
    return { count, withTies: true };
  }
  c.expectWord('ONLY');
  return { count, withTies: false };
}

function parseWith(c: TokenCursor): CommonTableExpr[] {
  c.expectWord('WITH');
  if (c.atWord('RECURSIVE')) c.fail('WITH RECURSIVE is not supported', c.peek(), 'unsupported-syntax');
  const ctes: CommonTableExpr[] = [];
  do {
    const name = c.identifier('a query name').name;
    const columns = c.atOp('(') ? c.identifierList() : undefined;
    c.expectWord('AS');
    if (!c.acceptWord('MATERIALIZED')) c.acceptWord('NOT', 'MATERIALIZED');
    c.expectOp('(');
    const query = parseQuery(c);
    c.expectOp(')');
    ctes.push(columns ? { name, columns, query } : { name, query });
  } while (c.acceptOp(','));
  return ctes;
}

function parseSetOperations(c: TokenCursor): QueryBody {
  let left = parseIntersections(c);
  while (c.atAnyWord(['UNION', 'EXCEPT'])) {
    const op = c.next().upper as 'UNION' | 'EXCEPT';
    const all = c.acceptWord('ALL');
    if (!all) c.acceptWord('DISTINCT');
    const corresponding = parseCorresponding(c);
    left = { kind: 'SetOperation', op, all, left, right: parseIntersections(c), ...corresponding };
  }
  return left;
}

function parseIntersections(c: TokenCursor): QueryBody {
  let left = parseQueryPrimary(c);
  while (c.acceptWord('INTERSECT')) {
    const all = c.acceptWord('ALL');
    if (!all) c.acceptWord('DISTINCT');
    const corresponding = parseCorresponding(c);
    left = { kind: 'SetOperation', op: 'INTERSECT', all, left, right: parseQueryPrimary(c), ...corresponding };
  }
  return left;
}

/** `CORRESPONDING [BY (a, b)]` after a set operator, if there. */
function parseCorresponding(c: TokenCursor): Pick<SetOperation, 'corresponding'> {
  if (!c.acceptWord('CORRESPONDING')) return {};
  return { corresponding: c.acceptWord('BY') ? { by: c.identifierList() } : {} };
}

function parseQueryPrimary(c: TokenCursor): QueryBody {
  if (c.atWord('SELECT')) return parseSelect(c);
  if (c.atWord('VALUES')) return parseValues(c);
  if (c.atOp('(')) {
    c.next();
    const inner = parseQuery(c);
    c.expectOp(')');
    const plain = inner.with.length === 0 && inner.orderBy.length === 0 && !inner.limit && !inner.offset;
    return plain ? inner.body : inner;
  }
  return c.unexpected('expected SELECT, VALUES or WITH');
}

/** `VALUES (a, b), (c, d)` */
function parseValues(c: TokenCursor): ValuesBody {
  c.expectWord('VALUES');
  const rows: Expr[][] = [];
  do {
    c.expectOp('(');
    rows.push(parseExprList(c));
    c.expectOp(')');
  } while (c.acceptOp(','));
  return { kind: 'Values', rows };
}

function parseSelect(c: TokenCursor): Select {
  const pos = c.posOf();
  c.expectWord('SELECT');
  let distinct: Select['distinct'];
  if (c.acceptWord('DISTINCT')) {
    if (c.acceptWord('ON')) {
      c.expectOp('(');
      distinct = { on: parseExprList(c) };
      c.expectOp(')');
    } else {
      distinct = { on: [] };
    }
  } else {
    c.acceptWord('ALL');
  }
  const projection: SelectItem[] = [];
  do {
    projection.push(parseSelectItem(c));
  } while (c.acceptOp(','));
  const from = c.acceptWord('FROM') ? parseFromList(c) : [];
  const where = c.acceptWord('WHERE') ? parseExpr(c) : undefined;
  let groupBy: Expr[] = [];
  if (c.acceptWord('GROUP', 'BY')) {
    if (c.atAnyWord(['ROLLUP', 'CUBE', 'GROUPING']) && !c.atOp('.', 1)) {
      c.fail('ROLLUP, CUBE and GROUPING SETS are not supported', c.peek(), 'unsupported-syntax');
    }
    groupBy = parseExprList(c);
  }
  const having = c.acceptWord('HAVING') ? parseExpr(c) : undefined;
  if (c.atWord('WINDOW')) c.fail('named windows are not supported', c.peek(), 'unsupported-syntax');
  let select: Select = { kind: 'Select', projection, from, groupBy, pos };
  if (distinct) select = { ...select, distinct };
  if (where) select = { ...select, where };
  if (having) select = { ...select, having };
  return select;
}

/** `expr [[AS] alias]`, `*`, `t.*` (also a RETURNING item) */
export function parseSelectItem(c: TokenCursor): SelectItem {
  const expr = parseExpr(c);
  if (c.acceptWord('AS')) return { expr, alias: c.identifier('an alias', true).name };
  if (c.atIdentifier()) return { expr, alias: c.identifier().name };
  return { expr };
}
