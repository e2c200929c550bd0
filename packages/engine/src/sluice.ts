/**
 * `Sluice`: an engine instance — the catalog, the running pipelines, and statement execution.
 * This is the engine's front door for the CLI, the server and embedding programs.
 */
import { mkdir } from 'node:fs/promises';
import { parse, SqlError, type Statement } from '@sluice/sql';
import { EngineError } from './errors.js';
import type { StatementResult } from './results.js';
import { EngineContext } from './runtime/engine-context.js';
import { EngineDurability } from './runtime/engine-durability.js';
import { SourceInput } from './runtime/pipeline-input.js';
import { applySetting, defaultSettings } from './runtime/settings.js';
import { createMaterializedView, createSink, createSource, createTable, createView } from './runtime/statements/create-object.js';
import { dropObject } from './runtime/statements/drop-object.js';
import { describe, explain, show } from './runtime/statements/introspect.js';
import { deleteRows, updateRows } from './runtime/statements/modify-table.js';
import { insert, runQuery, subscribe } from './runtime/statements/run-query.js';
import { EmbeddedApi } from './embedding/embedded-api.js';
import { registerDefinition, registerEmbeddingConnectors } from './embedding/register.js';
import type { BatchCallback, FunctionDefinition } from './embedding/function-types.js';

export interface SluiceOptions {
  /**
   * where the catalog, checkpoints and ingest logs live (docs/operations.md); omitted: in
   * memory. Opening a folder that holds a catalog restores every object, and every pipeline
   * continues from its checkpoint.
   */
  readonly dataDir?: string;
  /** default micro-batch interval; `SET batch_interval` changes it */
  readonly batchIntervalMs?: number;
  /** receives notices and input problems (bad rows), one line each */
  readonly onNotice?: (message: string) => void;
  /**
   * called after each micro-batch of a view's or sink's pipeline has gone through (with a
   * data directory: after its commit was logged), with the pipeline's name, the batch id and
   * whether it was the pipeline's last (its inputs ended)
   */
  readonly onBatch?: (pipeline: string, batchId: number, final: boolean) => void;
  /**
   * user-defined functions registered before the data directory's catalog is restored, so a
   * restored view that calls them starts (docs/embedding.md, "Restarts")
   */
  readonly functions?: readonly FunctionDefinition[];
  /** batch callbacks (for `connector = 'callback'` sinks) registered before the catalog is restored */
  readonly callbacks?: Readonly<Record<string, BatchCallback>>;
}

/**
 * An engine instance. Embedding programs use the methods of `EmbeddedApi` (sql, query,
 * insert, push, subscribe, registerFunction, ...: docs/embedding.md); the CLI and the server
 * use `execute` / `executeScript`.
 */
export class Sluice extends EmbeddedApi {
  protected readonly ctx: EngineContext;
  private closed = false;

  private constructor(readonly options: SluiceOptions) {
    super();
    const notify = options.onNotice ?? (() => {});
    this.ctx = new EngineContext(defaultSettings(options.batchIntervalMs), notify);
    this.ctx.onBatch = options.onBatch ?? null;
    registerEmbeddingConnectors();
    for (const definition of options.functions ?? []) registerDefinition(this.ctx.functions, definition);
    for (const [name, callback] of Object.entries(options.callbacks ?? {})) this.ctx.functions.addCallback(name, callback);
  }

  /** Opens an engine; with `dataDir`, restores what the folder holds (see `SluiceOptions.dataDir`). */
  static async open(options: SluiceOptions = {}): Promise<Sluice> {
    const engine = new Sluice(options);
    if (options.dataDir) {
      await mkdir(options.dataDir, { recursive: true });
      engine.ctx.durability = await EngineDurability.open(options.dataDir, engine.ctx.settings, engine.ctx.notice);
      await engine.restore();
    }
    return engine;
  }

  /**
   * Re-runs the catalog's DDL in order (nothing is written again while `restoring`), then
   * starts every pipeline from its checkpoint. An object that cannot be restored is reported
   * as a notice and left out; its catalog entry stays, so a later open tries again.
   */
  private async restore(): Promise<void> {
    const durability = this.ctx.durability!;
    const entries = durability.catalog.list();
    if (entries.length === 0) return;
    durability.restoring = true;
    try {
      for (const entry of entries) {
        try {
          for (const statement of parse(entry.sql)) await this.execute(statement);
        } catch (error) {
          const code = error instanceof SqlError || error instanceof EngineError ? `${error.code}: ` : '';
          this.ctx.notice(`could not restore ${entry.kind.replace('-', ' ')} "${entry.name}": ${code}${error instanceof Error ? error.message : String(error)}`);
        }
      }
    } finally {
      await durability.finishRestore();
    }
  }

  /** Parses and runs every statement of `text`, in order, returning one result per statement. */
  async executeScript(text: string): Promise<StatementResult[]> {
    const results: StatementResult[] = [];
    for (const statement of parse(text)) results.push(await this.execute(statement));
    return results;
  }

  /** Runs one parsed statement. User errors are SqlError or EngineError. */
  async execute(statement: Statement): Promise<StatementResult> {
    if (this.closed) throw new EngineError('engine-closed', 'the engine is closed');
    const ctx = this.ctx;
    switch (statement.kind) {
      case 'CreateSource': return createSource(ctx, statement);
      case 'CreateTable': return createTable(ctx, statement);
      case 'CreateMaterializedView': return createMaterializedView(ctx, statement);
      case 'CreateView': return createView(ctx, statement);
      case 'CreateSink': return createSink(ctx, statement);
      case 'Insert': return insert(ctx, statement);
      case 'Delete': return deleteRows(ctx, statement);
      case 'Update': return updateRows(ctx, statement);
      case 'Drop': return dropObject(ctx, statement);
      case 'Show': return show(ctx, statement);
      case 'Describe': return describe(ctx, statement);
      case 'Explain': return explain(ctx, statement);
      case 'Query': return runQuery(ctx, statement);
      case 'Subscribe': return subscribe(ctx, statement);
      case 'Flush':
        await this.flush();
        return { kind: 'command', tag: 'FLUSH', notices: [] };
      case 'Set':
        applySetting(ctx.settings, statement.name, statement.value);
        return { kind: 'command', tag: 'SET', notices: [] };
      default: {
        const unknown: never = statement;
        throw new SqlError('unsupported-statement', `unsupported statement ${(unknown as Statement).kind}`);
      }
    }
  }

  /** Waits until all input that has arrived (for bounded sources: all of it) went through every pipeline. */
  async flush(): Promise<void> {
    // Creation order: a view's upstream pipelines flush before it, so their output is in its inputs.
    for (const pipeline of [...this.ctx.pipelines]) await pipeline.flush();
  }

  /**
   * Resolves when every pipeline over bounded input has finished and every other pipeline has
   * caught up. Never resolves while an unbounded source feeds a pipeline (see `hasUnboundedWork`).
   */
  async whenFinished(): Promise<void> {
    for (const pipeline of [...this.ctx.pipelines]) {
      // A pipeline that also follows a table or view (a join) never ends by itself; a flush
      // takes its bounded sources to their end, after which it has caught up.
      const sources = pipeline.inputs.filter((i) => i instanceof SourceInput).length;
      if (sources > 0 && sources === pipeline.inputs.length) await pipeline.whenFinished();
      else await pipeline.flush();
    }
  }

  /** true while a pipeline reads a source that does not end by itself */
  hasUnboundedWork(): boolean {
    return this.ctx.pipelines.some((p) => p.status === 'running' && p.inputs.some((i) => i instanceof SourceInput && !i.bounded));
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    this.ctx.closed = true;
    // No pipeline starts another batch while the others are being stopped.
    for (const pipeline of this.ctx.pipelines) pipeline.halt();
    for (const pipeline of [...this.ctx.pipelines].reverse()) await pipeline.stop();
    for (const runtime of this.ctx.runtimes.values()) {
      if (runtime.kind === 'sink' && !runtime.pipeline) {
        runtime.detach?.();
        await runtime.writer.close();
      }
    }
  }
}
