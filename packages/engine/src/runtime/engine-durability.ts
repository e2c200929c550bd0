/**
 * What an engine with a data directory keeps on disk (DESIGN §6, docs/operations.md):
 *
 * ```
 * <dataDir>/catalog.json            every object's DDL, in creation order
 * <dataDir>/pipelines/<name>/...    a pipeline's checkpoints (state/checkpoint-store.ts)
 * <dataDir>/ingest/<object>/...     INSERTed rows of a table, lines of a socket source
 * ```
 *
 * `EngineDurability` persists catalog changes, gives each pipeline its checkpointer, logs
 * INSERTs, and drives the restore: statements re-run from the catalog with `restoring` set
 * (nothing is written again, pipelines are not started), then every pipeline starts in
 * creation order, each from its checkpoint.
 */
import { join } from 'node:path';
import type { Schema } from '@sluice/sql';
import type { Delta } from '../delta.js';
import { listFolder } from '../state/atomic-file.js';
import { CatalogFile } from '../state/catalog-file.js';
import { CheckpointStore } from '../state/checkpoint-store.js';
import { IngestLog } from '../state/ingest-log.js';
import type { ChangeFeed, FeedBatch } from './change-feed.js';
import type { Pipeline } from './pipeline.js';
import { PipelineCheckpointer } from './pipeline-checkpointer.js';
import { SourceInput, type ChangeHistory, type PipelineInput } from './pipeline-input.js';
import type { RowStore } from './row-store.js';
import type { Settings } from './settings.js';

export class EngineDurability {
  /** true while the catalog is being re-created at open */
  restoring = false;
  private deferred: Pipeline[] = [];
  private readonly checkpointers = new Map<string, PipelineCheckpointer>();
  /** a table's changes re-applied from its ingest log at restore, for dependents that lag */
  private readonly retained = new Map<string, FeedBatch[]>();

  private constructor(
    readonly dataDir: string,
    readonly catalog: CatalogFile,
    private readonly settings: Settings,
    private readonly notice: (message: string) => void,
  ) {}

  static async open(dataDir: string, settings: Settings, notice: (message: string) => void): Promise<EngineDurability> {
    return new EngineDurability(dataDir, await CatalogFile.load(dataDir), settings, notice);
  }

  checkpointStore(name: string): CheckpointStore {
    return new CheckpointStore(join(this.dataDir, 'pipelines', name.toLowerCase()));
  }

  ingestLog(name: string): IngestLog {
    return new IngestLog(join(this.dataDir, 'ingest', name.toLowerCase()));
  }

  /** Records a new object's DDL (not while restoring: it is already there). */
  async persist(name: string, kind: string, sql: string): Promise<void> {
    if (this.restoring) return;
    await this.catalog.add({ name, kind, sql });
  }

  /** Before creating `name` afresh: removes what a dropped object of that name may have left. */
  async clearLeftovers(name: string): Promise<void> {
    if (this.restoring) return;
    await this.checkpointStore(name).removeAll();
    await this.ingestLog(name).removeAll();
    // a push source's log per reading pipeline: ingest/<source>@<pipeline>
    const suffix = `@${name.toLowerCase()}`;
    for (const folder of await listFolder(join(this.dataDir, 'ingest'))) {
      if (folder.endsWith(suffix)) await this.ingestLog(folder).removeAll();
    }
  }

  /** Removes a dropped object's catalog entry, checkpoints and ingest log. */
  async forget(name: string): Promise<void> {
    await this.catalog.remove(name);
    this.checkpointers.delete(name.toLowerCase());
    await this.clearLeftovers(name);
  }

  /**
   * Makes `pipeline` durable when every input can replay; otherwise tells the user it is not
   * (a pipeline reading a push query's input, say) and leaves it in memory.
   */
  attach(
    pipeline: Pipeline,
    view: { store: RowStore; feed: ChangeFeed } | null,
    others: () => readonly Pipeline[],
    objectOf: (input: PipelineInput) => string | undefined,
  ): void {
    // a push source becomes replayable through an ingest log of its own per reading pipeline
    for (const input of pipeline.inputs) {
      if (input instanceof SourceInput) input.logTo(this.ingestLog(`${objectOf(input) ?? input.description}@${pipeline.name.toLowerCase()}`));
    }
    const missing = pipeline.inputs.find((i) => !i.position || !i.replay || (i as { replayable?: boolean }).replayable === false);
    if (missing) {
      this.notice(`${pipeline.name}: ${missing.description} cannot be replayed, so this pipeline is not checkpointed; after a restart it starts over`);
      return;
    }
    const name = pipeline.name.toLowerCase();
    const checkpointer = new PipelineCheckpointer({
      pipelineName: pipeline.name,
      store: this.checkpointStore(name),
      tree: pipeline.tree,
      outputSchema: pipeline.outputSchema,
      view,
      checkpointInterval: () => this.settings.checkpointInterval,
      notice: this.notice,
      outputsNeededAfter: () => this.outputsNeededAfter(name, others(), objectOf),
      release: async (positions) => {
        for (let i = 0; i < pipeline.inputs.length; i++) await pipeline.inputs[i]!.release?.(positions[i]);
      },
    });
    pipeline.durability = checkpointer;
    this.checkpointers.set(name, checkpointer);
  }

  /** The lowest batch of `object` a dependent pipeline may still have to read again. */
  private outputsNeededAfter(object: string, pipelines: readonly Pipeline[], objectOf: (input: PipelineInput) => string | undefined): number {
    let floor = Infinity;
    for (const p of pipelines) {
      const positions = this.checkpointers.get(p.name.toLowerCase())?.floorPositions;
      if (!positions) continue;
      p.inputs.forEach((input, i) => {
        if (objectOf(input) === object && typeof positions[i] === 'number') floor = Math.min(floor, positions[i] as number);
      });
    }
    return floor;
  }

  /** Where a dependent restored at a position reads the batches of `object` it missed. */
  history(object: string): ChangeHistory {
    const name = object.toLowerCase();
    return async (after) => {
      const retained = this.retained.get(name);
      if (retained) return retained.filter((b) => b.batchId > after);
      const checkpointer = this.checkpointers.get(name);
      return checkpointer ? checkpointer.history(after) : [];
    };
  }

  /** Logs an INSERT's rows as batch `seq` of `table` before they are applied. */
  async logInsert(table: string, seq: number, delta: Delta): Promise<void> {
    await this.ingestLog(table).append(seq, delta);
  }

  /**
   * Rebuilds a table from its ingest log (restore), keeping each batch's effective change for
   * dependents that must catch up. Returns the last sequence number (0 when empty).
   */
  async replayTable(table: string, schema: Schema, store: RowStore, feed: ChangeFeed): Promise<number> {
    const batches: FeedBatch[] = [];
    let last = 0;
    for (const { seq, delta } of await this.ingestLog(table).readAll(schema)) {
      const change = store.apply(delta);
      if (change.length > 0) batches.push({ batchId: seq, deltas: [change], watermarkUs: null });
      last = seq;
    }
    this.retained.set(table.toLowerCase(), batches);
    feed.lastBatchId = last;
    return last;
  }

  /** The batches a restored table replayed, for a sink FROM it that may have missed some. */
  retainedBatches(table: string): readonly FeedBatch[] {
    return this.retained.get(table.toLowerCase()) ?? [];
  }

  /** Starts `pipeline` now, or after the restore when one is running. */
  async start(pipeline: Pipeline): Promise<void> {
    if (this.restoring) this.deferred.push(pipeline);
    else await pipeline.start();
  }

  /** Ends the restore: starts every pipeline in creation order; a failure fails that pipeline only. */
  async finishRestore(): Promise<void> {
    this.restoring = false;
    const pipelines = this.deferred;
    this.deferred = [];
    for (const pipeline of pipelines) {
      try {
        await pipeline.start();
      } catch (error) {
        this.notice(`${pipeline.name} could not be restored: ${(error as Error).message}`);
        await pipeline.fail(error);
      }
    }
    this.retained.clear();
  }
}
