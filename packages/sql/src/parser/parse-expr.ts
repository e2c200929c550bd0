/**
 * Expressions: a precedence-climbing parser over PostgreSQL's operator precedence, from
 * loosest to tightest: OR, AND, NOT, IS, comparisons, BETWEEN/IN/LIKE/ILIKE, `||` and the
 * regular-expression matches `~ ~* !~ !~*`, `+ -`, `* / %`, unary `+ -` and COLLATE, `::`.
 * `OPERATOR(pg_catalog.op)` is PostgreSQL's schema-qualified spelling of operator `op`.
 * Every expression carries the position of its first token.
 */
import type { SourcePosition } from '../errors.js';
import type { BinaryOp, Expr, OrderByItem } from '../ast/expr.js';
import { objectLookupCast, parseDataType } from './parse-data-type.js';
import { parsePrimary } from './parse-primary.js';
import { atQueryStart, parseQuery } from './parse-query.js';
import type { TokenCursor } from './token-cursor.js';
import type { Token } from './tokenizer.js';

const OR = 1;
const AND = 2;
const NOT = 3;
const IS = 4;
const COMPARE = 5;
const LIKE = 6;
const CONCAT = 7;
const ADD = 8;
const MULTIPLY = 9;
const UNARY = 10;
const CAST = 11;

const OPERATOR_PRECEDENCE: Readonly<Record<string, number>> = {
  '=': COMPARE, '<>': COMPARE, '<': COMPARE, '<=': COMPARE, '>': COMPARE, '>=': COMPARE,
  '||': CONCAT, '~': CONCAT, '~*': CONCAT, '!~': CONCAT, '!~*': CONCAT,
  '+': ADD, '-': ADD,
  '*': MULTIPLY, '/': MULTIPLY, '%': MULTIPLY,
};

/** Parses one expression at the cursor. */
export function parseExpr(c: TokenCursor): Expr {
  return parseAbove(c, 0);
}

/** `a, b, c` */
export function parseExprList(c: TokenCursor): Expr[] {
  const list: Expr[] = [];
  do {
    list.push(parseExpr(c));
  } while (c.acceptOp(','));
  return list;
}

/** `expr [ASC|DESC] [NULLS FIRST|LAST], ...` (after ORDER BY). */
export function parseOrderByList(c: TokenCursor): OrderByItem[] {
  const items: OrderByItem[] = [];
  do {
    const expr = parseExpr(c);
    const direction = c.acceptWord('DESC') ? 'DESC' : (c.acceptWord('ASC'), 'ASC');
    let nulls: 'FIRST' | 'LAST' | undefined;
    if (c.acceptWord('NULLS')) {
      if (c.acceptWord('FIRST')) nulls = 'FIRST';
      else if (c.acceptWord('LAST')) nulls = 'LAST';
      else c.unexpected('expected FIRST or LAST');
    }
    items.push(nulls ? { expr, direction, nulls } : { expr, direction });
  } while (c.acceptOp(','));
  return items;
}

/** Parses an expression whose operators all bind tighter than `minPrecedence`. */
function parseAbove(c: TokenCursor, minPrecedence: number): Expr {
  return c.nested(() => {
    let left = parsePrefix(c);
    for (;;) {
      const next = parseInfix(c, left, minPrecedence);
      if (next === undefined) return left;
      left = next;
    }
  });
}

function parsePrefix(c: TokenCursor): Expr {
  const pos = c.posOf();
  if (c.acceptWord('NOT')) {
    const operand = parseAbove(c, NOT);
    if (operand.kind === 'Exists' && !operand.negated) {
      return { ...operand, negated: true, pos };
    }
    return { kind: 'Unary', op: 'NOT', operand, pos };
  }
  if (c.atOp('-') || c.atOp('+')) {
    const op = c.next().value as '-' | '+';
    const operand = parseAbove(c, UNARY);
    // fold the sign into a number so that `-2147483648` keeps its digits for typing
    if (op === '-' && operand.kind === 'Literal' && operand.value.type === 'number') {
      return { kind: 'Literal', value: { type: 'number', text: '-' + operand.value.text }, pos };
    }
    return { kind: 'Unary', op, operand, pos };
  }
  return parsePrimary(c);
}

/** Extends `left` with the next infix or postfix operator, or returns undefined. */
function parseInfix(c: TokenCursor, left: Expr, minPrecedence: number): Expr | undefined {
  const t = c.peek();
  const pos = left.pos;
  if (t.kind === 'op') {
    if (t.value === '::') {
      if (CAST <= minPrecedence) return undefined;
      c.next();
      const lookup = objectLookupCast(c);
      if (lookup) return withPos({ kind: 'FunctionCall', name: lookup, args: [left], distinct: false }, pos);
      return withPos({ kind: 'Cast', operand: left, type: parseDataType(c) }, pos);
    }
    if (t.value === '[') c.fail('array subscripts are not supported', t, 'unsupported-syntax');
    const precedence = OPERATOR_PRECEDENCE[t.value];
    if (precedence === undefined || precedence <= minPrecedence) return undefined;
    c.next();
    const right = parseAbove(c, precedence);
    return withPos({ kind: 'Binary', op: t.value as BinaryOp, left, right }, pos);
  }
  if (t.kind !== 'word') return undefined;
  switch (t.upper) {
    case 'OPERATOR': {
      if (!c.atOp('(', 1)) return undefined;
      const op = peekQualifiedOperator(c);
      const precedence = OPERATOR_PRECEDENCE[op.value];
      if (precedence <= minPrecedence) return undefined;
      readQualifiedOperator(c);
      return withPos({ kind: 'Binary', op: op.value as BinaryOp, left, right: parseAbove(c, precedence) }, pos);
    }
    case 'COLLATE':
      if (UNARY <= minPrecedence) return undefined;
      c.next();
      readCollation(c);
      return left;
    case 'OR':
    case 'AND': {
      const precedence = t.upper === 'OR' ? OR : AND;
      if (precedence <= minPrecedence) return undefined;
      c.next();
      return withPos({ kind: 'Binary', op: t.upper, left, right: parseAbove(c, precedence) }, pos);
    }
    case 'IS':
      return IS <= minPrecedence ? undefined : parseIs(c, left);
    case 'ISNULL':
    case 'NOTNULL':
      if (IS <= minPrecedence) return undefined;
      c.next();
      return withPos({ kind: 'IsNull', operand: left, negated: t.upper === 'NOTNULL' }, pos);
    case 'NOT':
    case 'BETWEEN':
    case 'IN':
    case 'LIKE':
    case 'ILIKE':
      return LIKE <= minPrecedence ? undefined : parsePredicate(c, left);
    default:
      return undefined;
  }
}

/**
 * The operator token of `OPERATOR([pg_catalog.]op)` at the cursor, without moving; fails
 * unless `op` is a binary operator of the dialect.
 */
function peekQualifiedOperator(c: TokenCursor): Token {
  let k = 2;
  if (c.peek(k).kind === 'word' && c.peek(k).upper === 'PG_CATALOG' && c.atOp('.', k + 1)) k += 2;
  const op = c.peek(k);
  if (op.kind !== 'op' || OPERATOR_PRECEDENCE[op.value] === undefined || !c.atOp(')', k + 1)) {
    c.fail('expected OPERATOR(pg_catalog.op) with a binary operator of the dialect', op, 'unsupported-syntax');
  }
  return op;
}

/** Moves past `OPERATOR([pg_catalog.]op)`. */
function readQualifiedOperator(c: TokenCursor): void {
  c.expectWord('OPERATOR');
  c.expectOp('(');
  if (c.acceptWord('PG_CATALOG')) c.expectOp('.');
  c.next();
  c.expectOp(')');
}

/**
 * `COLLATE name` after an expression. Sluice compares text by code point, which is the "C"
 * collation; the database default is that collation too, so those names are accepted and
 * change nothing. Any other collation would change comparisons: it is refused.
 */
function readCollation(c: TokenCursor): void {
  const first = c.peek();
  let name = c.identifier('a collation name', true).name;
  while (c.acceptOp('.')) name += '.' + c.identifier('a collation name', true).name;
  const bare = name.replace(/^pg_catalog\./i, '');
  if (!['default', 'C', 'POSIX', 'ucs_basic'].includes(bare)) {
    c.fail(`collation "${name}" is not supported; text compares by code point (collation "C")`, first, 'unsupported-feature');
  }
}

/** `IS [NOT] NULL | TRUE | FALSE | UNKNOWN | DISTINCT FROM x` */
function parseIs(c: TokenCursor, operand: Expr): Expr {
  const pos = operand.pos;
  c.expectWord('IS');
  const negated = c.acceptWord('NOT');
  if (c.acceptWord('NULL') || c.acceptWord('UNKNOWN')) {
    return withPos({ kind: 'IsNull', operand, negated }, pos);
  }
  if (c.acceptWord('TRUE')) return withPos({ kind: 'IsBool', operand, value: true, negated }, pos);
  if (c.acceptWord('FALSE')) return withPos({ kind: 'IsBool', operand, value: false, negated }, pos);
  if (c.acceptWord('DISTINCT', 'FROM')) {
    const op = negated ? 'IS NOT DISTINCT FROM' : 'IS DISTINCT FROM';
    return withPos({ kind: 'Binary', op, left: operand, right: parseAbove(c, IS) }, pos);
  }
  return c.unexpected('expected NULL, TRUE, FALSE or DISTINCT FROM after IS');
}

/** `[NOT] BETWEEN a AND b`, `[NOT] IN (...)`, `[NOT] LIKE x`, `[NOT] ILIKE x` */
function parsePredicate(c: TokenCursor, operand: Expr): Expr | undefined {
  const pos = operand.pos;
  if (c.atWord('NOT') && !c.atAnyWord(['BETWEEN', 'IN', 'LIKE', 'ILIKE'], 1)) return undefined;
  const negated = c.acceptWord('NOT');
  const word = c.next().upper;
  if (word === 'BETWEEN') {
    c.acceptWord('SYMMETRIC');
    const low = parseAbove(c, LIKE);
    c.expectWord('AND');
    const high = parseAbove(c, LIKE);
    return withPos({ kind: 'Between', operand, low, high, negated }, pos);
  }
  if (word === 'IN') {
    c.expectOp('(');
    if (atQueryStart(c)) {
      const query = parseQuery(c);
      c.expectOp(')');
      return withPos({ kind: 'InSubquery', operand, query, negated }, pos);
    }
    const list = parseExprList(c);
    c.expectOp(')');
    return withPos({ kind: 'InList', operand, list, negated }, pos);
  }
  const right = parseAbove(c, LIKE);
  if (c.atWord('ESCAPE')) c.fail('LIKE ... ESCAPE is not supported', c.peek(), 'unsupported-syntax');
  const op = (negated ? `NOT ${word}` : word) as BinaryOp;
  return withPos({ kind: 'Binary', op, left: operand, right }, pos);
}

/** Attaches `pos` when known, leaving the property out otherwise. */
export function withPos<E extends Expr>(expr: E, pos: SourcePosition | undefined): E {
  return pos === undefined ? expr : { ...expr, pos };
}
