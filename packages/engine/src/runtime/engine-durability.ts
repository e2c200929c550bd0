/**
 * What an engine with a data directory keeps on disk (DESIGN §6, docs/operations.md):
 *
 * ```
 * <dataDir>/catalog.json            every object's DDL, in creation order
 * <dataDir>/pipelines/<name>/...    a pipeline's checkpoints (state/checkpoint-store.ts)
 * <dataDir>/ingest/<object>/...     a table's changes and snapshots (table-log.ts), lines of a socket source
 * ```
 *
 * `EngineDurability` persists catalog changes, gives each pipeline its checkpointer, logs
 * and compacts table changes, and drives the restore: statements re-run from the catalog
 * with `restoring` set (nothing is written again, pipelines are not started), then every
 * pipeline starts in creation order, each from its checkpoint.
 */
import { join } from 'node:path';
import type { Schema, WatermarkSpec } from '@sluice/sql';
import type { Delta } from '../delta.js';
import { EngineError } from '../errors.js';
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
import { TableLog } from './table-log.js';
import { restoreMaxEventTime, tableMaxEventTimeUs } from './table-late-rows.js';
import { innerPosition } from './watermarked-input.js';

export class EngineDurability {
  /** true while the catalog is being re-created at open */
  restoring = false;
  private deferred: Pipeline[] = [];
  private readonly checkpointers = new Map<string, PipelineCheckpointer>();
  /** a table's changes re-applied from its ingest log at restore, for dependents that lag */
  private readonly retained = new Map<string, { afterSeq: number; batches: FeedBatch[] }>();
  private readonly tableLogs = new Map<string, TableLog>();
  /** the engine's pipelines and the object each input reads (known from the first `attach`) */
  private readers: { pipelines: () => readonly Pipeline[]; objectOf: (input: PipelineInput) => string | undefined } | null = null;

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
    this.tableLogs.delete(name.toLowerCase());
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
    this.readers ??= { pipelines: others, objectOf };
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
      const checkpointer = this.checkpointers.get(p.name.toLowerCase());
      if (!checkpointer) continue;
      // not restored yet (pipelines start one after another at open, and an upstream's first
      // batches may prune before a dependent has read its checkpoint), or before its first
      // checkpoint: it may still need any batch
      const positions = checkpointer.floorPositions;
      p.inputs.forEach((input, i) => {
        if (objectOf(input) !== object) return;
        if (!positions) floor = 0;
        else if (typeof positions[i] === 'number') floor = Math.min(floor, positions[i] as number);
      });
    }
    return floor;
  }

  /** Where a dependent restored at a position reads the batches of `object` it missed. */
  history(object: string): ChangeHistory {
    const name = object.toLowerCase();
    return async (after) => {
      const retained = this.retained.get(name);
      if (retained) {
        if (after < retained.afterSeq) {
          throw new EngineError('checkpoint-gap', `table ${object}: a dependent needs its changes after change ${after}, but its ingest log was compacted through change ${retained.afterSeq}`, 'internal');
        }
        return retained.batches.filter((b) => b.batchId > after);
      }
      const checkpointer = this.checkpointers.get(name);
      return checkpointer ? checkpointer.history(after) : [];
    };
  }

  /** The durable rows of `table`: its ingest log and snapshots. */
  private tableLog(table: string): TableLog {
    const name = table.toLowerCase();
    let log = this.tableLogs.get(name);
    if (!log) {
      log = new TableLog(join(this.dataDir, 'ingest', name), {
        table: name,
        compactionBytes: () => this.settings.ingestLogCompactionBytes,
        readersHave: () => this.readersHave(name),
        notice: this.notice,
      });
      this.tableLogs.set(name, log);
    }
    return log;
  }

  /**
   * The newest change of `table` that every durable pipeline reading it has read in its
   * oldest kept checkpoint (a restore goes back no further); Infinity when none reads it.
   */
  private readersHave(table: string): number {
    if (!this.readers) return Infinity;
    const { pipelines, objectOf } = this.readers;
    let have = Infinity;
    for (const p of pipelines()) {
      const checkpointer = this.checkpointers.get(p.name.toLowerCase());
      if (!checkpointer) continue;
      p.inputs.forEach((input, i) => {
        if (objectOf(input) !== table) return;
        // before its first checkpoint committed (or its restore), a pipeline may go back to any change
        const at = checkpointer.floorPositions ? innerPosition(checkpointer.floorPositions[i]) : 0;
        have = Math.min(have, typeof at === 'number' ? at : 0);
      });
    }
    return have;
  }

  /** Logs change `seq` of `table` before it is applied. */
  async logInsert(table: string, seq: number, delta: Delta): Promise<void> {
    await this.tableLog(table).append(seq, delta);
  }

  /** After change `seq` was applied and published: compacts the table's log when due. */
  async tableChanged(table: string, seq: number, store: RowStore, watermark: WatermarkSpec | undefined): Promise<void> {
    await this.tableLog(table).afterChange(seq, store, watermark ? tableMaxEventTimeUs(store, watermark.column) : -Infinity);
  }

  /** A follower of `table` failed to take change `seq`: its log keeps it for the next restart. */
  holdTableLog(table: string, seq: number): void {
    this.tableLog(table).hold(seq);
  }

  /**
   * Rebuilds a table from its snapshot and ingest log (restore), keeping each replayed
   * change's effect for dependents that must catch up, and its largest event time when it has
   * a watermark. Returns the last change's sequence number (0 when none).
   */
  async replayTable(table: string, schema: Schema, store: RowStore, feed: ChangeFeed, watermark?: WatermarkSpec): Promise<number> {
    const restored = await this.tableLog(table).restore(schema, store, watermark?.column ?? null);
    this.retained.set(table.toLowerCase(), { afterSeq: restored.baseSeq, batches: restored.batches });
    if (watermark) restoreMaxEventTime(store, restored.maxEventTimeUs);
    feed.lastBatchId = restored.lastSeq;
    return restored.lastSeq;
  }

  /** The changes a restored table replayed, for a sink FROM it that may have missed some. */
  retainedBatches(table: string): readonly FeedBatch[] {
    return this.retained.get(table.toLowerCase())?.batches ?? [];
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
