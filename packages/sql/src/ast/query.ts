/**
 * The query AST: SELECT bodies, set operations and FROM items.
 */
import type { SourcePosition } from '../errors.js';
import type { Expr, OrderByItem } from './expr.js';

/** A full query: optional CTEs, a body, and ORDER BY / LIMIT / OFFSET applying to the body. */
export interface Query {
  readonly kind: 'Query';
  readonly with: readonly CommonTableExpr[];
  readonly body: QueryBody;
  readonly orderBy: readonly OrderByItem[];
  readonly limit?: Expr;
  /** `FETCH FIRST n ROWS WITH TIES`: rows tied with the last one on the ORDER BY keys are kept too */
  readonly limitWithTies?: boolean;
  readonly offset?: Expr;
  readonly pos?: SourcePosition;
}

export interface CommonTableExpr {
  readonly name: string;
  readonly columns?: readonly string[];
  readonly query: Query;
}

export type QueryBody = Select | SetOperation | ValuesBody | Query;

export interface Select {
  readonly kind: 'Select';
  /** `DISTINCT` is `{ on: [] }`; `DISTINCT ON (a, b)` lists the expressions */
  readonly distinct?: { readonly on: readonly Expr[] };
  readonly projection: readonly SelectItem[];
  /** comma-separated FROM items; an empty array means no FROM */
  readonly from: readonly FromItem[];
  readonly where?: Expr;
  readonly groupBy: readonly Expr[];
  readonly having?: Expr;
  readonly pos?: SourcePosition;
}

export interface SelectItem {
  /** a `Star` expression for `*` and `t.*` */
  readonly expr: Expr;
  readonly alias?: string;
}

export interface SetOperation {
  readonly kind: 'SetOperation';
  readonly op: 'UNION' | 'EXCEPT' | 'INTERSECT';
  readonly all: boolean;
  readonly left: QueryBody;
  readonly right: QueryBody;
  /** `CORRESPONDING [BY (names)]`: match columns by name (`by` absent: every common name) */
  readonly corresponding?: { readonly by?: readonly string[] };
}

export interface ValuesBody {
  readonly kind: 'Values';
  readonly rows: readonly (readonly Expr[])[];
}

export type FromItem = TableRef | SubqueryRef | WindowTableFunction | TableFunctionRef | JoinItem;

/** A named source, table, view or CTE. */
export interface TableRef {
  readonly kind: 'TableRef';
  readonly name: string;
  readonly alias?: string;
  readonly pos?: SourcePosition;
}

export interface SubqueryRef {
  readonly kind: 'SubqueryRef';
  readonly query: Query;
  readonly alias?: string;
  readonly columnAliases?: readonly string[];
  readonly pos?: SourcePosition;
}

/**
 * A windowing table function, in either spelling:
 * `TUMBLE(bids, date_time, INTERVAL '10' SECOND)` (RisingWave) or
 * `TABLE(TUMBLE(TABLE bids, DESCRIPTOR(date_time), INTERVAL '10' SECONDS))` (Flink).
 * `args` are what follows the time column: TUMBLE (size [, offset]), HOP (slide, size [, offset]),
 * SESSION (gap), CUMULATE (step, size).
 */
export interface WindowTableFunction {
  readonly kind: 'WindowTableFunction';
  readonly fn: 'TUMBLE' | 'HOP' | 'SESSION' | 'CUMULATE';
  readonly input: TableRef | SubqueryRef;
  readonly timeColumn: string;
  readonly args: readonly Expr[];
  /** Flink's `SESSION(TABLE t PARTITION BY k, ...)` */
  readonly partitionBy?: readonly string[];
  readonly alias?: string;
  readonly pos?: SourcePosition;
}

/** A set-returning function in FROM: `unnest(...) AS t(word)`, `generate_series(1, 10)`. */
export interface TableFunctionRef {
  readonly kind: 'TableFunctionRef';
  readonly name: string;
  readonly args: readonly Expr[];
  readonly alias?: string;
  readonly columnAliases?: readonly string[];
  readonly pos?: SourcePosition;
}

/** `ASOF` / `ASOF LEFT`: RisingWave's ASOF JOIN (each left row pairs with the closest right row). */
export type JoinType = 'INNER' | 'LEFT' | 'RIGHT' | 'FULL' | 'CROSS' | 'ASOF' | 'ASOF LEFT';

export interface JoinItem {
  readonly kind: 'Join';
  readonly joinType: JoinType;
  readonly natural: boolean;
  readonly left: FromItem;
  readonly right: FromItem;
  readonly on?: Expr;
  readonly using?: readonly string[];
  readonly pos?: SourcePosition;
}
