/**
 * The methods an embedding program calls on a `Sluice` engine (docs/embedding.md): SQL with
 * rows as objects, reads, inserts and pushes from JavaScript, subscriptions, user-defined
 * functions and batch callbacks. `Sluice` supplies the engine state and statement execution.
 */
import { EngineError } from '../errors.js';
import type { ResultColumn, StatementResult } from '../results.js';
import type { EngineContext } from '../runtime/engine-context.js';
import type {
  AggregateFunctionSpec, BatchCallback, RowChange, ScalarFunction, ScalarFunctionOptions, TableFunction, TableFunctionOptions,
  VectorizedFunction,
} from './function-types.js';
import type { ValueOptions } from './js-values.js';
import type { RowsInput } from './row-objects.js';
import { rowObject } from './row-objects.js';
import { StatementSubscription, type ArrowChanges, type SubscribeOptions, type Subscription } from './subscription.js';
import { insertRows, pushInto } from './write-rows.js';

/** What `sql()` returns: the last statement's result, rows as objects keyed by column name. */
export interface SqlResult<Row = Record<string, unknown>> {
  readonly columns: readonly ResultColumn[];
  /** the rows of a finite result (SELECT on tables and views, SHOW, DESCRIBE, EXPLAIN); empty otherwise */
  readonly rows: Row[];
  /** the command tag of a statement without rows ('CREATE_TABLE', 'INSERT 0 2'), else null */
  readonly tag: string | null;
  readonly notices: readonly string[];
  /**
   * a continuous result (SELECT over a source, SUBSCRIBE) when it is the last statement:
   * iterate it or cancel it (`subscribe` is the easier way to consume one)
   */
  readonly stream?: Subscription<RowChange<Row>>;
}

export abstract class EmbeddedApi {
  protected abstract readonly ctx: EngineContext;

  /** Parses and runs every statement of `text`, in order, returning one result per statement. */
  abstract executeScript(text: string): Promise<StatementResult[]>;

  /** Waits until all input that has arrived went through every pipeline (SQL's FLUSH). */
  abstract flush(): Promise<void>;

  /**
   * Runs the statements of `text` and returns the last one's result with rows as objects
   * (BIGINT as number when safe, bigint otherwise; `{ bigint: true }`: always bigint — see
   * docs/embedding.md "Values"). A continuous result that is not the last statement's is
   * cancelled. Throws SqlError or EngineError with a code.
   */
  async sql<Row = Record<string, unknown>>(text: string, options: ValueOptions = {}): Promise<SqlResult<Row>> {
    const results = await this.executeScript(text);
    results.slice(0, -1).forEach((r) => r.kind === 'stream' && r.stream.cancel());
    const last = results[results.length - 1];
    if (!last) return { columns: [], rows: [], tag: null, notices: [] };
    switch (last.kind) {
      case 'command':
        return { columns: [], rows: [], tag: last.tag, notices: last.notices };
      case 'rows': {
        const fields = last.columns.map((c) => ({ name: c.name, type: c.type, nullable: true }));
        return { columns: last.columns, rows: last.rows.map((values) => rowObject<Row>(fields, values, options)), tag: null, notices: last.notices };
      }
      case 'stream': {
        const stream = new StatementSubscription<RowChange<Row>>(async () => last, options);
        return { columns: last.columns, rows: [], tag: null, notices: last.notices, stream };
      }
    }
  }

  /**
   * The rows of a query over tables and views (a snapshot read), as objects keyed by column
   * name. Throws `query-is-continuous` for a query over a source: use `subscribe` for those.
   */
  async query<Row = Record<string, unknown>>(text: string, options: ValueOptions = {}): Promise<Row[]> {
    const result = await this.sql<Row>(text, options);
    if (result.stream) {
      result.stream.cancel();
      throw new EngineError('query-is-continuous', 'the query reads a source, so its result never ends', 'user', {
        hint: 'use engine.subscribe(sql) to follow a continuous query, or read a materialized view over the source',
      });
    }
    return result.rows;
  }

  /**
   * Follows a continuous result: `SUBSCRIBE v`, a bare view or table name, or a SELECT over a
   * source. A view or table first yields its current rows as '+' changes, then every change,
   * as `{ op: '+' | '-', row }` with rows keyed by column name; with `{ arrow: true }`, one
   * `ArrowChanges` (a RecordBatch and its ops) per micro-batch. A SELECT over tables and views
   * only yields its rows and ends. Leaving the loop or `cancel()` stops the subscription.
   */
  subscribe<Row = Record<string, unknown>>(target: string, options?: SubscribeOptions & { arrow?: false }): Subscription<RowChange<Row>>;
  subscribe(target: string, options: SubscribeOptions & { arrow: true }): Subscription<ArrowChanges>;
  subscribe<Row>(target: string, options: SubscribeOptions = {}): Subscription<RowChange<Row>> | Subscription<ArrowChanges> {
    const text = /^\s*[A-Za-z_][\w.]*\s*$/.test(target) ? `SUBSCRIBE ${target.trim()}` : target;
    return new StatementSubscription<RowChange<Row>>(async () => {
      const results = await this.executeScript(text);
      if (results.length !== 1) throw new EngineError('invalid-argument', `subscribe takes one statement, got ${results.length}`);
      return results[0]!;
    }, options);
  }

  /**
   * Inserts rows into a table, as INSERT would (a primary key upserts). `rows`: objects keyed
   * by column name (a missing key is NULL) or an Arrow RecordBatch with columns named as the
   * table's. A row that does not fit is rejected with EngineError `invalid-row` naming the row,
   * column and reason, and nothing is inserted. Resolves with the number of rows.
   */
  async insert(table: string, rows: RowsInput): Promise<number> {
    this.checkOpen();
    return insertRows(this.ctx, table, rows);
  }

  /**
   * Pushes rows into a source created `WITH (connector = 'push')` — every pipeline reading it
   * gets them in its next micro-batch — or into a table (as `insert`). Rows are checked as for
   * `insert`. Resolves with the number of rows.
   */
  async push(target: string, rows: RowsInput): Promise<number> {
    this.checkOpen();
    return pushInto(this.ctx, target, rows);
  }

  /**
   * Registers a scalar function callable from SQL wherever a built-in is: `fn` gets one JS
   * value per argument (NULL arguments give NULL without a call unless `callOnNull`) and
   * returns a value of type `returns`. With `{ vectorized: true }` it is called once per batch
   * with one Arrow Vector per argument. Registering a name again replaces the function for
   * statements planned afterwards. Built-in names are refused (`function-already-exists`).
   */
  registerFunction(name: string, fn: ScalarFunction | VectorizedFunction, options: ScalarFunctionOptions): this {
    this.ctx.functions.addScalar(name, fn, options);
    return this;
  }

  /**
   * Registers an aggregate function (`init`, `add`, optional `retract`, `merge`, `result`);
   * its per-group state is checkpointed as JSON with the view.
   */
  registerAggregate<S, R>(name: string, spec: AggregateFunctionSpec<S, R>): this {
    this.ctx.functions.addAggregate(name, spec);
    return this;
  }

  /**
   * Registers a table function: one input row in, the values `fn` yields out, one row each.
   * Usable in a select list (`SELECT id, f(x) FROM t`) and in FROM (`FROM f('a b')`), like unnest.
   */
  registerTableFunction(name: string, fn: TableFunction, options: TableFunctionOptions): this {
    this.ctx.functions.addTable(name, fn, options);
    return this;
  }

  /**
   * Registers the function a `CREATE SINK ... WITH (connector = 'callback', callback = 'name')`
   * calls once per committed batch with the batch id and its changes (docs/embedding.md).
   */
  registerCallback<Row = Record<string, unknown>>(name: string, callback: BatchCallback<Row>): this {
    this.ctx.functions.addCallback(name, callback as BatchCallback);
    return this;
  }

  private checkOpen(): void {
    if (this.ctx.closed) throw new EngineError('engine-closed', 'the engine is closed');
  }
}
