/**
 * `connector = 'callback'`: hands each committed batch of a view's (or query's) changes to a
 * function registered from code with `engine.registerCallback(name, fn)` — Spark's
 * foreachBatch. Option `callback` names the function.
 *
 * The runtime writes a batch and then commits it; the callback runs at commit, with the batch
 * id and the changes as objects keyed by column name, and the sink's batch is done when its
 * promise resolves (a rejection fails the sink). Batches without changes are not delivered.
 * A batch replayed after a crash arrives again with the same id (the sink's upstream replays
 * it), so a callback that is idempotent by batch id gives exactly-once effects.
 */
import type { Delta } from '../delta.js';
import { EngineError } from '../errors.js';
import type { SinkConnector, SinkContext, SinkWriter } from '../connectors/sink.js';
import type { BatchCallback, RowChange } from './function-types.js';
import { deltaToChanges } from './row-objects.js';

function callbackOf(ctx: SinkContext): BatchCallback {
  const name = ctx.options['callback'];
  if (!name) throw new EngineError('missing-option', `the callback sink needs callback = '<name>' (a function registered with engine.registerCallback)`);
  const callback = ctx.callback?.(name);
  if (!callback) {
    throw new EngineError('callback-not-found', `no callback named '${name}' is registered with this engine`, 'user', {
      hint: 'register it with engine.registerCallback(name, fn), or pass it to Sluice.open({ callbacks }) so a restored sink finds it',
    });
  }
  return callback;
}

/** The `callback` sink connector. */
export const callbackSinkConnector: SinkConnector = {
  name: 'callback',
  validate(ctx) {
    callbackOf(ctx);
  },
  createWriter(ctx) {
    return new CallbackSinkWriter(ctx.name, callbackOf(ctx));
  },
};

class CallbackSinkWriter implements SinkWriter {
  private pending = new Map<number, RowChange[]>();

  constructor(private readonly sink: string, private readonly callback: BatchCallback) {}

  async open(): Promise<void> {}

  async write(batchId: number, deltas: readonly Delta[]): Promise<void> {
    const changes = this.pending.get(batchId) ?? [];
    for (const delta of deltas) changes.push(...deltaToChanges<Record<string, unknown>>(delta));
    this.pending.set(batchId, changes);
  }

  async commit(batchId: number): Promise<void> {
    const changes = this.pending.get(batchId) ?? [];
    this.pending.delete(batchId);
    if (changes.length === 0) return;
    try {
      await this.callback(batchId, changes);
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      throw new EngineError('callback-failed', `the callback of sink ${this.sink} failed on batch ${batchId}: ${message}`, 'user', {
        operator: `sink ${this.sink}`, cause: error,
      });
    }
  }

  async close(): Promise<void> {
    this.pending.clear();
  }
}
