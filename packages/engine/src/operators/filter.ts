/**
 * `FilterOperator`: keeps the rows for which a predicate is true (NULL counts as false).
 * Stateless; ops pass through with their rows. With a `RowErrorRoute` (a source's `on_error`
 * of 'skip' or 'dead_letter'), rows a user function failed on are handed to it and dropped.
 */
import type { BoundExpr, Schema } from '@sluice/sql';
import type { Delta } from '../delta.js';
import { filterDelta } from '../arrow/filter.js';
import { compileExpr, evaluatePredicate, type CompiledExpr } from '../expr/compile-expr.js';
import { newEvalContext } from '../expr/eval-context.js';
import { RowErrors, type RowErrorRoute } from '../expr/row-errors.js';
import { newMetrics, type Operator, type OperatorState } from './operator.js';
import { timed } from './timed.js';

export class FilterOperator implements Operator {
  readonly name = 'Filter';
  readonly metrics = newMetrics();
  readonly outputSchema: Schema;
  /** rows whose predicate hit a problem (division by zero, failed cast) */
  problems = 0;
  private readonly predicate: CompiledExpr;

  constructor(inputSchema: Schema, predicate: BoundExpr, private readonly rowErrorRoute?: RowErrorRoute) {
    this.outputSchema = inputSchema;
    this.predicate = compileExpr(predicate, inputSchema);
  }

  open(_restored?: OperatorState): void {}

  push(delta: Delta, _input: number): Delta[] {
    this.metrics.rowsIn += delta.length;
    return timed(this.metrics, () => {
      const ctx = newEvalContext();
      if (this.rowErrorRoute) ctx.rowErrors = new RowErrors();
      const mask = evaluatePredicate(this.predicate, delta, ctx);
      this.problems += ctx.problems.count;
      if (ctx.rowErrors && ctx.rowErrors.size > 0) {
        this.problems += ctx.rowErrors.size;
        this.rowErrorRoute!.reject(delta, ctx.rowErrors.failures);
        for (const row of ctx.rowErrors.failures.keys()) mask[row] = 0;
      }
      return [filterDelta(delta, mask)];
    });
  }

  advanceWatermark(_watermarkUs: number): Delta[] {
    return [];
  }

  snapshot(): OperatorState {
    return {};
  }
}
