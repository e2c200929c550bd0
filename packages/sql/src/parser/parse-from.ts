/**
 * FROM items: tables, subqueries, set-returning functions, joins, and the windowing table
 * functions in both spellings — RisingWave's `TUMBLE(bids, date_time, INTERVAL '10' SECOND)`
 * and Flink's `TABLE(TUMBLE(TABLE bids, DESCRIPTOR(date_time), INTERVAL '10' SECONDS))`, with
 * Flink's optional `name =>` argument labels — which both become a `WindowTableFunction`.
 */
import type { SourcePosition } from '../errors.js';
import type { Expr } from '../ast/expr.js';
import type {
  FromItem, JoinItem, JoinType, SubqueryRef, TableRef, WindowTableFunction,
} from '../ast/query.js';
import { parseExpr } from './parse-expr.js';
import { functionName } from './parse-primary.js';
import { atQueryStart, parseQuery } from './parse-query.js';
import type { TokenCursor } from './token-cursor.js';

type WindowFn = WindowTableFunction['fn'];

/** Argument counts after the time column: [fewest, most]. */
const WINDOW_ARITY: Readonly<Record<WindowFn, readonly [number, number]>> = {
  TUMBLE: [1, 2],
  HOP: [2, 3],
  SESSION: [1, 1],
  CUMULATE: [2, 3],
};

/** `item, item, ...` after FROM. */
export function parseFromList(c: TokenCursor): FromItem[] {
  const items = [parseJoined(c)];
  while (c.acceptOp(',')) items.push(parseJoined(c));
  return items;
}

/** A FROM item followed by any number of joins. */
function parseJoined(c: TokenCursor): FromItem {
  let left = parseFromPrimary(c);
  for (;;) {
    const pos = c.posOf();
    const natural = c.acceptWord('NATURAL');
    const joinType = parseJoinType(c);
    if (joinType === undefined) {
      if (natural) c.unexpected('expected JOIN');
      return left;
    }
    const right = parseFromPrimary(c);
    let join: JoinItem = { kind: 'Join', joinType, natural, left, right, pos };
    if (!natural && joinType !== 'CROSS') {
      if (c.acceptWord('ON')) join = { ...join, on: parseExpr(c) };
      else if (c.acceptWord('USING')) join = { ...join, using: c.identifierList() };
      else c.unexpected('expected ON or USING');
    }
    left = join;
  }
}

/** Consumes `[INNER] JOIN`, `LEFT [OUTER] JOIN`, ... and returns the type, if one is next. */
function parseJoinType(c: TokenCursor): JoinType | undefined {
  if (c.acceptWord('JOIN')) return 'INNER';
  if (c.acceptWord('INNER', 'JOIN')) return 'INNER';
  if (c.acceptWord('CROSS', 'JOIN')) return 'CROSS';
  if (c.acceptWord('ASOF', 'JOIN')) return 'ASOF';
  if (c.atWord('ASOF', 'LEFT')) {
    c.expectWord('ASOF', 'LEFT');
    c.acceptWord('OUTER');
    c.expectWord('JOIN');
    return 'ASOF LEFT';
  }
  for (const side of ['LEFT', 'RIGHT', 'FULL'] as const) {
    if (c.acceptWord(side)) {
      c.acceptWord('OUTER');
      c.expectWord('JOIN');
      return side;
    }
  }
  return undefined;
}

function parseFromPrimary(c: TokenCursor): FromItem {
  const pos = c.posOf();
  if (c.atWord('LATERAL')) c.fail('LATERAL is not supported', c.peek(), 'unsupported-syntax');
  if (c.atOp('(')) {
    if (atQueryStart(c)) return parseSubqueryRef(c);
    c.next();
    const inner = c.nested(() => parseJoined(c));
    c.expectOp(')');
    return inner;
  }
  if (c.atWord('TABLE') && c.atOp('(', 1)) {
    c.next();
    c.next();
    const fn = c.identifier('a window function');
    const name = windowFnName(fn.name);
    if (name === undefined) c.fail(`'${fn.name}' is not a windowing table function`, c.previous());
    const window = parseWindowArguments(c, name, pos);
    c.expectOp(')');
    return withAlias(c, window);
  }
  const name = c.qualifiedName('a table name');
  if (!c.atOp('(')) {
    const { alias, columns } = parseAlias(c);
    if (columns) c.fail('column aliases on a table are not supported', c.previous(), 'unsupported-syntax');
    const ref: TableRef = { kind: 'TableRef', name: name.name, pos: name.pos };
    return alias === undefined ? ref : { ...ref, alias };
  }
  const fn = windowFnName(name.name);
  if (fn !== undefined) return withAlias(c, parseWindowArguments(c, fn, pos));
  return parseTableFunction(c, functionName(name.name), pos);
}

/** `(query) [AS] alias [(columns)]` */
function parseSubqueryRef(c: TokenCursor): SubqueryRef {
  const pos = c.posOf();
  c.expectOp('(');
  const query = parseQuery(c);
  c.expectOp(')');
  const { alias, columns } = parseAlias(c);
  let ref: SubqueryRef = { kind: 'SubqueryRef', query, pos };
  if (alias !== undefined) ref = { ...ref, alias };
  if (columns) ref = { ...ref, columnAliases: columns };
  return ref;
}

/** `name(args) [AS] alias [(columns)]` for a set-returning function such as unnest. */
function parseTableFunction(c: TokenCursor, name: string, pos: SourcePosition): FromItem {
  c.expectOp('(');
  const args: Expr[] = [];
  if (!c.atOp(')')) {
    do {
      args.push(parseExpr(c));
    } while (c.acceptOp(','));
  }
  c.expectOp(')');
  if (c.atWord('WITH', 'ORDINALITY')) c.fail('WITH ORDINALITY is not supported', c.peek(), 'unsupported-syntax');
  const { alias, columns } = parseAlias(c);
  return {
    kind: 'TableFunctionRef',
    name,
    args,
    pos,
    ...(alias !== undefined ? { alias } : {}),
    ...(columns ? { columnAliases: columns } : {}),
  };
}

function windowFnName(name: string): WindowFn | undefined {
  const upper = name.toUpperCase();
  return upper in WINDOW_ARITY ? (upper as WindowFn) : undefined;
}

/**
 * From the `(` after TUMBLE/HOP/SESSION/CUMULATE to its `)`: the input (`bids`, `TABLE bids`,
 * `TABLE bids PARTITION BY k`, or a subquery), the time column (`col` or `DESCRIPTOR(col)`),
 * then the window's own arguments.
 */
function parseWindowArguments(c: TokenCursor, fn: WindowFn, pos: SourcePosition): WindowTableFunction {
  c.expectOp('(');
  skipArgumentLabel(c);
  c.acceptWord('TABLE');
  let input: TableRef | SubqueryRef;
  if (c.atOp('(')) {
    input = parseSubqueryRef(c);
  } else {
    const table = c.qualifiedName('a table name');
    input = { kind: 'TableRef', name: table.name, pos: table.pos };
  }
  let partitionBy: string[] | undefined;
  if (c.acceptWord('PARTITION', 'BY')) {
    partitionBy = c.atOp('(') ? c.identifierList() : [c.identifier('a column name').name];
  }
  c.expectOp(',');
  skipArgumentLabel(c);
  let timeColumn: string;
  if (c.atWord('DESCRIPTOR') && c.atOp('(', 1)) {
    c.next();
    const [column, ...rest] = c.identifierList();
    if (rest.length > 0) c.fail('DESCRIPTOR takes one time column', c.previous());
    timeColumn = column!;
  } else {
    timeColumn = c.identifier('the time column').name;
  }
  const args: Expr[] = [];
  while (c.acceptOp(',')) {
    skipArgumentLabel(c);
    args.push(parseExpr(c));
  }
  const closing = c.peek();
  c.expectOp(')');
  const [fewest, most] = WINDOW_ARITY[fn];
  if (args.length < fewest || args.length > most) {
    const expected = fewest === most ? `${fewest}` : `${fewest} or ${most}`;
    c.fail(`${fn} takes ${expected} argument(s) after the time column, got ${args.length}`, closing);
  }
  const window: WindowTableFunction = { kind: 'WindowTableFunction', fn, input, timeColumn, args, pos };
  return partitionBy ? { ...window, partitionBy } : window;
}

/** Flink's `DATA => `, `TIMECOL => `, `SIZE => ` labels carry no meaning beyond the order. */
function skipArgumentLabel(c: TokenCursor): void {
  if (c.peek().kind === 'word' && c.atOp('=>', 1)) {
    c.next();
    c.next();
  }
}

function withAlias(c: TokenCursor, window: WindowTableFunction): WindowTableFunction {
  const { alias, columns } = parseAlias(c);
  if (columns) c.fail('column aliases on a window function are not supported', c.previous(), 'unsupported-syntax');
  return alias === undefined ? window : { ...window, alias };
}

/** `[AS] alias [(col, ...)]`, both optional. */
function parseAlias(c: TokenCursor): { alias?: string; columns?: string[] } {
  let alias: string | undefined;
  if (c.acceptWord('AS')) alias = c.identifier('an alias').name;
  else if (c.atIdentifier() && !atAsofJoin(c)) alias = c.identifier().name;
  if (alias === undefined) return {};
  return c.atOp('(') ? { alias, columns: c.identifierList() } : { alias };
}

/** `ASOF JOIN` or `ASOF LEFT` next: ASOF is not reserved, but there it starts a join, not an alias. */
function atAsofJoin(c: TokenCursor): boolean {
  return c.atWord('ASOF', 'JOIN') || c.atWord('ASOF', 'LEFT');
}
