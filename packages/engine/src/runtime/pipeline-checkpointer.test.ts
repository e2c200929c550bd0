import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { field, schemaOf, T } from '@sluice/sql';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { deltaFromRows, deltaRows } from '../delta.js';
import { CheckpointStore } from '../state/checkpoint-store.js';
import { ChangeFeed } from './change-feed.js';
import { OperatorTree } from './operator-tree.js';
import type { Pipeline } from './pipeline.js';
import { PipelineCheckpointer } from './pipeline-checkpointer.js';
import { RowStore } from './row-store.js';

const schema = schemaOf([field('batch', T.bigint)]);

/** A checkpointer of a view without operators (its rows are what the batches output). */
function viewCheckpointer(folder: string, interval = 1): { checkpointer: PipelineCheckpointer; store: RowStore } {
  const store = new RowStore(schema);
  const checkpointer = new PipelineCheckpointer({
    pipelineName: 'v',
    store: new CheckpointStore(folder),
    tree: new OperatorTree([], [], schema),
    outputSchema: schema,
    view: { store, feed: new ChangeFeed() },
    checkpointInterval: () => interval,
    notice: () => {},
    outputsNeededAfter: () => Infinity,
  });
  return { checkpointer, store };
}

/** Runs batches 1..last through the protocol (one row each); the last one's commit is never logged. */
async function runUntilCrash(folder: string, last: number, interval: number): Promise<void> {
  const { checkpointer, store } = viewCheckpointer(folder, interval);
  await checkpointer.restore(null as unknown as Pipeline);
  for (let b = 1; b <= last; b++) {
    const output = deltaFromRows(schema, [[BigInt(b)]]);
    await checkpointer.logIntent({ batch: b, inputs: [] });
    store.apply(output);
    await checkpointer.checkpoint({ batchId: b, deltas: [output], watermarkUs: null, final: false }, {
      lastWatermarkUs: -Infinity, positions: [],
    });
    if (b < last) await checkpointer.commit(b); // the crash comes after the checkpoint of `last`, before its sinks commit
  }
}

describe('PipelineCheckpointer: a crash between a checkpoint and its commit', () => {
  let dir: string;
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'sluice-checkpointer-'));
  });
  afterEach(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  // Every batch a checkpoint, so that the crashed batch is once the one that writes a new base
  // of the view's rows (the 1st and the 11th, 21st... checkpoints).
  it('hands every crashed batch out again with its output rows, base checkpoints included', async () => {
    for (let last = 1; last <= 23; last++) {
      const folder = join(dir, `crash-${last}`);
      await runUntilCrash(folder, last, 1);
      const { checkpointer, store } = viewCheckpointer(folder);
      const restored = await checkpointer.restore(null as unknown as Pipeline);
      expect(restored.nextBatchId, `crash at ${last}`).toBe(last + 1);
      expect(restored.redeliver?.batchId, `crash at ${last}`).toBe(last);
      const redelivered = restored.redeliver!.deltas.flatMap((d) => deltaRows(d).map((r) => r.values));
      expect(redelivered, `crash at ${last}: the redelivered batch's rows`).toEqual([[BigInt(last)]]);
      expect(store.snapshotRows().length, `crash at ${last}: the view's rows`).toBe(last);
    }
  });

  it('replays the batches after the checkpoint when checkpoints are less frequent', async () => {
    for (let last = 1; last <= 12; last++) {
      const folder = join(dir, `interval-${last}`);
      await runUntilCrash(folder, last, 3);
      const { checkpointer } = viewCheckpointer(folder, 3);
      const restored = await checkpointer.restore(null as unknown as Pipeline);
      const handedOut = [...(restored.redeliver ? [restored.redeliver.batchId] : []), ...restored.replays.map((r) => r.batch)];
      expect(handedOut.at(-1), `crash at ${last}`).toBe(last);
      if (restored.redeliver && restored.redeliver.batchId === last) {
        expect(restored.redeliver.deltas.flatMap((d) => deltaRows(d).map((r) => r.values))).toEqual([[BigInt(last)]]);
      }
    }
  });
});
