/**
 * RisingWave-style `SESSION(t, ts, gap)` names no partition. Sessions are then per GROUP BY
 * key of the aggregate above them (Flink's and most engines' reading): a user counting bids
 * per bidder per session means each bidder's own sessions, not sessions of all bids.
 */
import type { BoundExpr } from '../plan/bound-expr.js';
import type { LogicalPlan } from '../plan/logical-plan.js';
import { makeFilter, makeWindowTvf } from './plan-nodes.js';

/**
 * `input` with a session window whose partition was not written (directly below, or under
 * filters) partitioned by the plain-column group keys among `keys`. Keys are over `input`'s
 * columns; window bounds and the time column are not partition keys. Other inputs are
 * returned unchanged.
 */
export function inferSessionPartition(input: LogicalPlan, keys: readonly BoundExpr[]): LogicalPlan {
  switch (input.kind) {
    case 'Filter': {
      const child = inferSessionPartition(input.input, keys);
      return child === input.input ? input : makeFilter(child, input.predicate);
    }
    case 'WindowTvf': {
      const w = input.window;
      if (w.kind !== 'session' || !w.partitionInferred || w.partitionBy.length > 0) return input;
      const width = input.input.schema.fields.length;
      const partitionBy = [...new Set(keys.flatMap((k) => (k.kind === 'InputRef' && k.index < width && k.index !== input.timeColumn ? [k.index] : [])))];
      if (partitionBy.length === 0) return input;
      return makeWindowTvf(input.input, { ...w, partitionBy }, input.timeColumn);
    }
    default:
      return input;
  }
}
