/**
 * The expression AST: what the parser produces and the binder consumes. Plain immutable data,
 * discriminated by `kind`. `pos` is where the expression starts in the statement text, when
 * the parser knows it.
 */
import type { SourcePosition } from '../errors.js';
import type { DataType } from '../types/data-type.js';
import type { Query } from './query.js';

export type Expr =
  | LiteralExpr
  | IntervalExpr
  | ColumnRefExpr
  | StarExpr
  | UnaryExpr
  | BinaryExpr
  | IsNullExpr
  | IsBoolExpr
  | BetweenExpr
  | InListExpr
  | InSubqueryExpr
  | ExistsExpr
  | ScalarSubqueryExpr
  | CaseExpr
  | CastExpr
  | FunctionCallExpr
  | ArrayExpr;

export type ExprKind = Expr['kind'];

interface Positioned {
  readonly pos?: SourcePosition;
}

/**
 * A literal. Numbers keep their source text so the binder can type `1` as INT, `3000000000`
 * as BIGINT and `1.5` as DECIMAL/DOUBLE without losing digits. `typed` is a typed string
 * literal such as `TIMESTAMP '2024-01-01 00:00:00'` or `DATE '2024-01-01'`.
 */
export interface LiteralExpr extends Positioned {
  readonly kind: 'Literal';
  readonly value:
    | { readonly type: 'number'; readonly text: string }
    | { readonly type: 'string'; readonly value: string }
    | { readonly type: 'boolean'; readonly value: boolean }
    | { readonly type: 'null' }
    | { readonly type: 'typed'; readonly dataType: DataType; readonly text: string };
}

/** `INTERVAL '10' SECOND`, `INTERVAL '1 hour'`, `INTERVAL '1' MINUTE`: value text and optional unit. */
export interface IntervalExpr extends Positioned {
  readonly kind: 'Interval';
  readonly text: string;
  /** upper-case unit word if one followed the string (SECOND, MINUTE, HOUR, DAY, MONTH, YEAR, ...) */
  readonly unit?: string;
}

/** `name` or `table.name`. Identifiers are folded to lower case unless they were quoted. */
export interface ColumnRefExpr extends Positioned {
  readonly kind: 'ColumnRef';
  readonly table?: string;
  readonly name: string;
}

/** `*` or `t.*`, in a select list or inside `count(*)`. */
export interface StarExpr extends Positioned {
  readonly kind: 'Star';
  readonly table?: string;
}

export interface UnaryExpr extends Positioned {
  readonly kind: 'Unary';
  readonly op: '-' | '+' | 'NOT';
  readonly operand: Expr;
}

export type BinaryOp =
  | '+' | '-' | '*' | '/' | '%'
  | '=' | '<>' | '<' | '<=' | '>' | '>='
  | 'AND' | 'OR'
  | '||'
  | '~' | '~*' | '!~' | '!~*'
  | 'LIKE' | 'NOT LIKE' | 'ILIKE' | 'NOT ILIKE'
  | 'IS DISTINCT FROM' | 'IS NOT DISTINCT FROM';

export interface BinaryExpr extends Positioned {
  readonly kind: 'Binary';
  readonly op: BinaryOp;
  readonly left: Expr;
  readonly right: Expr;
}

export interface IsNullExpr extends Positioned {
  readonly kind: 'IsNull';
  readonly operand: Expr;
  readonly negated: boolean;
}

/** `x IS TRUE`, `x IS NOT FALSE`, ... */
export interface IsBoolExpr extends Positioned {
  readonly kind: 'IsBool';
  readonly operand: Expr;
  readonly value: boolean;
  readonly negated: boolean;
}

export interface BetweenExpr extends Positioned {
  readonly kind: 'Between';
  readonly operand: Expr;
  readonly low: Expr;
  readonly high: Expr;
  readonly negated: boolean;
}

export interface InListExpr extends Positioned {
  readonly kind: 'InList';
  readonly operand: Expr;
  readonly list: readonly Expr[];
  readonly negated: boolean;
}

export interface InSubqueryExpr extends Positioned {
  readonly kind: 'InSubquery';
  readonly operand: Expr;
  readonly query: Query;
  readonly negated: boolean;
}

export interface ExistsExpr extends Positioned {
  readonly kind: 'Exists';
  readonly query: Query;
  readonly negated: boolean;
}

export interface ScalarSubqueryExpr extends Positioned {
  readonly kind: 'ScalarSubquery';
  readonly query: Query;
}

/** `CASE [operand] WHEN .. THEN .. [ELSE ..] END` */
export interface CaseExpr extends Positioned {
  readonly kind: 'Case';
  readonly operand?: Expr;
  readonly whens: readonly { readonly when: Expr; readonly then: Expr }[];
  readonly else?: Expr;
}

/** `CAST(x AS t)` and `x::t` */
export interface CastExpr extends Positioned {
  readonly kind: 'Cast';
  readonly operand: Expr;
  readonly type: DataType;
}

/**
 * A function call, including aggregates and window functions: `count(*)` has `args: [Star]`,
 * `count(DISTINCT x)` has `distinct: true`, `sum(x) FILTER (WHERE c)` has `filter`,
 * `row_number() OVER (...)` has `over`. Names are lower case.
 */
export interface FunctionCallExpr extends Positioned {
  readonly kind: 'FunctionCall';
  readonly name: string;
  readonly args: readonly Expr[];
  readonly distinct: boolean;
  readonly filter?: Expr;
  readonly over?: WindowSpec;
  /** `string_agg(x, ',' ORDER BY y)` */
  readonly orderBy?: readonly OrderByItem[];
}

/** `ARRAY[a, b]` */
export interface ArrayExpr extends Positioned {
  readonly kind: 'Array';
  readonly elements: readonly Expr[];
}

export interface WindowSpec {
  readonly partitionBy: readonly Expr[];
  readonly orderBy: readonly OrderByItem[];
  /** frame text as written (`ROWS BETWEEN 1 PRECEDING AND CURRENT ROW`), interpreted later */
  readonly frame?: string;
}

export interface OrderByItem {
  readonly expr: Expr;
  readonly direction: 'ASC' | 'DESC';
  readonly nulls?: 'FIRST' | 'LAST';
}
