/**
 * `UnionOperator`: UNION ALL — every input's deltas pass through unchanged, relabelled with
 * the union's schema (the binder made every input's column types the union's). Stateless.
 */
import type { Schema } from '@sluice/sql';
import type { Delta } from '../delta.js';
import { newMetrics, type Operator, type OperatorState } from './operator.js';

export class UnionOperator implements Operator {
  readonly name = 'Union';
  readonly metrics = newMetrics();

  constructor(readonly outputSchema: Schema) {}

  open(_restored?: OperatorState): void {}

  push(delta: Delta, _input: number): Delta[] {
    this.metrics.rowsIn += delta.length;
    this.metrics.rowsOut += delta.length;
    return delta.length > 0 ? [{ ...delta, schema: this.outputSchema }] : [];
  }

  advanceWatermark(_watermarkUs: number): Delta[] {
    return [];
  }

  snapshot(): OperatorState {
    return {};
  }
}
