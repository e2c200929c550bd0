/**
 * The contract every incremental operator keeps (DESIGN §5).
 *
 * Lifecycle: `open` once (with restored state after a restart), then any sequence of `push`
 * and `advanceWatermark`, with `snapshot` between calls when the runtime checkpoints.
 * All methods are synchronous and run on the pipeline's thread; an operator never does I/O.
 *
 * - `push(delta, input)`: `input` is the index of the input (0 for single-input operators).
 *   Returns the output deltas this input causes, possibly none. Must handle retractions
 *   (ops of -1) unless the planner chose an append-only variant.
 * - `advanceWatermark(watermarkUs)`: the event-time watermark of the operator's input, in
 *   microseconds; it only grows. `Infinity` means the input has ended (a bounded source
 *   finished): every window closes. Returns what closes (EMIT ON WINDOW CLOSE output) and
 *   evicts state that can no longer change.
 * - `snapshot()`: the operator's state as named tables, for the checkpoint. It has no side
 *   effects (the runtime also snapshots to measure state size).
 * - `snapshotChanges()` / `snapshotDurable()` (optional, state-changes.ts): the operators
 *   with large state report what changed since the last durable snapshot, so a checkpoint
 *   writes the change; the others are written in full at every checkpoint.
 */
import type { Schema } from '@sluice/sql';
import type { Delta } from '../delta.js';
import type { OperatorChanges } from './state-changes.js';

export interface Operator {
  /** Short name for EXPLAIN ANALYZE and errors, e.g. `HashAggregate`. */
  readonly name: string;
  readonly outputSchema: Schema;
  readonly metrics: OperatorMetrics;
  open(restored?: OperatorState): void;
  push(delta: Delta, input: number): Delta[];
  advanceWatermark(watermarkUs: number): Delta[];
  snapshot(): OperatorState;
  /** Incremental snapshots (state-changes.ts): changes since the last durable snapshot; null: take `snapshot()`. */
  snapshotChanges?(): OperatorChanges | null;
  /** The last snapshot or change capture is durable (state-changes.ts). */
  snapshotDurable?(): void;
}

export interface OperatorMetrics {
  rowsIn: number;
  rowsOut: number;
  /** time spent inside push/advanceWatermark, milliseconds */
  busyMs: number;
  /** rows held in state (groups, pending windows) */
  stateRows: number;
  /** rows dropped because they arrived behind the watermark */
  lateRowsDropped: number;
}

export function newMetrics(): OperatorMetrics {
  return { rowsIn: 0, rowsOut: 0, busyMs: 0, stateRows: 0, lateRowsDropped: 0 };
}

/** Named state tables, each an Arrow-column delta (all inserts). Stateless operators: `{}`. */
export type OperatorState = Readonly<Record<string, Delta>>;
