/**
 * `ProjectOperator`: computes one output column per expression. Stateless; ops pass through.
 * A column reference reuses the input column without copying. With a `RowErrorRoute` (a
 * source's `on_error` of 'skip' or 'dead_letter'), rows a user function failed on are handed
 * to it and left out of the output.
 */
import type { BoundExpr, Schema } from '@sluice/sql';
import type { Delta } from '../delta.js';
import { compileExpr, type CompiledExpr } from '../expr/compile-expr.js';
import { filterDelta } from '../arrow/filter.js';
import { newEvalContext } from '../expr/eval-context.js';
import { RowErrors, type RowErrorRoute } from '../expr/row-errors.js';
import { newMetrics, type Operator, type OperatorState } from './operator.js';
import { timed } from './timed.js';

export class ProjectOperator implements Operator {
  readonly name = 'Project';
  readonly metrics = newMetrics();
  /** rows where an expression hit a problem (division by zero, failed cast) */
  problems = 0;
  private compiled: CompiledExpr[] | null = null;

  /**
   * `outputSchema` has one field per expression. Expressions compile once, against
   * `inputSchema` when given, else against the schema of the first delta pushed.
   */
  constructor(
    private readonly exprs: readonly BoundExpr[],
    readonly outputSchema: Schema,
    inputSchema?: Schema,
    private readonly rowErrorRoute?: RowErrorRoute,
  ) {
    if (inputSchema) this.compiled = exprs.map((e) => compileExpr(e, inputSchema));
  }

  open(_restored?: OperatorState): void {}

  push(delta: Delta, _input: number): Delta[] {
    this.metrics.rowsIn += delta.length;
    return timed(this.metrics, () => {
      const ctx = newEvalContext();
      this.compiled ??= this.exprs.map((e) => compileExpr(e, delta.schema));
      if (this.rowErrorRoute) ctx.rowErrors = new RowErrors();
      const columns = this.compiled.map((e) => e.evaluate(delta, ctx));
      this.problems += ctx.problems.count;
      const out: Delta = { schema: this.outputSchema, columns, length: delta.length, ops: delta.ops };
      if (!ctx.rowErrors || ctx.rowErrors.size === 0) return [out];
      this.problems += ctx.rowErrors.size;
      this.rowErrorRoute!.reject(delta, ctx.rowErrors.failures);
      return [filterDelta(out, ctx.rowErrors.keepMask(delta.length))];
    });
  }

  advanceWatermark(_watermarkUs: number): Delta[] {
    return [];
  }

  snapshot(): OperatorState {
    return {};
  }
}
