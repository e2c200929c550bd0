/**
 * Incremental operator checkpoints end to end through the checkpointer: an operator with
 * incremental snapshots (hash aggregate, hash join, top-N) fed inserts, updates and
 * retractions that delete whole keys, restarted from its checkpoints again and again (bases
 * and change files), must give, batch by batch, the output of a run that never stopped; a
 * crash after a change file and before its manifest loses nothing.
 */
import { readdir, readFile, rm, mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { field, inputRef, schemaOf, T, type AggregateCall, type LogicalPlan, type Schema, type SqlValue } from '@sluice/sql';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { deltaFromRows, deltaRows, type Delta, type Op } from '../delta.js';
import { HashAggregateOperator, type AggregateSpec } from '../operators/hash-aggregate.js';
import { HashJoinOperator, type HashJoinSpec } from '../operators/hash-join.js';
import type { Operator } from '../operators/operator.js';
import { TopNOperator, type TopNSpec } from '../operators/top-n.js';
import { CheckpointStore, type Manifest } from '../state/checkpoint-store.js';
import { decodeDelta } from '../state/delta-ipc.js';
import { rowKey } from './row-key.js';
import { OperatorTree } from './operator-tree.js';
import type { Pipeline } from './pipeline.js';
import { PipelineCheckpointer } from './pipeline-checkpointer.js';

/** One push of a batch: rows for one input of the operator. */
interface Push {
  readonly input: number;
  readonly delta: Delta;
}

/** An operator under test: its inputs, how to build it, and rows for each input. */
interface Case {
  readonly name: string;
  readonly inputs: readonly Schema[];
  readonly outputSchema: Schema;
  operator(): Operator;
  /** a random row of input `i` for batch `batch` */
  row(i: number, random: (n: number) => number, batch: number): SqlValue[];
  /** leading columns that make a key (a group, a partition, a join key) */
  readonly keyWidth: number;
  /** inserts only (the operator's inputs are append-only) */
  readonly appendOnly?: boolean;
  /** the watermark after batch `b`, when the operator evicts by it */
  readonly watermarkUs?: (batch: number) => number;
}

const aggInput = schemaOf([field('k', T.varchar), field('g', T.bigint), field('v', T.bigint)]);
const agg = (kind: AggregateCall['kind'], args: number[], distinct = false): AggregateCall => ({ kind, args, distinct, type: T.bigint });
const aggSpec: AggregateSpec = {
  groupKeys: [0, 1],
  // min under retractions and count(DISTINCT) keep value tables beside `groups`
  aggregates: [agg('count_star', []), agg('sum', [2]), agg('min', [2]), agg('count', [2], true)],
  emitOnWindowClose: false,
  schema: schemaOf([aggInput.fields[0]!, aggInput.fields[1]!, field('n', T.bigint), field('s', T.bigint), field('lo', T.bigint), field('d', T.bigint)]),
};
// NULL values leave some groups without values: their value-table rows must go too
const value = (random: (n: number) => number): SqlValue => (random(6) === 0 ? null : BigInt(random(20)));

const aggregateCase: Case = {
  name: 'hash aggregate', inputs: [aggInput], outputSchema: aggSpec.schema, keyWidth: 2,
  operator: () => new HashAggregateOperator(aggSpec, aggInput, false),
  row: (_, random) => [`key${random(60)}`, BigInt(random(3)), value(random)],
};

const joinLeft = schemaOf([field('id', T.int), field('v', T.varchar)]);
const joinRight = schemaOf([field('id', T.int), field('w', T.bigint)]);
const retracting = (schema: Schema): LogicalPlan => ({ kind: 'Values', rows: [], schema, props: { appendOnly: false, bounded: false, watermarkColumns: [] } });
const joinSpec: HashJoinSpec = {
  joinType: 'full', left: retracting(joinLeft), right: retracting(joinRight),
  keys: [{ left: inputRef(0, T.int), right: inputRef(0, T.int) }],
  schema: schemaOf([...joinLeft.fields, ...joinRight.fields].map((f) => field(f.name, f.type, true))),
};
const joinCase: Case = {
  // a full outer join: both sides count their matches, which change as the other side does
  name: 'hash join (full outer)', inputs: [joinLeft, joinRight], outputSchema: joinSpec.schema, keyWidth: 1,
  operator: () => new HashJoinOperator(joinSpec),
  row: (i, random) => (i === 0 ? [random(25), `v${random(4)}`] : [random(25), BigInt(random(4))]),
};

const topSchema = schemaOf([field('p', T.varchar), field('score', T.int), field('id', T.bigint)]);
const topSpec: TopNSpec = {
  partitionKeys: [0], orderBy: [{ column: 1, direction: 'DESC', nulls: 'FIRST' }], rank: 'row_number',
  offset: 0, limit: 3, rankColumn: false, emitOnWindowClose: false, schema: topSchema,
};
const topNCase: Case = {
  name: 'top-N', inputs: [topSchema], outputSchema: topSchema, keyWidth: 1,
  operator: () => new TopNOperator(topSpec, topSchema, false),
  row: (_, random) => [`p${random(30)}`, random(50), BigInt(random(1000))],
};

const SECOND = 1_000_000;
const timedSide = (name: string): Schema => schemaOf([field('id', T.int), field(`${name}_ts`, T.timestamp)]);
const appendOnly = (schema: Schema): LogicalPlan => ({ kind: 'Values', rows: [], schema, props: { appendOnly: true, bounded: false, watermarkColumns: [] } });
const intervalSpec: HashJoinSpec = {
  joinType: 'inner', left: appendOnly(timedSide('l')), right: appendOnly(timedSide('r')),
  keys: [{ left: inputRef(0, T.int), right: inputRef(0, T.int) }],
  schema: schemaOf([...timedSide('l').fields, ...timedSide('r').fields]),
};
// the watermark trails the batch's time by 2 s; rows older than 6 s behind it are evicted
const intervalJoinCase: Case = {
  name: 'interval join (append-only sides, evicting)', inputs: [timedSide('l'), timedSide('r')], outputSchema: intervalSpec.schema,
  keyWidth: 1, appendOnly: true,
  operator: () => new HashJoinOperator(intervalSpec, { left: { column: 1, offsetUs: -6 * SECOND }, right: { column: 1, offsetUs: -6 * SECOND } }),
  row: (_, random, batch) => [random(20), batch * SECOND + random(2 * SECOND)],
  watermarkUs: (batch) => batch * SECOND - 2 * SECOND,
};

/** A seeded workload: per batch and input, new rows, updates (a row retracted, another inserted) and keys deleted whole. */
function workload(c: Case, batches: number, seed: number): Push[][] {
  let state = seed;
  const random = (n: number): number => {
    state = (Math.imul(state, 1103515245) + 12345) >>> 0;
    return (state >>> 8) % n;
  };
  const live: SqlValue[][][] = c.inputs.map(() => []);
  const out: Push[][] = [];
  for (let b = 0; b < batches; b++) {
    const pushes: Push[] = [];
    c.inputs.forEach((schema, input) => {
      const rows: SqlValue[][] = [];
      const ops: Op[] = [];
      const own = live[input]!;
      const add = (row: SqlValue[]): void => { rows.push(row); ops.push(1); own.push(row); };
      const retract = (at: number): void => { rows.push(own[at]!); ops.push(-1); own.splice(at, 1); };
      for (let i = 0; i < 30; i++) add(c.row(input, random, b + 1));
      if (c.appendOnly) {
        pushes.push({ input, delta: deltaFromRows(schema, rows) });
        return;
      }
      for (let i = 0; i < 8 && own.length > 0; i++) {
        retract(random(own.length));
        add(c.row(input, random, b + 1));
      }
      // every row of one key goes: the key's state goes, and the change must say so
      if (own.length > 0) {
        const key = rowKey(own[random(own.length)]!.slice(0, c.keyWidth));
        for (let at = own.length - 1; at >= 0; at--) if (rowKey(own[at]!.slice(0, c.keyWidth)) === key) retract(at);
      }
      pushes.push({ input, delta: deltaFromRows(schema, rows, ops) });
    });
    out.push(pushes);
  }
  return out;
}

/** A delta's rows as sorted text, ops included (order within a batch is not part of the result). */
function rowsText(deltas: readonly Delta[]): string[] {
  return deltas.flatMap((d) => deltaRows(d).map((r) => `${r.op} ${rowKey(r.values)}`)).sort();
}

/** The operator's state as sorted text per table (without a join's row ids, which only name rows). */
function stateText(op: Operator): Record<string, string[]> {
  return Object.fromEntries(Object.entries(op.snapshot()).map(([name, d]) => {
    const keep = d.schema.fields.flatMap((f, c) => (f.name === 'row_id' ? [] : [c]));
    return [name, deltaRows(d).map((r) => rowKey(keep.map((c) => r.values[c]!))).sort()];
  }));
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
  readonly case: Case;
  readonly op: Operator;
  readonly tree: OperatorTree;
  readonly checkpointer: PipelineCheckpointer;
}

function newRun(c: Case, store: CheckpointStore, interval: number): Run {
  const op = c.operator();
  const node = { operator: op, parent: null, inputIndex: 0 };
  const leaves = c.inputs.map((schema, i) => ({ input: i, columns: null, schema, parent: node, inputIndex: i }));
  const tree = new OperatorTree(leaves, [node], c.outputSchema);
  const checkpointer = new PipelineCheckpointer({
    pipelineName: 'p', store, tree, outputSchema: c.outputSchema, view: null,
    checkpointInterval: () => interval, notice: () => {}, outputsNeededAfter: () => Infinity,
  });
  return { case: c, op, tree, checkpointer };
}

/** One batch through the durability protocol; returns its output. */
async function runBatch(run: Run, batch: number, pushes: readonly Push[], log: boolean): Promise<Delta[]> {
  if (log) await run.checkpointer.logIntent({ batch, inputs: [] });
  const out: Delta[] = [];
  for (const p of pushes) run.tree.pushInput(p.input, p.delta, out);
  if (run.case.watermarkUs) run.tree.advanceWatermark(run.case.watermarkUs(batch), out);
  await run.checkpointer.checkpoint({ batchId: batch, deltas: out, watermarkUs: null, final: false }, { lastWatermarkUs: -Infinity, positions: [batch] });
  await run.checkpointer.commit(batch);
  return out;
}

/** The uninterrupted run: each batch's output, and the final state. */
function reference(c: Case, batches: readonly Push[][]): { outputs: string[][]; state: Record<string, string[]> } {
  const op = c.operator();
  op.open();
  const outputs = batches.map((pushes, i) => rowsText([
    ...pushes.flatMap((p) => op.push(p.delta, p.input)),
    ...(c.watermarkUs ? op.advanceWatermark(c.watermarkUs(i + 1)) : []),
  ]));
  return { outputs, state: stateText(op) };
}

/** Opens a new run on the folder and runs what the restore hands back; returns the run and the next batch. */
async function restart(c: Case, store: CheckpointStore, interval: number, batches: readonly Push[][], expected: string[][]): Promise<{ run: Run; next: number }> {
  const run = newRun(c, store, interval);
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

/** Keys the newest change set removed (0 when the checkpoint wrote a base). */
async function removedKeys(folder: string, manifest: Manifest): Promise<number> {
  let removed = 0;
  for (const table of manifest.operators[0]!.changes?.at(-1)?.tables ?? []) {
    if (table.kind !== 'upsert') continue;
    const delta = decodeDelta(await readFile(join(folder, table.file)), table.schema);
    removed += deltaRows(delta).filter((r) => r.op === -1).length;
  }
  return removed;
}

describe.each([aggregateCase, joinCase, intervalJoinCase, topNCase])('incremental checkpoints of the $name', (c) => {
  let dir: string;
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'sluice-incremental-'));
  });
  afterEach(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it.each([1, 3])('restores from bases and change files to the output of a run that never stopped (checkpoint every %i batches)', async (interval) => {
    const batches = workload(c, 45, 11 + interval);
    const expected = reference(c, batches);
    const folder = join(dir, `interval-${interval}`);
    const store = new CheckpointStore(folder);
    let { run, next } = await restart(c, store, interval, batches, expected.outputs);
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
      if (batch % 4 !== 0) ({ run, next } = await restart(c, store, interval, batches, expected.outputs));
    }
    expect(stateText(run.op)).toEqual(expected.state);
    expect(changeSets, 'checkpoints wrote change sets over a base').toBeGreaterThan(1);
    expect(removals, 'change files removed the keys of deleted state').toBeGreaterThan(0);
    // pruning keeps what the two kept checkpoints list, and no more than one base's worth of folders
    expect((await readdir(join(folder, 'state'))).length).toBeLessThanOrEqual(11);
  });

  it('a crash after the change files and before the manifest restores the previous checkpoint and replays the batch', async () => {
    const batches = workload(c, 16, 5);
    const expected = reference(c, batches);
    const folder = join(dir, 'crash');
    const crashAt = 13;
    let run = newRun(c, new CrashingStore(folder, crashAt), 1);
    await run.checkpointer.restore(null as unknown as Pipeline);
    for (let batch = 1; batch < crashAt; batch++) await runBatch(run, batch, batches[batch - 1]!, true);
    await expect(runBatch(run, crashAt, batches[crashAt - 1]!, true)).rejects.toThrow('crash before the manifest');
    // the change files of the crashed checkpoint are on disk, its manifest is not
    const crashedFolder = join(folder, 'state', String(crashAt).padStart(10, '0'));
    const written = await readdir(crashedFolder, { recursive: true });
    expect(written.some((f) => f.endsWith('.changes.arrow'))).toBe(true);
    expect(written).not.toContain('manifest.json');

    const store = new CheckpointStore(folder);
    run = newRun(c, store, 1);
    const restored = await run.checkpointer.restore(null as unknown as Pipeline);
    expect(restored.nextBatchId).toBe(crashAt);
    expect(restored.replays.map((r) => r.batch)).toEqual([crashAt]);
    await expect(readdir(crashedFolder)).rejects.toThrow(/ENOENT/); // the incomplete checkpoint is gone
    expect(rowsText(await runBatch(run, crashAt, batches[crashAt - 1]!, false))).toEqual(expected.outputs[crashAt - 1]);
    for (let batch = crashAt + 1; batch <= batches.length; batch++) {
      expect(rowsText(await runBatch(run, batch, batches[batch - 1]!, true)), `batch ${batch}`).toEqual(expected.outputs[batch - 1]);
    }
    ({ run } = await restart(c, store, 1, batches, expected.outputs));
    expect(stateText(run.op)).toEqual(expected.state);
  });
});
