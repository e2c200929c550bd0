/**
 * Sink connectors: where a view's or query's changes go.
 *
 * The runtime calls `write(batchId, deltas)` once per micro-batch with the changes that batch
 * produced (possibly none), then `commit(batchId)`. A sink makes the batch visible at commit,
 * not before, where the target allows it (file sink: part file renamed on commit).
 */
import type { Options, Schema } from '@sluice/sql';
import type { Delta } from '../delta.js';
import type { BatchCallback } from '../embedding/function-types.js';

export interface SinkWriter {
  open(): Promise<void>;
  write(batchId: number, deltas: readonly Delta[]): Promise<void>;
  commit(batchId: number): Promise<void>;
  close(): Promise<void>;
}

export interface SinkContext {
  readonly name: string;
  readonly schema: Schema;
  readonly options: Options;
  readonly format: { readonly format: string; readonly encode: string; readonly options: Options };
  /**
   * true when the sink is re-created from the catalog after a restart (its target keeps its
   * progress), false when a statement creates it (a target's leftover progress is reset)
   */
  readonly restored?: boolean;
  /** reports a condition the user should know about (a retried connection), one line */
  readonly notice?: (message: string) => void;
  /** the engine's batch callback registered under `name` (the `callback` sink), if any */
  readonly callback?: (name: string) => BatchCallback | undefined;
}

export interface SinkConnector {
  readonly name: string;
  validate(ctx: SinkContext): void;
  createWriter(ctx: SinkContext): SinkWriter;
}
