/**
 * The shapes of user-defined functions and callbacks an embedding program registers with an
 * engine (docs/embedding.md). Types are written as SQL type names: 'DOUBLE', 'BIGINT',
 * 'VARCHAR', 'TIMESTAMP', 'VARCHAR[]'. Values cross as js-values.ts describes.
 */
import type * as arrow from 'apache-arrow';

/** A SQL type name as written in DDL, e.g. 'DOUBLE', 'varchar', 'BIGINT[]'. */
export type SqlTypeName = string;

/**
 * What to do when a scalar UDF throws for a row: 'fail' (default) stops the pipeline with
 * EngineError `udf-failed`; 'null' makes the value NULL and counts the row as an input problem.
 */
export type UdfErrorPolicy = 'fail' | 'null';

/** Options of `registerFunction`. */
export interface ScalarFunctionOptions {
  /** argument types; call arguments are cast to them as for a built-in function */
  readonly args: readonly SqlTypeName[];
  /** result type; a returned value that does not fit is EngineError `udf-wrong-type` */
  readonly returns: SqlTypeName;
  /**
   * true: the function is called once per batch with one Arrow `Vector` per argument and
   * returns one value per row (an array, a typed array or an Arrow Vector) — see `VectorizedFunction`
   */
  readonly vectorized?: boolean;
  /** called even when an argument is NULL (default: a NULL argument gives NULL without a call) */
  readonly callOnNull?: boolean;
  /** BIGINT arguments always as bigint (default: number when safe) */
  readonly bigint?: boolean;
  readonly onError?: UdfErrorPolicy;
}

/** A row-at-a-time scalar function: JS arguments in, one JS value out. */
// `never[]` parameters accept a function with any parameter types: (x: number) => ... fits
export type ScalarFunction = (...args: never[]) => unknown;

/**
 * A vectorized scalar function: one Arrow Vector per argument (all of `rows` rows; NULLs are
 * Arrow nulls), returns `rows` values: an array, a typed array, or an Arrow Vector.
 */
export type VectorizedFunction = (...args: never[]) => ArrayLike<unknown> | arrow.Vector;

/**
 * A user aggregate. State is any JSON-serialisable value (bigints are kept): it is stored per
 * group as JSON text in the aggregate operator's `groups` state table, so it checkpoints and
 * restores with the view. Functions return the new state (they may also mutate and return it).
 * Rows with a NULL argument are skipped, as for built-in aggregates.
 */
export interface AggregateFunctionSpec<S = unknown, R = unknown> {
  readonly args: readonly SqlTypeName[];
  readonly returns: SqlTypeName;
  /** the state's representation in checkpoints; only 'json' exists */
  readonly stateType?: 'json';
  /** the state of an empty group */
  init(): S;
  add(state: S, ...args: never[]): S;
  /**
   * undoes `add` for a deleted row; without it, a view whose input has deletions (a table with
   * a primary key, a view that retracts) fails with `udf-not-retractable`
   */
  retract?(state: S, ...args: never[]): S;
  /** combines two partial states (reserved for partitioned execution; optional) */
  merge?(a: S, b: S): S;
  /** the aggregate's value for a state */
  result(state: S): R;
  /** BIGINT arguments always as bigint (default: number when safe) */
  readonly bigint?: boolean;
}

/** Options of `registerTableFunction`: one row in, zero or more values out. */
export interface TableFunctionOptions {
  readonly args: readonly SqlTypeName[];
  /** the type of each value the function yields (the output column's type) */
  readonly returns: SqlTypeName;
  readonly bigint?: boolean;
}

/** A table function: yields the values of one input row's output rows (an array or any iterable). */
export type TableFunction = (...args: never[]) => Iterable<unknown>;

/** One changed row, keyed by column name. */
export interface RowChange<Row = Record<string, unknown>> {
  readonly op: '+' | '-';
  readonly row: Row;
}

/**
 * A per-batch callback for `CREATE SINK ... WITH (connector = 'callback', callback = 'name')`
 * (Spark's foreachBatch): called with the batch id and that batch's changes once the batch is
 * committed upstream. After a crash, a batch may be delivered again with the same id: make
 * the callback idempotent by batch id for exactly-once effects. A rejected promise fails the sink.
 */
export type BatchCallback<Row = Record<string, unknown>> = (batchId: number, changes: readonly RowChange<Row>[]) => void | Promise<void>;

/** A function definition for `Sluice.open({ functions })`, registered before the catalog is restored. */
export type FunctionDefinition =
  | ({ readonly kind?: 'scalar'; readonly name: string; readonly fn: ScalarFunction | VectorizedFunction } & ScalarFunctionOptions)
  | ({ readonly kind: 'aggregate'; readonly name: string } & AggregateFunctionSpec)
  | ({ readonly kind: 'table'; readonly name: string; readonly fn: TableFunction } & TableFunctionOptions);
