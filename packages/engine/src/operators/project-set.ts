/**
 * `ProjectSetOperator`: a projection with set-returning items. Each input row yields as many
 * rows as its longest set (PostgreSQL's semantics): shorter sets are padded with NULL, scalar
 * items and the row's op are repeated. A row whose sets are all empty yields nothing.
 */
import type * as arrow from 'apache-arrow';
import type { ProjectSetItem, Schema } from '@sluice/sql';
import type { Delta } from '../delta.js';
import { takeData } from '../arrow/take.js';
import { compileExpr, type CompiledExpr } from '../expr/compile-expr.js';
import { newEvalContext, type EvalContext } from '../expr/eval-context.js';
import { compileSetFunction, type CompiledSetFunction, type SetRuns } from '../expr/set-functions.js';
import { newMetrics, type Operator, type OperatorState } from './operator.js';
import { timed } from './timed.js';

type CompiledItem = { kind: 'scalar'; expr: CompiledExpr } | { kind: 'set'; fn: CompiledSetFunction };

export class ProjectSetOperator implements Operator {
  readonly name = 'ProjectSet';
  readonly metrics = newMetrics();
  /** rows where an expression hit a problem */
  problems = 0;
  private compiled: CompiledItem[] | null = null;

  /** One output field per item; compiles against `inputSchema` or the first delta's schema. */
  constructor(private readonly items: readonly ProjectSetItem[], readonly outputSchema: Schema, inputSchema?: Schema) {
    if (inputSchema) this.compiled = this.compile(inputSchema);
  }

  private compile(inputSchema: Schema): CompiledItem[] {
    return this.items.map((item, k) => item.kind === 'scalar'
      ? { kind: 'scalar', expr: compileExpr(item.expr, inputSchema) }
      : { kind: 'set', fn: compileSetFunction(item.fn, item.args, inputSchema, this.outputSchema.fields[k]!.type) });
  }

  open(_restored?: OperatorState): void {}

  push(delta: Delta, _input: number): Delta[] {
    this.metrics.rowsIn += delta.length;
    return timed(this.metrics, () => {
      this.compiled ??= this.compile(delta.schema);
      const ctx = newEvalContext();
      const out = this.expand(delta, this.compiled, ctx);
      this.problems += ctx.problems.count;
      return [out];
    });
  }

  private expand(delta: Delta, items: CompiledItem[], ctx: EvalContext): Delta {
    const n = delta.length;
    const runs = items.map((item) => (item.kind === 'set' ? item.fn.evaluate(delta, ctx) : null));
    const counts = new Int32Array(n);
    for (const r of runs) if (r) for (let i = 0; i < n; i++) counts[i] = Math.max(counts[i]!, r.lengths[i]!);
    let total = 0;
    for (let i = 0; i < n; i++) total += counts[i]!;
    const rowIndex = new Int32Array(total);
    for (let i = 0, at = 0; i < n; i++) for (let k = 0; k < counts[i]!; k++) rowIndex[at++] = i;
    const columns = items.map((item, c) => item.kind === 'scalar'
      ? takeData(item.expr.evaluate(delta, ctx), rowIndex)
      : takeData(runs[c]!.child, runIndices(runs[c]!, counts, total)));
    let ops: Int8Array | null = null;
    if (delta.ops) {
      ops = new Int8Array(total);
      for (let k = 0; k < total; k++) ops[k] = delta.ops[rowIndex[k]!]!;
    }
    return { schema: this.outputSchema, columns: columns as arrow.Data[], length: total, ops };
  }

  advanceWatermark(_watermarkUs: number): Delta[] {
    return [];
  }

  snapshot(): OperatorState {
    return {};
  }
}

/** For each output row, the position of its value in the run's child, or -1 (padding). */
function runIndices(runs: SetRuns, counts: Int32Array, total: number): Int32Array {
  const out = new Int32Array(total);
  for (let i = 0, at = 0; i < counts.length; i++) {
    for (let k = 0; k < counts[i]!; k++) out[at++] = k < runs.lengths[i]! ? runs.starts[i]! + k : -1;
  }
  return out;
}
