/**
 * `PipelineCheckpointer`: the durability protocol of one pipeline over its checkpoint folder
 * (state/checkpoint-store.ts has the layout; the pipeline module comment has the order).
 *
 * - Every batch logs its intent (`offsets/<b>`), writes its output rows (`output/<b>.arrow`,
 *   when it has any), and, after its outputs committed, `commits/<b>`. A poll that found
 *   nothing to record is not a batch and logs nothing (pipeline.ts).
 * - Every `checkpoint_interval` batches (and always at the first batch, so a pipeline without
 *   a checkpoint has committed nothing anywhere and can start over) it writes the operators'
 *   state and the manifest, listing every file the checkpoint needs with its sha256.
 * - Checkpoint cost follows the change, not the total state. An operator with incremental
 *   snapshots (operators/state-changes.ts: hash aggregate, hash join, top-N) writes a full
 *   base, then per checkpoint one change file per changed table (upserted rows, removed
 *   keys), until a base is due again: every 10 checkpoints, or when the changes since the
 *   base pass half its size (operator-state-chain.ts). Other operators write their full
 *   tables every time.
 *   A materialized view's rows follow the same rule: a full base, then the batches' output
 *   files. The manifest always lists the checkpoint's own batch's output (a restart
 *   redelivers it when its commit is missing), also when the base was written at that batch.
 * - Restore loads the newest checkpoint whose manifest and files check out (an operator's
 *   base with its change files applied in order, then `open(restored)`), falling back to the
 *   previous one with a notice naming the bad file, or failing with `checkpoint-corrupt`.
 *   A crash after change files and before the manifest leaves no checkpoint: its folder is
 *   removed and the batch replayed.
 * - After a checkpoint commits, what no kept checkpoint (the newest two) and no dependent
 *   view (`outputsNeededAfter`) needs is pruned; an older checkpoint's folder keeps the bases
 *   and change files a kept manifest lists.
 */
import type { Schema } from '@sluice/sql';
import type { Delta } from '../delta.js';
import { concatDeltas } from '../arrow/concat.js';
import { EngineError } from '../errors.js';
import type { OperatorState } from '../operators/operator.js';
import {
  batchName, CheckpointStore, CorruptFileError, decodeNumber, encodeNumber, type FileEntry, type Manifest,
} from '../state/checkpoint-store.js';
import { decodeDelta, encodeDelta } from '../state/delta-ipc.js';
import type { ChangeFeed, FeedBatch } from './change-feed.js';
import { baseDue, OperatorStateChain } from './operator-state-chain.js';
import type { OperatorTree } from './operator-tree.js';
import type { BatchIntent, BatchOutput, Pipeline, PipelineDurability, RestoredRun } from './pipeline.js';
import type { RowStore } from './row-store.js';
import { operatorLabel } from './state-size.js';

/** Complete checkpoints kept on disk. */
const KEEP_CHECKPOINTS = 2;

export interface CheckpointerOptions {
  readonly pipelineName: string;
  readonly store: CheckpointStore;
  readonly tree: OperatorTree;
  readonly outputSchema: Schema;
  /** a materialized view's rows and feed; null for sinks */
  readonly view: { readonly store: RowStore; readonly feed: ChangeFeed } | null;
  readonly checkpointInterval: () => number;
  readonly notice: (message: string) => void;
  /** the lowest batch id of this pipeline's output a dependent may still read (Infinity: none) */
  readonly outputsNeededAfter: () => number;
  /** told the input positions of the oldest kept checkpoint (ingest logs drop what precedes them) */
  readonly release?: (positions: readonly unknown[]) => Promise<void>;
}

interface Loaded {
  readonly manifest: Manifest;
  readonly states: OperatorState[];
  readonly storeDeltas: Delta[];
  readonly output: Delta | null;
}

export class PipelineCheckpointer implements PipelineDurability {
  private kept: Manifest[] = [];
  /** output files since the store base (views) or the last checkpoint (sinks) */
  private outputFiles = new Map<number, FileEntry>();
  private baseEntry: FileEntry | null = null;
  private storeBase: number | null = null;
  private batchesSinceCheckpoint = 0;
  private checkpointsSinceBase = 0;
  private prunedThrough = 0;
  private checkpointedBatch: number | null = null;
  /** positions of the oldest kept checkpoint: what this pipeline may go back to */
  floorPositions: readonly unknown[] | null = null;
  private readonly operatorState: OperatorStateChain;

  constructor(private readonly options: CheckpointerOptions) {
    this.operatorState = new OperatorStateChain(options.store, () => options.tree.nodes.map((n) => n.operator));
  }

  get store(): CheckpointStore {
    return this.options.store;
  }

  async restore(_pipeline: Pipeline): Promise<RestoredRun> {
    const loaded = await this.loadNewest();
    const restoredBatch = loaded?.manifest.batch ?? 0;
    await this.store.removeAfter(restoredBatch);
    const view = this.options.view;
    if (!loaded) {
      // No checkpoint: nothing was committed anywhere (the first batch always checkpoints).
      await this.store.removeAll();
      if (view) view.feed.lastBatchId = 0;
      return { nextBatchId: 1, lastWatermarkUs: -Infinity, positions: undefined, replays: [], redeliver: null };
    }
    const { manifest } = loaded;
    this.options.tree.nodes.forEach((node, i) => node.operator.open(loaded.states[i]));
    this.operatorState.restored(manifest);
    if (view) {
      for (const delta of loaded.storeDeltas) view.store.apply(delta);
      view.feed.lastBatchId = restoredBatch;
    }
    this.kept = [manifest];
    this.storeBase = manifest.storeBase;
    this.prunedThrough = manifest.outputsPrunedThrough;
    this.floorPositions = manifest.positions;
    for (const [file, entry] of Object.entries(manifest.files)) {
      const m = /^output\/(base-)?(\d+)\.arrow$/.exec(file);
      if (!m) continue;
      if (m[1]) this.baseEntry = entry;
      else this.outputFiles.set(Number(m[2]), entry);
    }
    const replays = await this.loggedAfter(restoredBatch);
    const committed = await this.store.hasCommit(restoredBatch);
    const redeliver: BatchOutput | null = committed ? null : {
      batchId: restoredBatch, deltas: loaded.output ? [loaded.output] : [],
      watermarkUs: decodeNumber(manifest.lastWatermarkUs), final: false, redelivered: true,
    };
    return {
      nextBatchId: restoredBatch + 1, lastWatermarkUs: decodeNumber(manifest.lastWatermarkUs),
      positions: manifest.positions, replays, redeliver,
    };
  }

  /** Logged batches after `batch`, which must follow one another. */
  private async loggedAfter(batch: number): Promise<BatchIntent[]> {
    const intents: BatchIntent[] = [];
    let expected = batch + 1;
    for (const b of await this.store.batches('offsets')) {
      if (b <= batch) continue;
      if (b !== expected) throw this.corrupt(new CorruptFileError(this.store.path(`offsets/${expected}`), 'missing: the logged batches have a gap'));
      intents.push(await this.store.readOffsets<BatchIntent>(b).catch((e: unknown) => { throw this.corrupt(e); }));
      expected++;
    }
    return intents;
  }

  async logIntent(intent: BatchIntent): Promise<void> {
    await this.store.writeOffsets(intent.batch, intent);
  }

  async checkpoint(batch: BatchOutput, meta: { lastWatermarkUs: number; positions: readonly unknown[] }): Promise<void> {
    const b = batch.batchId;
    const rows = batch.deltas.filter((d) => d.length > 0);
    if (rows.length > 0) {
      const output = concatDeltas(rows);
      this.outputFiles.set(b, await this.store.write(this.store.outputFile(b), encodeDelta(output), false));
    }
    this.checkpointedBatch = null;
    this.batchesSinceCheckpoint++;
    const due = this.kept.length === 0 || this.batchesSinceCheckpoint >= this.options.checkpointInterval();
    if (!due) {
      if (rows.length > 0) await this.store.syncFolder('output');
      return;
    }
    const files: Record<string, FileEntry> = {};
    const operators = await this.operatorState.write(b, files);
    await this.writeViewRows(b, files);
    // The checkpoint's own batch: a restart before its commit hands these rows to the sinks
    // again. Listed for a view too when its base is written at this batch (the base already
    // holds the rows, so they are not applied twice: load() applies outputs after the base).
    if (this.outputFiles.has(b)) files[this.store.outputFile(b)] = this.outputFiles.get(b)!;
    await this.store.syncFolder('output').catch(() => undefined); // absent when no batch had output
    // the state folder exists only when an operator wrote a file (the manifest creates it otherwise)
    if (Object.keys(files).some((f) => f.startsWith(`state/${batchName(b)}/`))) await this.store.syncFolder(`state/${batchName(b)}`);
    const manifest: Manifest = {
      version: 1, batch: b, lastWatermarkUs: encodeNumber(meta.lastWatermarkUs), positions: meta.positions,
      operators: operators.entries, storeBase: this.storeBase, outputsPrunedThrough: this.prunedThrough, files,
    };
    await this.store.writeManifest(manifest);
    this.operatorState.durable(operators);
    this.kept = [manifest, ...this.kept].slice(0, KEEP_CHECKPOINTS);
    this.batchesSinceCheckpoint = 0;
    this.checkpointedBatch = b;
  }

  /** A view's rows: a new base when due (as for operator state), else the outputs since the base. */
  private async writeViewRows(b: number, files: Record<string, FileEntry>): Promise<void> {
    const view = this.options.view;
    if (!view) return;
    let outputBytes = 0;
    for (const [ob, entry] of this.outputFiles) if (this.storeBase !== null && ob > this.storeBase && ob <= b) outputBytes += entry.bytes;
    if (this.storeBase === null || baseDue(this.checkpointsSinceBase++, outputBytes, this.baseEntry?.bytes ?? 0)) {
      this.baseEntry = await this.store.write(this.store.baseFile(b), encodeDelta(view.store.snapshot()), false);
      this.storeBase = b;
      this.checkpointsSinceBase = 0;
    }
    files[this.store.baseFile(this.storeBase)] = this.baseEntry!;
    for (const [ob, entry] of this.outputFiles) if (ob > this.storeBase && ob <= b) files[this.store.outputFile(ob)] = entry;
  }

  async commit(batchId: number): Promise<void> {
    await this.store.writeCommit(batchId);
    if (this.checkpointedBatch !== batchId) return;
    this.checkpointedBatch = null;
    await this.prune();
  }

  private async prune(): Promise<void> {
    const oldest = this.kept[this.kept.length - 1]!;
    const through = Math.min(oldest.batch - 1, oldest.storeBase ?? Infinity, this.options.outputsNeededAfter());
    if (through > this.prunedThrough) this.prunedThrough = through;
    // older checkpoints' folders keep the operator bases and changes a kept checkpoint lists
    const keep = new Set(this.kept.flatMap((m) => Object.keys(m.files).filter((f) => f.startsWith('state/'))));
    await this.store.prune(oldest.batch, this.prunedThrough, oldest.storeBase, keep);
    for (const b of [...this.outputFiles.keys()]) if (b <= this.prunedThrough) this.outputFiles.delete(b);
    this.floorPositions = oldest.positions;
    await this.options.release?.(oldest.positions);
  }

  /** This pipeline's published batches after `afterBatchId`, for a dependent's restore. */
  async history(afterBatchId: number): Promise<FeedBatch[]> {
    if (afterBatchId < this.prunedThrough) {
      throw new EngineError('checkpoint-gap', `pipeline ${this.options.pipelineName}: a dependent needs its changes after batch ${afterBatchId}, but they were pruned through batch ${this.prunedThrough}`, 'internal');
    }
    const out: FeedBatch[] = [];
    for (const b of await this.store.batches('output')) {
      if (b <= afterBatchId) continue;
      const relative = this.store.outputFile(b);
      const entry = this.outputFiles.get(b);
      try {
        const bytes = entry ? await this.store.readVerified(relative, entry) : await this.store.readUnverified(relative);
        out.push({ batchId: b, deltas: [decodeDelta(bytes, this.options.outputSchema)], watermarkUs: null });
      } catch (e) {
        throw this.corrupt(e instanceof CorruptFileError ? e : new CorruptFileError(this.store.path(relative), (e as Error).message));
      }
    }
    return out;
  }

  /** The newest checkpoint that checks out; older ones on failure (with a notice); null if none exists. */
  private async loadNewest(): Promise<Loaded | null> {
    const candidates = (await this.store.batches('state')).reverse();
    let firstProblem: CorruptFileError | null = null;
    for (const b of candidates) {
      try {
        const manifest = await this.store.readManifest(b);
        if (!manifest) continue; // crashed while writing it: not a checkpoint
        const loaded = await this.load(manifest);
        if (firstProblem) {
          this.options.notice(`pipeline ${this.options.pipelineName}: a checkpoint is unusable (${firstProblem.message}); restored the earlier checkpoint of batch ${b}`);
        }
        return loaded;
      } catch (e) {
        if (!(e instanceof CorruptFileError)) throw e;
        firstProblem ??= e;
      }
    }
    if (firstProblem) throw this.corrupt(firstProblem);
    return null;
  }

  private async load(manifest: Manifest): Promise<Loaded> {
    const read = async (file: string, schema: Schema): Promise<Delta> => {
      const entry = manifest.files[file];
      if (!entry) throw new CorruptFileError(this.store.path(file), 'not listed in the manifest');
      const bytes = await this.store.readVerified(file, entry);
      try {
        return decodeDelta(bytes, schema);
      } catch (e) {
        throw new CorruptFileError(this.store.path(file), `not a readable Arrow file (${(e as Error).message})`);
      }
    };
    const nodes = this.options.tree.nodes;
    if (manifest.operators.length !== nodes.length) throw this.incompatible(manifest, `${manifest.operators.length} operators, the plan has ${nodes.length}`);
    for (let i = 0; i < nodes.length; i++) {
      const entry = manifest.operators[i]!;
      if (entry.label !== operatorLabel(i, nodes[i]!.operator)) throw this.incompatible(manifest, `operator ${entry.label} where the plan has ${operatorLabel(i, nodes[i]!.operator)}`);
    }
    const states = await this.operatorState.load(manifest, read);
    const schema = this.options.outputSchema;
    const storeDeltas: Delta[] = [];
    if (this.options.view && manifest.storeBase !== null) {
      storeDeltas.push(await read(this.store.baseFile(manifest.storeBase), schema));
      const outputs = Object.keys(manifest.files).map((f) => /^output\/(\d+)\.arrow$/.exec(f)).filter((m) => m !== null).map((m) => Number(m[1]));
      for (const b of outputs.sort((x, y) => x - y)) if (b > manifest.storeBase) storeDeltas.push(await read(this.store.outputFile(b), schema));
    }
    const outputFile = this.store.outputFile(manifest.batch);
    const output = manifest.files[outputFile] ? await read(outputFile, schema) : null;
    return { manifest, states, storeDeltas, output };
  }

  private corrupt(e: unknown): EngineError {
    if (e instanceof EngineError) return e;
    const file = e instanceof CorruptFileError ? e.file : 'a checkpoint file';
    return new EngineError('checkpoint-corrupt', `pipeline ${this.options.pipelineName}: no usable checkpoint: ${(e as Error).message}`, 'external', {
      operator: `pipeline ${this.options.pipelineName}`,
      hint: `restore ${file} from a backup; or DROP the object and create it again to rebuild it from its sources (sinks may then receive rows again)`,
      cause: e,
    });
  }

  private incompatible(manifest: Manifest, what: string): EngineError {
    return new EngineError('checkpoint-incompatible', `pipeline ${this.options.pipelineName}: the checkpoint of batch ${manifest.batch} has ${what}; it was written by a different query plan`, 'user', {
      hint: 'DROP the object and create it again to start from its sources',
    });
  }
}
