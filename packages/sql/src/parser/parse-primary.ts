/**
 * The operands of expressions: literals (typed and INTERVAL ones included), column references,
 * `*`, parenthesised expressions and scalar subqueries, CASE, CAST, EXISTS, ARRAY[...], and
 * function calls with DISTINCT, ORDER BY, FILTER and OVER. The SQL-standard call forms
 * `extract(f FROM x)`, `substring(x FROM a FOR b)`, `position(a IN b)` and `trim(... FROM x)`
 * become ordinary calls with their arguments in order.
 */
import type { SourcePosition } from '../errors.js';
import type { CaseExpr, Expr, FunctionCallExpr, IntervalExpr, WindowSpec } from '../ast/expr.js';
import { atDataType, objectLookupCast, parseDataType } from './parse-data-type.js';
import { parseExpr, parseExprList, parseOrderByList, withPos } from './parse-expr.js';
import { atQueryStart, parseQuery } from './parse-query.js';
import { RESERVED_WORDS } from './keywords.js';
import type { TokenCursor } from './token-cursor.js';

/** Interval unit words, plural or singular, to the singular upper-case unit. */
const INTERVAL_UNITS: Readonly<Record<string, string>> = Object.fromEntries(
  ['YEAR', 'MONTH', 'WEEK', 'DAY', 'HOUR', 'MINUTE', 'SECOND', 'MILLISECOND', 'MICROSECOND']
    .flatMap((u) => [[u, u], [u + 'S', u]]),
);

/** Functions written without parentheses. */
const NILADIC = new Set(['CURRENT_TIMESTAMP', 'CURRENT_DATE', 'LOCALTIMESTAMP']);

/** Parses one operand at the cursor. */
export function parsePrimary(c: TokenCursor): Expr {
  const t = c.peek();
  const pos = c.posOf(t);
  switch (t.kind) {
    case 'number':
      c.next();
      return { kind: 'Literal', value: { type: 'number', text: t.value }, pos };
    case 'string':
      c.next();
      return { kind: 'Literal', value: { type: 'string', value: t.value }, pos };
    case 'quoted':
      return parseNamePath(c);
    case 'word':
      return parseWord(c);
    case 'param':
      return c.fail('query parameters are not supported', t, 'unsupported-syntax');
    case 'op':
      if (t.value === '*') {
        c.next();
        return { kind: 'Star', pos };
      }
      if (t.value === '(') return parseParenthesised(c);
      return c.unexpected();
    case 'eof':
      return c.unexpected('expected an expression');
  }
}

function parseParenthesised(c: TokenCursor): Expr {
  const pos = c.posOf();
  c.expectOp('(');
  if (atQueryStart(c)) {
    const query = parseQuery(c);
    c.expectOp(')');
    return { kind: 'ScalarSubquery', query, pos };
  }
  const inner = parseExpr(c);
  if (c.atOp(',')) c.fail('row constructors are not supported', c.peek(), 'unsupported-syntax');
  c.expectOp(')');
  return inner;
}

function parseWord(c: TokenCursor): Expr {
  const t = c.peek();
  const pos = c.posOf(t);
  const next = c.peek(1);
  const called = next.kind === 'op' && next.value === '(';
  switch (t.upper) {
    case 'TRUE':
    case 'FALSE':
      c.next();
      return { kind: 'Literal', value: { type: 'boolean', value: t.upper === 'TRUE' }, pos };
    case 'NULL':
      c.next();
      return { kind: 'Literal', value: { type: 'null' }, pos };
    case 'CASE':
      return parseCase(c);
    case 'CAST':
      c.next();
      c.expectOp('(');
      return castBody(c, pos);
    case 'EXISTS':
      if (!called) break;
      c.next();
      c.expectOp('(');
      return existsBody(c, pos);
    case 'ARRAY':
      return parseArray(c);
    case 'INTERVAL':
      if (next.kind === 'string') return parseInterval(c);
      break;
    case 'EXTRACT':
    case 'SUBSTRING':
    case 'POSITION':
    case 'TRIM':
      if (called) return parseSpecialCall(c, t.upper, pos);
      break;
  }
  if (NILADIC.has(t.upper) && !called) {
    c.next();
    return { kind: 'FunctionCall', name: t.value, args: [], distinct: false, pos };
  }
  if (atDataType(c) && startsTypedLiteral(c)) {
    const dataType = parseDataType(c);
    const text = c.next().value;
    return { kind: 'Literal', value: { type: 'typed', dataType, text }, pos };
  }
  if (called && !['ANY', 'ALL', 'SOME', 'VALUES'].includes(t.upper)) {
    c.next();
    return parseCallArguments(c, t.value, pos);
  }
  if (RESERVED_WORDS.has(t.upper)) return c.unexpected();
  return parseNamePath(c);
}

/** `TIMESTAMP '...'`, `TIMESTAMP WITH TIME ZONE '...'`, `DATE '...'`, ... */
function startsTypedLiteral(c: TokenCursor): boolean {
  if (c.peek(1).kind === 'string') return true;
  if (c.atWord('TIMESTAMP', 'WITH', 'TIME', 'ZONE') || c.atWord('TIMESTAMP', 'WITHOUT', 'TIME', 'ZONE')
    || c.atWord('TIME', 'WITHOUT', 'TIME', 'ZONE') || c.atWord('TIME', 'WITH', 'TIME', 'ZONE')) {
    return c.peek(4).kind === 'string';
  }
  return c.atWord('DOUBLE', 'PRECISION') && c.peek(2).kind === 'string';
}

/** `a`, `t.a`, `s.t.a`, `t.*`, or a qualified function name followed by `(`. */
function parseNamePath(c: TokenCursor): Expr {
  const first = c.identifier('an expression');
  const parts = [first.name];
  const pos = first.pos;
  while (c.atOp('.')) {
    c.next();
    if (c.acceptOp('*')) return { kind: 'Star', table: parts[parts.length - 1]!, pos };
    parts.push(c.identifier('a name', true).name);
  }
  if (c.atOp('(')) return parseCallArguments(c, functionName(parts.join('.')), pos);
  const name = parts[parts.length - 1]!;
  if (parts.length === 1) return { kind: 'ColumnRef', name, pos };
  return { kind: 'ColumnRef', table: parts[parts.length - 2]!, name, pos };
}

/** A called function's name: built-in functions live in schema pg_catalog, so `pg_catalog.f` is `f`. */
export function functionName(written: string): string {
  return /^pg_catalog\.[^.]+$/.test(written) ? written.slice('pg_catalog.'.length) : written;
}

/** The part of a call from `(`: arguments, then FILTER and OVER. */
function parseCallArguments(c: TokenCursor, name: string, pos: SourcePosition): FunctionCallExpr {
  c.expectOp('(');
  let distinct = false;
  let args: Expr[] = [];
  let orderBy;
  if (!c.atOp(')')) {
    distinct = c.acceptWord('DISTINCT');
    if (!distinct) c.acceptWord('ALL');
    args = parseExprList(c);
    if (c.acceptWord('ORDER', 'BY')) orderBy = parseOrderByList(c);
  }
  c.expectOp(')');
  if (c.acceptWord('WITHIN', 'GROUP')) {
    c.expectOp('(');
    c.expectWord('ORDER', 'BY');
    orderBy = parseOrderByList(c);
    c.expectOp(')');
  }
  let call: FunctionCallExpr = { kind: 'FunctionCall', name, args, distinct, pos };
  if (orderBy) call = { ...call, orderBy };
  if (c.acceptWord('FILTER')) {
    c.expectOp('(');
    c.expectWord('WHERE');
    call = { ...call, filter: parseExpr(c) };
    c.expectOp(')');
  }
  if (c.acceptWord('OVER')) call = { ...call, over: parseWindowSpec(c) };
  return call;
}

/** `(PARTITION BY ... ORDER BY ... [frame])`; the frame is kept as written. */
function parseWindowSpec(c: TokenCursor): WindowSpec {
  if (!c.atOp('(')) c.fail('named windows are not supported', c.peek(), 'unsupported-syntax');
  c.next();
  const partitionBy = c.acceptWord('PARTITION', 'BY') ? parseExprList(c) : [];
  const orderBy = c.acceptWord('ORDER', 'BY') ? parseOrderByList(c) : [];
  let frame: string | undefined;
  if (c.atAnyWord(['ROWS', 'RANGE', 'GROUPS', 'SESSION'])) {
    const first = c.peek();
    let depth = 0;
    while (!c.atEnd() && !(depth === 0 && c.atOp(')'))) {
      if (c.atOp('(')) depth++;
      if (c.atOp(')')) depth--;
      c.next();
    }
    frame = c.textFrom(first);
  }
  c.expectOp(')');
  return frame === undefined ? { partitionBy, orderBy } : { partitionBy, orderBy, frame };
}

/** `CASE [operand] WHEN .. THEN .. [ELSE ..] END` */
function parseCase(c: TokenCursor): CaseExpr {
  const pos = c.posOf();
  c.expectWord('CASE');
  const operand = c.atWord('WHEN') ? undefined : parseExpr(c);
  const whens: { when: Expr; then: Expr }[] = [];
  while (c.acceptWord('WHEN')) {
    const when = parseExpr(c);
    c.expectWord('THEN');
    whens.push({ when, then: parseExpr(c) });
  }
  if (whens.length === 0) c.unexpected('expected WHEN');
  const otherwise = c.acceptWord('ELSE') ? parseExpr(c) : undefined;
  c.expectWord('END');
  let result: CaseExpr = { kind: 'Case', whens, pos };
  if (operand) result = { ...result, operand };
  if (otherwise) result = { ...result, else: otherwise };
  return result;
}

/** After `CAST(`: `x AS type)` */
function castBody(c: TokenCursor, pos: SourcePosition): Expr {
  const operand = parseExpr(c);
  c.expectWord('AS');
  const lookup = objectLookupCast(c);
  if (lookup) {
    c.expectOp(')');
    return { kind: 'FunctionCall', name: lookup, args: [operand], distinct: false, pos };
  }
  const type = parseDataType(c);
  c.expectOp(')');
  return { kind: 'Cast', operand, type, pos };
}

/** After `EXISTS (`: `query)` */
function existsBody(c: TokenCursor, pos: SourcePosition): Expr {
  if (!atQueryStart(c)) c.unexpected('expected a query');
  const query = parseQuery(c);
  c.expectOp(')');
  return { kind: 'Exists', query, negated: false, pos };
}

/** `ARRAY[a, b]` */
function parseArray(c: TokenCursor): Expr {
  const pos = c.posOf();
  c.expectWord('ARRAY');
  if (c.atOp('(')) c.fail('ARRAY(subquery) is not supported', c.peek(), 'unsupported-syntax');
  c.expectOp('[');
  const elements = c.atOp(']') ? [] : parseExprList(c);
  c.expectOp(']');
  return { kind: 'Array', elements, pos };
}

/** `INTERVAL '10' SECOND`, `INTERVAL '10' SECONDS`, `INTERVAL '1 hour'` */
function parseInterval(c: TokenCursor): IntervalExpr {
  const pos = c.posOf();
  c.expectWord('INTERVAL');
  const text = c.next().value;
  const u = c.peek();
  const unit = u.kind === 'word' ? INTERVAL_UNITS[u.upper] : undefined;
  if (unit === undefined) return { kind: 'Interval', text, pos };
  c.next();
  if (c.atWord('TO')) c.fail('interval ranges (HOUR TO SECOND) are not supported', c.peek(), 'unsupported-syntax');
  return { kind: 'Interval', text, unit, pos };
}

/** The SQL-standard keyword call forms, as plain calls. */
function parseSpecialCall(c: TokenCursor, word: string, pos: SourcePosition): Expr {
  const name = c.next().value;
  c.expectOp('(');
  if (word === 'TRIM') return trimBody(c, pos);
  const first = word === 'EXTRACT' && c.peek().kind === 'word' ? fieldLiteral(c) : parseExpr(c);
  const args: Expr[] = [first];
  if (word === 'EXTRACT') {
    c.expectWord('FROM');
    args.push(parseExpr(c));
  } else if (word === 'POSITION' && c.acceptWord('IN')) {
    args.push(parseExpr(c));
  } else if (word === 'SUBSTRING' && c.acceptWord('FROM')) {
    args.push(parseExpr(c));
    if (c.acceptWord('FOR')) args.push(parseExpr(c));
  } else if (c.acceptOp(',')) {
    args.push(...parseExprList(c));
  }
  c.expectOp(')');
  return { kind: 'FunctionCall', name, args, distinct: false, pos };
}

/** The field of `extract(field FROM x)`, as a lower-case string literal. */
function fieldLiteral(c: TokenCursor): Expr {
  const t = c.next();
  return withPos({ kind: 'Literal', value: { type: 'string', value: t.value } }, c.posOf(t));
}

/** After `trim(`: `[BOTH|LEADING|TRAILING] [chars] FROM x)` or `x [, chars])` */
function trimBody(c: TokenCursor, pos: SourcePosition): Expr {
  let name = 'trim';
  if (c.acceptWord('LEADING')) name = 'ltrim';
  else if (c.acceptWord('TRAILING')) name = 'rtrim';
  else c.acceptWord('BOTH');
  let chars: Expr | undefined;
  if (!c.acceptWord('FROM')) {
    const first = parseExpr(c);
    if (c.acceptWord('FROM')) chars = first;
    else {
      const args = c.acceptOp(',') ? [first, parseExpr(c)] : [first];
      c.expectOp(')');
      return { kind: 'FunctionCall', name, args, distinct: false, pos };
    }
  }
  const operand = parseExpr(c);
  c.expectOp(')');
  const args = chars ? [operand, chars] : [operand];
  return { kind: 'FunctionCall', name, args, distinct: false, pos };
}
