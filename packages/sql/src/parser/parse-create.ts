/**
 * CREATE SOURCE, TABLE, MATERIALIZED VIEW, VIEW and SINK. Each function takes the cursor just
 * after the object-type words and the statement's `sql`/`pos`, and reads to the end of what
 * it understands; `parse` checks that nothing is left over.
 */
import type {
  ColumnDef, CreateMaterializedViewStatement, CreateSinkStatement, CreateSourceStatement,
  CreateTableStatement, CreateViewStatement, FormatDef, WatermarkDef,
} from '../ast/statement.js';
import type { Query } from '../ast/query.js';
import type { SourcePosition } from '../errors.js';
import { parseDataType } from './parse-data-type.js';
import { parseExpr } from './parse-expr.js';
import { parseFormat, parseOptionList } from './parse-options.js';
import { atQueryStart, parseQuery } from './parse-query.js';
import type { TokenCursor } from './token-cursor.js';

/** What every statement carries. */
export interface StatementText {
  readonly sql: string;
  readonly pos: SourcePosition;
}

/** The parenthesised element list of CREATE SOURCE/TABLE. */
interface TableElements {
  readonly columns: ColumnDef[];
  readonly primaryKey: string[];
  readonly watermark?: WatermarkDef;
}

/** After `CREATE SOURCE`. */
export function parseCreateSource(c: TokenCursor, base: StatementText): CreateSourceStatement {
  const ifNotExists = c.acceptWord('IF', 'NOT', 'EXISTS');
  const name = c.qualifiedName('a source name').name;
  const elements = c.atOp('(') ? parseTableElements(c) : { columns: [], primaryKey: [] };
  const options = c.acceptWord('WITH') ? parseOptionList(c) : {};
  const format = parseFormat(c);
  return {
    kind: 'CreateSource', ...base, name, ifNotExists, columns: elements.columns, options,
    ...optional('watermark', elements.watermark), ...optional('format', format),
  };
}

/** After `CREATE TABLE`. */
export function parseCreateTable(c: TokenCursor, base: StatementText): CreateTableStatement {
  const ifNotExists = c.acceptWord('IF', 'NOT', 'EXISTS');
  const name = c.qualifiedName('a table name').name;
  if (c.atWord('AS')) c.fail('CREATE TABLE ... AS is not supported', c.peek(), 'unsupported-statement');
  const elements = c.atOp('(') ? parseTableElements(c) : { columns: [], primaryKey: [] };
  const appendOnly = c.acceptWord('APPEND', 'ONLY');
  const options = c.acceptWord('WITH') ? parseOptionList(c) : {};
  const format = parseFormat(c);
  return {
    kind: 'CreateTable', ...base, name, ifNotExists, columns: elements.columns,
    primaryKey: elements.primaryKey, appendOnly, options,
    ...optional('watermark', elements.watermark), ...optional('format', format),
  };
}

/** After `CREATE MATERIALIZED VIEW`. */
export function parseCreateMaterializedView(
  c: TokenCursor,
  base: StatementText,
): CreateMaterializedViewStatement {
  const ifNotExists = c.acceptWord('IF', 'NOT', 'EXISTS');
  const name = c.qualifiedName('a view name').name;
  const columns = c.atOp('(') ? c.identifierList() : undefined;
  const { query, querySql } = parseAsQuery(c);
  const emitOnWindowClose = parseEmit(c);
  return { kind: 'CreateMaterializedView', ...base, name, ifNotExists, ...(columns ? { columns } : {}), query, emitOnWindowClose, querySql };
}

/** After `CREATE VIEW`. */
export function parseCreateView(c: TokenCursor, base: StatementText): CreateViewStatement {
  const ifNotExists = c.acceptWord('IF', 'NOT', 'EXISTS');
  const name = c.qualifiedName('a view name').name;
  const { query, querySql } = parseAsQuery(c);
  return { kind: 'CreateView', ...base, name, ifNotExists, query, querySql };
}

/** After `CREATE SINK`: `name FROM view WITH (...)` or `name AS query [EMIT ...] WITH (...)`. */
export function parseCreateSink(c: TokenCursor, base: StatementText): CreateSinkStatement {
  const ifNotExists = c.acceptWord('IF', 'NOT', 'EXISTS');
  const name = c.qualifiedName('a sink name').name;
  let from: string | undefined;
  let query: Query | undefined;
  let emitOnWindowClose = false;
  if (c.acceptWord('FROM')) {
    from = c.qualifiedName('a view, table or source name').name;
  } else if (c.atWord('AS')) {
    query = parseAsQuery(c).query;
    emitOnWindowClose = parseEmit(c);
  } else {
    c.unexpected('expected FROM or AS');
  }
  const options = c.acceptWord('WITH') ? parseOptionList(c) : {};
  const format: FormatDef | undefined = parseFormat(c);
  return {
    kind: 'CreateSink', ...base, name, ifNotExists, emitOnWindowClose, options,
    ...optional('from', from), ...optional('query', query), ...optional('format', format),
  };
}

/** `AS query`, returning the query and its own text. */
function parseAsQuery(c: TokenCursor): { query: Query; querySql: string } {
  c.expectWord('AS');
  if (!atQueryStart(c)) c.unexpected('expected a query');
  const first = c.peek();
  const query = parseQuery(c);
  return { query, querySql: c.textFrom(first) };
}

/** `EMIT ON WINDOW CLOSE` (or the default, `EMIT ON UPDATE`), if present. */
export function parseEmit(c: TokenCursor): boolean {
  if (!c.acceptWord('EMIT', 'ON')) return false;
  if (c.acceptWord('WINDOW', 'CLOSE')) return true;
  c.expectWord('UPDATE');
  return false;
}

/** `(col type [constraints], ..., PRIMARY KEY (a, b), WATERMARK FOR col AS expr)` */
function parseTableElements(c: TokenCursor): TableElements {
  const columns: ColumnDef[] = [];
  const primaryKey: string[] = [];
  let watermark: WatermarkDef | undefined;
  c.expectOp('(');
  if (c.acceptOp(')')) return { columns, primaryKey };
  do {
    const start = c.peek();
    if (c.acceptWord('WATERMARK', 'FOR')) {
      if (watermark) c.fail('only one WATERMARK is allowed', start);
      const column = c.identifier('a column name').name;
      c.expectWord('AS');
      watermark = { column, expr: parseExpr(c) };
    } else if (c.atWord('PRIMARY', 'KEY') || c.atWord('CONSTRAINT')) {
      if (c.acceptWord('CONSTRAINT')) c.identifier('a constraint name');
      c.expectWord('PRIMARY', 'KEY');
      if (primaryKey.length > 0) c.fail('only one PRIMARY KEY is allowed', start, 'duplicate-primary-key');
      primaryKey.push(...c.identifierList());
    } else {
      const column = parseColumnDef(c);
      if (column.primaryKey) {
        if (primaryKey.length > 0) c.fail('only one PRIMARY KEY is allowed', start, 'duplicate-primary-key');
        primaryKey.push(column.name);
      }
      columns.push(column);
    }
  } while (c.acceptOp(','));
  c.expectOp(')');
  const keyed = new Set(primaryKey);
  const marked = columns.map((col) => (keyed.has(col.name) && !col.primaryKey ? { ...col, primaryKey: true } : col));
  return watermark ? { columns: marked, primaryKey, watermark } : { columns: marked, primaryKey };
}

/** `name type [NOT NULL | NULL | PRIMARY KEY]...` */
function parseColumnDef(c: TokenCursor): ColumnDef {
  const name = c.identifier('a column name');
  const type = parseDataType(c);
  let notNull = false;
  let primaryKey = false;
  for (;;) {
    if (c.acceptWord('NOT', 'NULL')) notNull = true;
    else if (c.acceptWord('NULL')) notNull = false;
    else if (c.acceptWord('PRIMARY', 'KEY')) primaryKey = true;
    else if (c.atAnyWord(['DEFAULT', 'AS', 'REFERENCES', 'CHECK', 'UNIQUE'])) {
      c.fail(`column ${c.peek().upper} is not supported`, c.peek(), 'unsupported-syntax');
    } else break;
  }
  return { name: name.name, type, notNull, primaryKey, pos: name.pos };
}

/** `{ key: value }` when the value is present, `{}` otherwise, for optional AST fields. */
function optional<K extends string, V>(key: K, value: V | undefined): { [P in K]?: V } {
  return (value === undefined ? {} : { [key]: value }) as { [P in K]?: V };
}
