/**
 * Statements. `parse(text)` returns one `Statement` per `;`-separated statement, each with the
 * exact text it came from (`sql`), which the catalog stores and restores.
 */
import type { SourcePosition } from '../errors.js';
import type { DataType } from '../types/data-type.js';
import type { Expr } from './expr.js';
import type { Query, SelectItem } from './query.js';

export type Statement =
  | CreateSourceStatement
  | CreateTableStatement
  | CreateMaterializedViewStatement
  | CreateViewStatement
  | CreateSinkStatement
  | InsertStatement
  | DeleteStatement
  | UpdateStatement
  | DropStatement
  | ShowStatement
  | DescribeStatement
  | FlushStatement
  | ExplainStatement
  | SetStatement
  | QueryStatement
  | SubscribeStatement;

export type StatementKind = Statement['kind'];

interface StatementBase {
  /** the statement's own text, without the trailing `;` */
  readonly sql: string;
  /** where the statement starts in the text given to `parse` */
  readonly pos: SourcePosition;
}

export interface ColumnDef {
  readonly name: string;
  readonly type: DataType;
  readonly notNull: boolean;
  readonly primaryKey: boolean;
  readonly pos?: SourcePosition;
}

/** `WATERMARK FOR col AS col - INTERVAL '5' SECOND` */
export interface WatermarkDef {
  readonly column: string;
  readonly expr: Expr;
}

/** `FORMAT PLAIN ENCODE JSON` */
export interface FormatDef {
  readonly format: string;
  readonly encode: string;
  /** `ENCODE CSV (delimiter = ',')` options, keys lower case */
  readonly options: Readonly<Record<string, string>>;
}

/** `WITH (connector = 'file', path = '...')`: keys lower case, values as strings. */
export type Options = Readonly<Record<string, string>>;

export interface CreateSourceStatement extends StatementBase {
  readonly kind: 'CreateSource';
  readonly name: string;
  readonly ifNotExists: boolean;
  readonly columns: readonly ColumnDef[];
  readonly watermark?: WatermarkDef;
  readonly options: Options;
  readonly format?: FormatDef;
}

export interface CreateTableStatement extends StatementBase {
  readonly kind: 'CreateTable';
  readonly name: string;
  readonly ifNotExists: boolean;
  readonly columns: readonly ColumnDef[];
  /** from `PRIMARY KEY (a, b)` or column-level `PRIMARY KEY` */
  readonly primaryKey: readonly string[];
  readonly appendOnly: boolean;
  readonly watermark?: WatermarkDef;
  /** a table may be filled by a connector */
  readonly options: Options;
  readonly format?: FormatDef;
}

export interface CreateMaterializedViewStatement extends StatementBase {
  readonly kind: 'CreateMaterializedView';
  readonly name: string;
  readonly ifNotExists: boolean;
  /** `CREATE MATERIALIZED VIEW v (a, b) AS ...`: names for the query's columns */
  readonly columns?: readonly string[];
  readonly query: Query;
  readonly emitOnWindowClose: boolean;
  /** the text of the query alone */
  readonly querySql: string;
}

/** A plain (non-materialized) view: a named query, expanded where it is used. */
export interface CreateViewStatement extends StatementBase {
  readonly kind: 'CreateView';
  readonly name: string;
  readonly ifNotExists: boolean;
  readonly query: Query;
  readonly querySql: string;
}

export interface CreateSinkStatement extends StatementBase {
  readonly kind: 'CreateSink';
  readonly name: string;
  readonly ifNotExists: boolean;
  /** `CREATE SINK s FROM view` */
  readonly from?: string;
  /** `CREATE SINK s AS SELECT ...` */
  readonly query?: Query;
  readonly emitOnWindowClose: boolean;
  readonly options: Options;
  readonly format?: FormatDef;
}

export interface InsertStatement extends StatementBase {
  readonly kind: 'Insert';
  readonly table: string;
  readonly columns?: readonly string[];
  /** `VALUES (...), (...)` or `SELECT ...`, both as a query */
  readonly source: Query;
}

/** `DELETE FROM t [[AS] alias] [WHERE cond] [RETURNING items]` */
export interface DeleteStatement extends StatementBase {
  readonly kind: 'Delete';
  readonly table: string;
  readonly alias?: string;
  readonly where?: Expr;
  /** `RETURNING ...`: the deleted rows, projected */
  readonly returning?: readonly SelectItem[];
}

/** One `col = expr` of an UPDATE's SET list. */
export interface Assignment {
  readonly column: string;
  readonly value: Expr;
  readonly pos?: SourcePosition;
}

/** `UPDATE t [[AS] alias] SET col = expr, ... [WHERE cond] [RETURNING items]` */
export interface UpdateStatement extends StatementBase {
  readonly kind: 'Update';
  readonly table: string;
  readonly alias?: string;
  readonly assignments: readonly Assignment[];
  readonly where?: Expr;
  /** `RETURNING ...`: the updated rows (their new values), projected */
  readonly returning?: readonly SelectItem[];
}

export type ObjectType = 'SOURCE' | 'TABLE' | 'MATERIALIZED VIEW' | 'VIEW' | 'SINK';

export interface DropStatement extends StatementBase {
  readonly kind: 'Drop';
  readonly objectType: ObjectType;
  readonly name: string;
  readonly ifExists: boolean;
  readonly cascade: boolean;
}

export interface ShowStatement extends StatementBase {
  readonly kind: 'Show';
  readonly what: 'SOURCES' | 'TABLES' | 'MATERIALIZED VIEWS' | 'VIEWS' | 'SINKS' | 'PIPELINES' | 'PARAMETER';
  /** for `SHOW name` (a SET parameter) */
  readonly parameter?: string;
}

export interface DescribeStatement extends StatementBase {
  readonly kind: 'Describe';
  readonly name: string;
}

export interface FlushStatement extends StatementBase {
  readonly kind: 'Flush';
}

export interface ExplainStatement extends StatementBase {
  readonly kind: 'Explain';
  readonly analyze: boolean;
  /** for EXPLAIN: the statement to plan. For EXPLAIN ANALYZE <view>: a TableRef-like name */
  readonly statement?: Statement;
  readonly target?: string;
}

export interface SetStatement extends StatementBase {
  readonly kind: 'Set';
  readonly name: string;
  /** the value as written, unquoted: `SET batch_interval = '500ms'` -> "500ms" */
  readonly value: string;
}

export interface QueryStatement extends StatementBase {
  readonly kind: 'Query';
  readonly query: Query;
  /** `SELECT ... EMIT ON WINDOW CLOSE` (a continuous query emitting closed windows only) */
  readonly emitOnWindowClose?: boolean;
}

/** `SUBSCRIBE view` or `SUBSCRIBE (SELECT ...)` or `SUBSCRIBE TO view` */
export interface SubscribeStatement extends StatementBase {
  readonly kind: 'Subscribe';
  readonly target?: string;
  readonly query?: Query;
}
