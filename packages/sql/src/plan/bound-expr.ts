/**
 * Bound (resolved, typed) expressions: what plan nodes carry and what the engine compiles.
 * Column references are positions in the input schema; every node has its result type.
 *
 * Function names in `Call` are canonical lower-case names from the function registry
 * (binder/functions.ts): operators become calls too (`add`, `subtract`, `multiply`, `divide`,
 * `modulo`, `negate`, `equal`, `not_equal`, `less_than`, `less_than_or_equal`, `greater_than`,
 * `greater_than_or_equal`, `and`, `or`, `not`, `is_null`, `is_not_null`, `is_true`, `is_false`,
 * `is_distinct_from`, `is_not_distinct_from`, `like`, `ilike`, `concat_op`, `in_list`), and the
 * binder inserts `Cast` nodes so that arguments already have the types the function expects.
 */
import type { DataType, SqlValue } from '../types/data-type.js';

export type BoundExpr = InputRef | BoundLiteral | BoundCall | BoundCase | BoundCast;

export type BoundExprKind = BoundExpr['kind'];

/** The value of column `index` of the input row. */
export interface InputRef {
  readonly kind: 'InputRef';
  readonly index: number;
  readonly type: DataType;
}

/** A constant. `value` follows the JS value table in types/data-type.ts. */
export interface BoundLiteral {
  readonly kind: 'Literal';
  readonly value: SqlValue;
  readonly type: DataType;
}

export interface BoundCall {
  readonly kind: 'Call';
  readonly fn: string;
  readonly args: readonly BoundExpr[];
  readonly type: DataType;
}

/** Searched CASE; a simple CASE is rewritten to `operand = value` conditions by the binder. */
export interface BoundCase {
  readonly kind: 'Case';
  readonly whens: readonly { readonly when: BoundExpr; readonly then: BoundExpr }[];
  readonly else: BoundExpr;
  readonly type: DataType;
}

export interface BoundCast {
  readonly kind: 'Cast';
  readonly operand: BoundExpr;
  readonly type: DataType;
}

export function inputRef(index: number, type: DataType): InputRef {
  return { kind: 'InputRef', index, type };
}

export function literal(value: SqlValue, type: DataType): BoundLiteral {
  return { kind: 'Literal', value, type };
}

export function call(fn: string, args: readonly BoundExpr[], type: DataType): BoundCall {
  return { kind: 'Call', fn, args, type };
}

/** Aggregate functions an `Aggregate` node computes. */
export type AggregateKind =
  | 'count' | 'count_star' | 'sum' | 'avg' | 'min' | 'max'
  | 'string_agg' | 'array_agg' | 'bool_and' | 'bool_or'
  /** the value of the first/last row in the call's ORDER BY (RisingWave's aggregates), NULLs included */
  | 'first_value' | 'last_value'
  /** a user-defined aggregate, named by `AggregateCall.fn` */
  | 'user';

/** An `ORDER BY` key inside an aggregate call (`string_agg(x, ',' ORDER BY y DESC)`). */
export interface AggregateOrderKey {
  /** position of the key column in the aggregate's input */
  readonly column: number;
  readonly descending: boolean;
  readonly nullsFirst: boolean;
}

/**
 * One aggregate of an `Aggregate` node. `args` are column positions in the aggregate's input
 * (the binder projects argument expressions into columns first).
 */
export interface AggregateCall {
  readonly kind: AggregateKind;
  /** the user aggregate's name (lower case) when `kind` is 'user' */
  readonly fn?: string;
  readonly args: readonly number[];
  readonly distinct: boolean;
  /** position of a BOOLEAN input column: only rows where it is true count (`FILTER (WHERE ...)`) */
  readonly filter?: number;
  /** the order in which string_agg/array_agg combine their values; absent: arrival order */
  readonly orderBy?: readonly AggregateOrderKey[];
  readonly type: DataType;
}
