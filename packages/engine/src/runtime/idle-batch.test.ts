/**
 * A durable pipeline whose poll finds nothing (no rows, no position moved, the watermark where
 * it was) logs no intent, writes no checkpoint and no commit, and takes no batch id; a position
 * that moved without rows is still logged.
 */
import { field, schemaOf, T } from '@sluice/sql';
import { describe, expect, it } from 'vitest';
import { deltaFromRows, type Delta } from '../delta.js';
import { OperatorTree } from './operator-tree.js';
import { Pipeline, type BatchIntent, type PipelineDurability, type RestoredRun } from './pipeline.js';
import type { PipelineInput } from './pipeline-input.js';

const schema = schemaOf([field('n', T.bigint)]);

/** An input whose rows and position the test sets. */
class ScriptedInput implements PipelineInput {
  readonly description = 'scripted';
  readonly schema = schema;
  readonly ended = false;
  readonly caughtUp = true;
  readonly watermarkUs = null;
  offset = 0;
  pending: Delta | null = null;
  /** positions the next poll passes without rows */
  skipped = 0;
  async open(): Promise<void> {}
  async close(): Promise<void> {}
  async poll(): Promise<Delta | null> {
    const rows = this.pending;
    this.pending = null;
    if (rows) this.offset += rows.length;
    this.offset += this.skipped;
    this.skipped = 0;
    return rows;
  }
  position(): unknown {
    return { offset: this.offset };
  }
  async replay(): Promise<Delta | null> {
    return null;
  }
}

/** Records what the pipeline logs. */
class RecordingDurability implements PipelineDurability {
  readonly intents: BatchIntent[] = [];
  readonly checkpoints: number[] = [];
  readonly commits: number[] = [];
  async restore(): Promise<RestoredRun> {
    return { nextBatchId: 1, lastWatermarkUs: -Infinity, positions: undefined, replays: [], redeliver: null };
  }
  async logIntent(intent: BatchIntent): Promise<void> {
    this.intents.push(intent);
  }
  async checkpoint(batch: { batchId: number }): Promise<void> {
    this.checkpoints.push(batch.batchId);
  }
  async commit(batchId: number): Promise<void> {
    this.commits.push(batchId);
  }
}

describe('Pipeline: idle polls', () => {
  it('logs nothing for a poll that found nothing, and logs a position that moved without rows', async () => {
    const input = new ScriptedInput();
    const tree = new OperatorTree([{ input: 0, columns: null, schema, parent: null, inputIndex: 0 }], [], schema);
    const pipeline = new Pipeline('p', tree, [input], { intervalMs: () => 60_000, maxRowsPerBatch: 1000 });
    const durability = new RecordingDurability();
    pipeline.durability = durability;
    const written: number[] = [];
    pipeline.addOutput({ write: (b) => void written.push(b.batchId), close: () => {} });
    try {
      await pipeline.start();
      await pipeline.flush(); // the first batch always runs, even without rows
      expect(durability.intents.map((i) => i.batch)).toEqual([1]);

      for (let i = 0; i < 5; i++) await pipeline.flush(); // idle polls
      expect(durability.intents.map((i) => i.batch)).toEqual([1]);
      expect(durability.checkpoints).toEqual([1]);
      expect(durability.commits).toEqual([1]);
      expect(pipeline.lastBatchId).toBe(1);

      input.pending = deltaFromRows(schema, [[1n], [2n]]);
      await pipeline.flush();
      expect(durability.intents.map((i) => [i.batch, i.inputs[0]!.rows])).toEqual([[1, 0], [2, 2]]);

      // a broker offset that moved over a control record: no rows, but the position must be kept
      input.skipped = 1;
      await pipeline.flush();
      await pipeline.flush();
      expect(durability.intents.map((i) => i.batch)).toEqual([1, 2, 3]);
      expect(durability.intents[2]!.inputs[0]).toMatchObject({ start: { offset: 2 }, end: { offset: 3 }, rows: 0 });
      expect(durability.commits).toEqual([1, 2, 3]);
      expect(written).toEqual([1, 2, 3]);
      expect(pipeline.metrics.batches).toBe(3);
    } finally {
      await pipeline.stop();
    }
  });
});
