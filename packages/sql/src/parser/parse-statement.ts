/**
 * One statement from its first token: dispatch on the leading keywords, then the small
 * statements (INSERT, DROP, SHOW, DESCRIBE, FLUSH, EXPLAIN, SET, SUBSCRIBE) in place; the
 * CREATE statements live in parse-create.ts and queries in parse-query.ts.
 */
import type {
  DropStatement, ExplainStatement, InsertStatement, ObjectType, SetStatement, ShowStatement,
  Statement, SubscribeStatement,
} from '../ast/statement.js';
import {
  parseCreateMaterializedView, parseCreateSink, parseCreateSource, parseCreateTable,
  parseCreateView, parseEmit, type StatementText,
} from './parse-create.js';
import { parseDelete, parseUpdate } from './parse-dml.js';
import { atQueryStart, parseQuery } from './parse-query.js';
import type { TokenCursor } from './token-cursor.js';

const SHOWABLE: readonly (readonly [string[], ShowStatement['what']])[] = [
  [['SOURCES'], 'SOURCES'],
  [['TABLES'], 'TABLES'],
  [['MATERIALIZED', 'VIEWS'], 'MATERIALIZED VIEWS'],
  [['VIEWS'], 'VIEWS'],
  [['SINKS'], 'SINKS'],
  [['PIPELINES'], 'PIPELINES'],
];

/** Parses the statement at the cursor; the caller checks that all its tokens were used. */
export function parseStatement(c: TokenCursor, base: StatementText): Statement {
  if (atQueryStart(c)) {
    const query = parseQuery(c);
    return parseEmit(c) ? { kind: 'Query', ...base, query, emitOnWindowClose: true } : { kind: 'Query', ...base, query };
  }
  const first = c.peek();
  if (first.kind !== 'word') return c.unexpected('expected a statement');
  c.next();
  switch (first.upper) {
    case 'CREATE':
      return parseCreate(c, base);
    case 'INSERT':
      return parseInsert(c, base);
    case 'DELETE':
      return parseDelete(c, base);
    case 'UPDATE':
      return parseUpdate(c, base);
    case 'DROP':
      return parseDrop(c, base);
    case 'SHOW':
      return parseShow(c, base);
    case 'DESCRIBE':
    case 'DESC':
      return { kind: 'Describe', ...base, name: c.qualifiedName('a name').name };
    case 'FLUSH':
      return { kind: 'Flush', ...base };
    case 'EXPLAIN':
      return parseExplain(c, base);
    case 'SET':
      return parseSet(c, base);
    case 'SUBSCRIBE':
      return parseSubscribe(c, base);
    default:
      return c.fail(`unsupported statement '${first.upper}'`, first, 'unsupported-statement');
  }
}

function parseCreate(c: TokenCursor, base: StatementText): Statement {
  if (c.acceptWord('SOURCE')) return parseCreateSource(c, base);
  if (c.acceptWord('TABLE')) return parseCreateTable(c, base);
  if (c.acceptWord('MATERIALIZED', 'VIEW')) return parseCreateMaterializedView(c, base);
  if (c.acceptWord('VIEW')) return parseCreateView(c, base);
  if (c.acceptWord('SINK')) return parseCreateSink(c, base);
  const t = c.peek();
  const what = t.kind === 'eof' ? '' : ` ${c.source.text.slice(t.start, t.end).toUpperCase()}`;
  return c.fail(`unsupported statement 'CREATE${what}'`, t, 'unsupported-statement');
}

/** After INSERT: `INTO t [(cols)] VALUES ... | SELECT ...` */
function parseInsert(c: TokenCursor, base: StatementText): InsertStatement {
  c.expectWord('INTO');
  const table = c.qualifiedName('a table name').name;
  // `(` may open a column list or a parenthesised query
  const columns = c.atOp('(') && !atQueryStart(c) ? c.identifierList() : undefined;
  if (!atQueryStart(c)) c.unexpected('expected VALUES or a query');
  const source = parseQuery(c);
  if (c.atWord('RETURNING')) c.fail('RETURNING is not supported', c.peek(), 'unsupported-syntax');
  return columns ? { kind: 'Insert', ...base, table, columns, source } : { kind: 'Insert', ...base, table, source };
}

function parseObjectType(c: TokenCursor): ObjectType {
  if (c.acceptWord('SOURCE')) return 'SOURCE';
  if (c.acceptWord('TABLE')) return 'TABLE';
  if (c.acceptWord('MATERIALIZED', 'VIEW')) return 'MATERIALIZED VIEW';
  if (c.acceptWord('VIEW')) return 'VIEW';
  if (c.acceptWord('SINK')) return 'SINK';
  return c.fail('expected SOURCE, TABLE, MATERIALIZED VIEW, VIEW or SINK', c.peek(), 'unsupported-statement');
}

/** After DROP: `type [IF EXISTS] name [CASCADE | RESTRICT]` */
function parseDrop(c: TokenCursor, base: StatementText): DropStatement {
  const objectType = parseObjectType(c);
  const ifExists = c.acceptWord('IF', 'EXISTS');
  const name = c.qualifiedName('a name').name;
  if (c.atOp(',')) c.fail('drop one object per statement', c.peek(), 'unsupported-syntax');
  const cascade = c.acceptWord('CASCADE');
  if (!cascade) c.acceptWord('RESTRICT');
  return { kind: 'Drop', ...base, objectType, name, ifExists, cascade };
}

/** After SHOW: a kind of object, or a parameter name. */
function parseShow(c: TokenCursor, base: StatementText): ShowStatement {
  for (const [words, what] of SHOWABLE) {
    if (c.acceptWord(...words)) return { kind: 'Show', ...base, what };
  }
  const parameter = parseParameterName(c);
  return { kind: 'Show', ...base, what: 'PARAMETER', parameter };
}

/** After EXPLAIN: `[ANALYZE] statement` or `ANALYZE name`. */
function parseExplain(c: TokenCursor, base: StatementText): ExplainStatement {
  const analyze = c.acceptWord('ANALYZE');
  if (analyze && !atStatementStart(c)) {
    return { kind: 'Explain', ...base, analyze, target: c.qualifiedName('a view name').name };
  }
  if (c.atOp('(') && !atQueryStart(c)) c.fail('EXPLAIN options are not supported', c.peek(), 'unsupported-syntax');
  const inner: StatementText = { sql: c.remainingText(), pos: c.posOf() };
  const statement = parseStatement(c, inner);
  return { kind: 'Explain', ...base, analyze, statement };
}

function atStatementStart(c: TokenCursor): boolean {
  return atQueryStart(c) || c.atAnyWord(['CREATE', 'INSERT', 'DELETE', 'UPDATE', 'SUBSCRIBE']);
}

/** After SET: `name = value`, `name TO value`, `TIME ZONE value`. */
function parseSet(c: TokenCursor, base: StatementText): SetStatement {
  let name: string;
  if (c.acceptWord('TIME', 'ZONE')) {
    name = 'timezone';
  } else {
    if (!c.acceptWord('SESSION')) c.acceptWord('LOCAL');
    name = parseParameterName(c);
    if (!c.acceptOp('=')) c.expectWord('TO');
  }
  if (c.atEnd()) c.unexpected('expected a value');
  const single = c.peek(1).kind === 'eof' ? c.peek() : undefined;
  if (single?.kind === 'string' || single?.kind === 'quoted') {
    c.next();
    return { kind: 'Set', ...base, name, value: single.value };
  }
  // anything else (`500ms` is not one token, `-1`, `on`, `a, b`) is kept as written
  const value = c.remainingText();
  while (!c.atEnd()) c.next();
  return { kind: 'Set', ...base, name, value };
}

/** `a` or `a.b` (parameters such as `streaming.batch_interval`), lower case. */
function parseParameterName(c: TokenCursor): string {
  let name = c.identifier('a parameter name', true).name;
  while (c.acceptOp('.')) name += '.' + c.identifier('a parameter name', true).name;
  return name;
}

/** After SUBSCRIBE: `[TO] name` or `[TO] (query)`. */
function parseSubscribe(c: TokenCursor, base: StatementText): SubscribeStatement {
  c.acceptWord('TO');
  if (c.atOp('(')) {
    c.next();
    if (!atQueryStart(c)) c.unexpected('expected a query');
    const query = parseQuery(c);
    c.expectOp(')');
    return { kind: 'Subscribe', ...base, query };
  }
  if (atQueryStart(c)) return { kind: 'Subscribe', ...base, query: parseQuery(c) };
  return { kind: 'Subscribe', ...base, target: c.qualifiedName('a view name').name };
}
