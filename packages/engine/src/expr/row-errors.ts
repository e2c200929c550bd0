/**
 * Rows whose evaluation failed in a user function, collected instead of failing the batch.
 * An operator that routes failed rows by its source's `on_error` (skip, dead letter) puts a
 * `RowErrors` in the evaluation context; the user-function kernel records the rows it could
 * not compute there and gives NULL for them, and the operator then drops those rows. Without
 * one in the context, a throwing function fails the batch (`udf-failed`). Built-in functions
 * never look at it: their problems become NULLs (EvalContext.problems).
 */
import type { Delta } from '../delta.js';
import type { EngineError } from '../errors.js';

/** The failed rows of one evaluation: row index -> the first error of that row. */
export class RowErrors {
  readonly failures = new Map<number, EngineError>();

  /** Records that row `row` failed with `error` (the first error of a row is kept). */
  record(row: number, error: EngineError): void {
    if (!this.failures.has(row)) this.failures.set(row, error);
  }

  get size(): number {
    return this.failures.size;
  }

  /** A selection mask of `n` rows: 1 for rows that did not fail. */
  keepMask(n: number): Uint8Array {
    const mask = new Uint8Array(n).fill(1);
    for (const row of this.failures.keys()) mask[row] = 0;
    return mask;
  }
}

/**
 * Where an operator sends the rows a user function failed on: the `on_error` policy of the
 * source whose rows the operator evaluates ('skip' or 'dead_letter'; 'fail' has no route).
 * `reject` is told of one batch's failed rows (indexes into `delta`) before they are dropped;
 * it must not throw and does no I/O itself (dead letters are queued).
 */
export interface RowErrorRoute {
  readonly policy: 'skip' | 'dead_letter';
  reject(delta: Delta, failures: ReadonlyMap<number, EngineError>): void;
}
