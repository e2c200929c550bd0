/**
 * Incremental operator checkpoints end to end through the checkpointer: a hash aggregate fed
 * inserts, updates and retractions that delete whole groups, restarted from its checkpoints
 * again and again (bases and change files), must give, batch by batch, the output of a run
 * that never stopped; a crash after a change file and before its manifest loses nothing.
 */
import { readdir, readFile, rm, mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { field, schemaOf, T, type AggregateCall, type SqlValue } from '@sluice/sql';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { deltaFromRows, deltaRows, type Delta, type Op } from '../delta.js';
import { HashAggregateOperator, type AggregateSpec } from '../operators/hash-aggregate.js';
import { CheckpointStore, type Manifest } from '../state/checkpoint-store.js';
import { decodeDelta } from '../state/delta-ipc.js';
import { rowKey } from './row-key.js';
import { OperatorTree } from './operator-tree.js';
import type { Pipeline } from './pipeline.js';
import { PipelineCheckpointer } from './pipeline-checkpointer.js';

const input = schemaOf([field('k', T.varchar), field('g', T.bigint), field('v', T.bigint)]);
const agg = (kind: AggregateCall['kind'], args: number[], distinct = false): AggregateCall => ({ kind, args, distinct, type: T.bigint });
const spec: AggregateSpec = {
  groupKeys: [0, 1],
  // min under retractions and count(DISTINCT) keep value tables beside `groups`
  aggregates: [agg('count_star', []), agg('sum', [2]), agg('min', [2]), agg('count', [2], true)],
  emitOnWindowClose: false,
  schema: schemaOf([input.fields[0]!, input.fields[1]!, field('n', T.bigint), field('s', T.bigint), field('lo', T.bigint), field('d', T.bigint)]),
};

/** A seeded workload: per batch, new rows, updates (a row retracted, another inserted) and groups deleted whole. */
function workload(batches: number, seed: number): Delta[] {
  let state = seed;
  const random = (n: number): number => {
    state = (Math.imul(state, 1103515245) + 12345) >>> 0;
    return (state >>> 8) % n;
  };
  const live: SqlValue[][] = [];
  const out: Delta[] = [];
  for (let b = 0; b < batches; b++) {
    const rows: SqlValue[][] = [];
    const ops: Op[] = [];
    const add = (row: SqlValue[]): void => { rows.push(row); ops.push(1); live.push(row); };
    const retract = (at: number): void => { rows.push(live[at]!); ops.push(-1); live.splice(at, 1); };
    // NULL values leave some groups without values: their value-table rows must go too
    const value = (): SqlValue => (random(6) === 0 ? null : BigInt(random(20)));
    for (let i = 0; i < 40; i++) add([`key${random(60)}`, BigInt(random(3)), value()]);
    for (let i = 0; i < 10 && live.length > 0; i++) {
      retract(random(live.length));
      add([`key${random(60)}`, BigInt(random(3)), value()]);
    }
    // delete every row of one group: the group goes, its key must be removed from the state
    if (live.length > 0) {
      const [k, g] = live[random(live.length)]!;
      for (let at = live.length - 1; at >= 0; at--) if (live[at]![0] === k && live[at]![1] === g) retract(at);
    }
    out.push(deltaFromRows(input, rows, ops));
  }
  return out;
}

/** A delta's rows as sorted text, ops included (order within a batch is not part of the result). */
function rowsText(deltas: readonly Delta[]): string[] {
  return deltas.flatMap((d) => deltaRows(d).map((r) => `${r.op} ${rowKey(r.values)}`)).sort();
}

/** The operator's state as sorted text per table. */
function stateText(op: HashAggregateOperator): Record<string, string[]> {
  return Object.fromEntries(Object.entries(op.snapshot()).map(([name, d]) => [name, rowsText([d])]));
}

/** A store whose manifest write fails at one batch: the process "dies" there. */
class CrashingStore extends CheckpointStore {
  constructor(folder: string, private readonly crashAt: number) {
    super(folder);
  }

  override async writeManifest(manifest: Manifest): Promise<void> {
    if (manifest.batch === this.crashAt) throw new Error('crash before the manifest');
    await super.writeManifest(manifest);
  }
}

interface Run {
  readonly op: HashAggregateOperator;
  readonly tree: OperatorTree;
  readonly checkpointer: PipelineCheckpointer;
}

function newRun(store: CheckpointStore, interval: number): Run {
  const op = new HashAggregateOperator(spec, input, false);
  const node = { operator: op, parent: null, inputIndex: 0 };
  const tree = new OperatorTree([{ input: 0, columns: null, schema: input, parent: node, inputIndex: 0 }], [node], spec.schema);
  const checkpointer = new PipelineCheckpointer({
    pipelineName: 'p', store, tree, outputSchema: spec.schema, view: null,
    checkpointInterval: () => interval, notice: () => {}, outputsNeededAfter: () => Infinity,
  });
  return { op, tree, checkpointer };
}

/** One batch through the durability protocol; returns its output. */
async function runBatch(run: Run, batch: number, delta: Delta, log: boolean): Promise<Delta[]> {
  if (log) await run.checkpointer.logIntent({ batch, inputs: [] });
  const out: Delta[] = [];
  run.tree.pushInput(0, delta, out);
  await run.checkpointer.checkpoint({ batchId: batch, deltas: out, watermarkUs: null, final: false }, { lastWatermarkUs: -Infinity, positions: [batch] });
  await run.checkpointer.commit(batch);
  return out;
}

/** The uninterrupted run: each batch's output, and the final state. */
function reference(batches: readonly Delta[]): { outputs: string[][]; state: Record<string, string[]> } {
  const op = new HashAggregateOperator(spec, input, false);
  op.open();
  const outputs = batches.map((d) => rowsText(op.push(d, 0)));
  return { outputs, state: stateText(op) };
}

/** Opens a new run on the folder and runs what the restore hands back; returns the run and the next batch. */
async function restart(store: CheckpointStore, interval: number, batches: readonly Delta[], expected: string[][]): Promise<{ run: Run; next: number }> {
  const run = newRun(store, interval);
  const restored = await run.checkpointer.restore(null as unknown as Pipeline);
  if (restored.redeliver) expect(rowsText(restored.redeliver.deltas), `redelivered batch ${restored.redeliver.batchId}`).toEqual(expected[restored.redeliver.batchId - 1]);
  for (const replay of restored.replays) {
    expect(rowsText(await runBatch(run, replay.batch, batches[replay.batch - 1]!, false)), `replayed batch ${replay.batch}`).toEqual(expected[replay.batch - 1]);
  }
  return { run, next: restored.nextBatchId + restored.replays.length };
}

async function manifests(folder: string): Promise<Manifest[]> {
  const out: Manifest[] = [];
  for (const name of await readdir(join(folder, 'state'))) {
    const text = await readFile(join(folder, 'state', name, 'manifest.json'), 'utf8').catch(() => null);
    if (text) out.push(JSON.parse(text) as Manifest);
  }
  return out;
}

/** Keys the newest change set of `groups` removed (0 when the checkpoint wrote a base). */
async function removedKeys(folder: string, manifest: Manifest): Promise<number> {
  const table = manifest.operators[0]!.changes?.at(-1)?.tables.find((t) => t.name === 'groups');
  if (!table || table.kind !== 'upsert') return 0;
  const delta = decodeDelta(await readFile(join(folder, table.file)), table.schema);
  return deltaRows(delta).filter((r) => r.op === -1).length;
}

describe('incremental operator checkpoints', () => {
  let dir: string;
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'sluice-incremental-'));
  });
  afterEach(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  for (const interval of [1, 3]) {
    it(`restores from bases and change files to the uninterrupted run's output (checkpoint every ${interval} batches)`, async () => {
      const batches = workload(45, 11 + interval);
      const expected = reference(batches);
      const folder = join(dir, `interval-${interval}`);
      const store = new CheckpointStore(folder);
      let { run, next } = await restart(store, interval, batches, expected.outputs);
      let changeSets = 0;
      let removals = 0;
      while (next <= batches.length) {
        const batch = next++;
        expect(rowsText(await runBatch(run, batch, batches[batch - 1]!, true)), `batch ${batch}`).toEqual(expected.outputs[batch - 1]);
        const newest = (await manifests(folder)).find((m) => m.batch === batch);
        if (newest) {
          changeSets = Math.max(changeSets, newest.operators[0]!.changes?.length ?? 0);
          removals += await removedKeys(folder, newest);
        }
        // restart after most batches, at varying distances from the last base
        if (batch % 4 !== 0) ({ run, next } = await restart(store, interval, batches, expected.outputs));
      }
      expect(stateText(run.op)).toEqual(expected.state);
      expect(changeSets, 'checkpoints wrote change sets over a base').toBeGreaterThan(1);
      expect(removals, 'change files removed the keys of deleted groups').toBeGreaterThan(0);
      // pruning keeps what the two kept checkpoints list, and no more than one base's worth of folders
      expect((await readdir(join(folder, 'state'))).length).toBeLessThanOrEqual(11);
    });
  }

  it('a crash after the change files and before the manifest restores the previous checkpoint and replays the batch', async () => {
    const batches = workload(16, 5);
    const expected = reference(batches);
    const folder = join(dir, 'crash');
    const crashAt = 13;
    let run = newRun(new CrashingStore(folder, crashAt), 1);
    await run.checkpointer.restore(null as unknown as Pipeline);
    for (let batch = 1; batch < crashAt; batch++) await runBatch(run, batch, batches[batch - 1]!, true);
    await expect(runBatch(run, crashAt, batches[crashAt - 1]!, true)).rejects.toThrow('crash before the manifest');
    // the change files of the crashed checkpoint are on disk, its manifest is not
    const crashedFolder = join(folder, 'state', String(crashAt).padStart(10, '0'));
    const written = await readdir(crashedFolder, { recursive: true });
    expect(written.some((f) => f.endsWith('.changes.arrow'))).toBe(true);
    expect(written).not.toContain('manifest.json');

    const store = new CheckpointStore(folder);
    run = newRun(store, 1);
    const restored = await run.checkpointer.restore(null as unknown as Pipeline);
    expect(restored.nextBatchId).toBe(crashAt);
    expect(restored.replays.map((r) => r.batch)).toEqual([crashAt]);
    await expect(readdir(crashedFolder)).rejects.toThrow(/ENOENT/); // the incomplete checkpoint is gone
    expect(rowsText(await runBatch(run, crashAt, batches[crashAt - 1]!, false))).toEqual(expected.outputs[crashAt - 1]);
    for (let batch = crashAt + 1; batch <= batches.length; batch++) {
      expect(rowsText(await runBatch(run, batch, batches[batch - 1]!, true)), `batch ${batch}`).toEqual(expected.outputs[batch - 1]);
    }
    ({ run } = await restart(store, 1, batches, expected.outputs));
    expect(stateText(run.op)).toEqual(expected.state);
  });
});
