/**
 * What an expression sees besides its input rows.
 */
import type { RowErrors } from './row-errors.js';

/** Per-batch evaluation context, created by the operator that evaluates expressions. */
export interface EvalContext {
  /** processing time of the batch (µs since epoch): the value of now() and proctime() */
  processingTimeUs: number;
  /** rows whose value became NULL because of a division by zero, a failed cast, an overflow */
  problems: { count: number };
  /**
   * Set by an operator that routes rows a user function failed on (a source's `on_error`):
   * such rows are recorded here and become NULL instead of failing the batch (row-errors.ts)
   */
  rowErrors?: RowErrors;
}

/** A context for the current wall-clock time. */
export function newEvalContext(processingTimeUs = Date.now() * 1000): EvalContext {
  return { processingTimeUs, problems: { count: 0 } };
}
