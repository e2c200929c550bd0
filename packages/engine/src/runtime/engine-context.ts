/**
 * The engine's shared state, passed to statement handlers: the catalog, what runs for each
 * object, settings, and the helpers every handler needs (building pipelines, notices).
 */
import { children } from '@sluice/sql/internal';
import { Catalog, SqlError, type CatalogObject, type LogicalPlan, type Scan, type Statement } from '@sluice/sql';
import { EngineError } from '../errors.js';
import type { ObjectRuntime } from './object-runtime.js';
import { Pipeline } from './pipeline.js';
import { SourceInput, StaticInput, StoreInput, type ChangeHistory, type PipelineInput } from './pipeline-input.js';
import type { ChangeFeed } from './change-feed.js';
import type { EngineDurability } from './engine-durability.js';
import type { RowStore } from './row-store.js';
import { planPhysical } from './physical-planner.js';
import { WatermarkedInput } from './watermarked-input.js';
import { udfRowErrorRoute } from './udf-row-errors.js';
import { UserFunctionRegistry, withEngineFunctions } from '../embedding/user-function-registry.js';
import type { Settings } from './settings.js';
import { SystemCatalog, withSystemCatalog } from '../system-catalog/system-catalog.js';

export class EngineContext {
  readonly catalog = new Catalog();
  /** pg_catalog and information_schema, computed from `catalog` when read */
  readonly system = new SystemCatalog(() => this.catalog.list());
  /** user-defined functions and batch callbacks registered from code (docs/embedding.md) */
  readonly functions = new UserFunctionRegistry();
  readonly runtimes = new Map<string, ObjectRuntime>();
  /** every running pipeline, in creation order (a view's inputs come before it) */
  readonly pipelines: Pipeline[] = [];
  /** object name -> names of the objects it reads */
  readonly dependencies = new Map<string, readonly string[]>();
  /** set when the engine has a data directory */
  durability: EngineDurability | null = null;
  /** set by Sluice.close: no pipeline may start any more */
  closed = false;
  /** told after each batch of a continuous pipeline (SluiceOptions.onBatch) */
  onBatch: ((pipeline: string, batchId: number, final: boolean) => void) | null = null;

  constructor(
    readonly settings: Settings,
    readonly notice: (message: string) => void,
  ) {
    this.catalog.functions = this.functions;
    this.catalog.system = this.system;
  }

  runtime(name: string): ObjectRuntime | undefined {
    return this.runtimes.get(name.toLowerCase());
  }

  /** Throws `object-already-exists` unless IF NOT EXISTS; returns true when creation should be skipped. */
  checkNew(name: string, ifNotExists: boolean, statement: Statement): boolean {
    const existing = this.catalog.get(name);
    if (!existing) return false;
    if (ifNotExists) {
      this.notice(`${existing.kind.replace('-', ' ')} "${name}" already exists, skipping`);
      return true;
    }
    throw new SqlError('object-already-exists', `${existing.kind.replace('-', ' ')} "${name}" already exists`, statement.pos);
  }

  /**
   * Builds a pipeline for `plan`. `snapshot` reads tables and views once (a one-shot query);
   * otherwise scans follow their changes and sources are read live.
   */
  buildPipeline(name: string, plan: LogicalPlan, snapshot: boolean): Pipeline {
    let pipeline: Pipeline | null = null;
    // operators compile calls of user functions now, from this engine's registry
    const physical = withSystemCatalog(this.system, () => withEngineFunctions(this.functions, () => planPhysical(
      plan,
      (scan) => this.inputFor(scan, snapshot, () => pipeline?.wake()),
      // rows a user function fails on follow their source's on_error
      (scan) => udfRowErrorRoute(this, name, scan),
    )));
    pipeline = new Pipeline(name, physical.tree, physical.inputs, {
      intervalMs: () => (snapshot ? 0 : this.settings.batchIntervalMs),
      maxRowsPerBatch: this.settings.maxRowsPerBatch,
      stateMemoryLimitBytes: () => this.settings.stateMemoryLimitBytes,
      ...(snapshot || !this.onBatch ? {} : { onBatch: this.onBatch }),
      // a one-shot query reports its failure to its caller; a continuous one may have none
      ...(snapshot ? {} : { onFailure: (pipeline: string, error: unknown) => this.notice(`pipeline ${pipeline} stopped: ${describeFailure(error)}`) }),
    });
    return pipeline;
  }

  /** Checkpoints `pipeline` when the engine has a data directory; `view` is a view's rows and feed. */
  makeDurable(pipeline: Pipeline, view: { store: RowStore; feed: ChangeFeed } | null): void {
    this.durability?.attach(pipeline, view, () => this.pipelines, (input) => this.inputObjects.get(input));
  }

  /** Starts a pipeline of a new object (after a restore's catalog replay, when one is running). */
  async startPipeline(pipeline: Pipeline): Promise<void> {
    // a statement still running when the engine closed must not leave a pipeline behind
    if (this.closed) throw new EngineError('engine-closed', 'the engine is closed');
    if (this.durability) await this.durability.start(pipeline);
    else await pipeline.start();
  }

  /**
   * Runs `body` (logging and applying an INSERT) after the previous one into the same table
   * has finished, so the ingest log's order is the order rows were applied in.
   */
  ingest(table: string, body: () => Promise<void>): Promise<void> {
    const key = table.toLowerCase();
    const previous = this.ingestChains.get(key) ?? Promise.resolve();
    const next = previous.then(body, body);
    this.ingestChains.set(key, next.catch(() => undefined));
    return next;
  }

  private readonly ingestChains = new Map<string, Promise<void>>();

  /** Names of the catalog objects a plan scans. */
  scannedObjects(plan: LogicalPlan): string[] {
    const names = new Set<string>();
    const walk = (p: LogicalPlan): void => {
      if (p.kind === 'Scan') names.add(p.object.toLowerCase());
      for (const child of children(p)) walk(child);
    };
    walk(plan);
    return [...names];
  }

  readsSources(plan: LogicalPlan): boolean {
    return this.scannedObjects(plan).some((n) => this.catalog.get(n)?.kind === 'source');
  }

  /** Objects that read `name` directly. */
  dependentsOf(name: string): string[] {
    const lower = name.toLowerCase();
    return [...this.dependencies].filter(([, deps]) => deps.includes(lower)).map(([n]) => n);
  }

  /** The object each pipeline input reads (durability asks which inputs follow a store). */
  readonly inputObjects = new WeakMap<PipelineInput, string>();

  private historyOf(object: string): ChangeHistory | null {
    return this.durability ? this.durability.history(object) : null;
  }

  private inputFor(scan: Scan, snapshot: boolean, wake: () => void): PipelineInput {
    const input = this.createInput(scan, snapshot, wake);
    this.inputObjects.set(input, scan.object.toLowerCase());
    return input;
  }

  private createInput(scan: Scan, snapshot: boolean, wake: () => void): PipelineInput {
    if (scan.objectKind === 'system-table') {
      // computed when read, with no change feed: a view or continuous query could never update
      if (!snapshot) {
        throw new EngineError('system-table-not-streamable', `"${scan.object}" is computed from the catalog when read; only a one-time SELECT can read it`, 'user', {
          hint: 'read system relations in a SELECT over tables and views, not in a view, a sink or a query over a source',
        });
      }
      return new StaticInput(scan.object, this.system.rows(scan.object));
    }
    const object = this.catalog.get(scan.object);
    const runtime = this.runtime(scan.object);
    if (!object || !runtime) throw new EngineError('object-not-found', `"${scan.object}" does not exist`);
    switch (runtime.kind) {
      case 'source': {
        const reader = runtime.connector.createReader(runtime.context);
        const limit = object.options['max_rows_per_batch'];
        return new SourceInput(`source ${object.name}`, object.schema, reader, object.watermark, runtime.bounded, limit ? Number(limit) : Infinity);
      }
      case 'table': {
        const input = new StoreInput(`table ${object.name}`, runtime.store, snapshot, () => false, wake, runtime.feed, this.historyOf(object.name));
        // a table's declared watermark follows the event times inserted into it
        return object.watermark && !snapshot ? new WatermarkedInput(input, object.watermark) : input;
      }
      case 'materialized-view': {
        const upstream = runtime.pipeline;
        const ended = () => upstream.status === 'finished';
        // a view whose result has a watermark column passes its pipeline's watermark on
        const followWatermark = (object.watermarkColumns?.length ?? 0) > 0;
        return new StoreInput(`materialized view ${object.name}`, runtime.store, snapshot, ended, wake, runtime.feed, this.historyOf(object.name), followWatermark);
      }
      default:
        throw new EngineError('not-scannable', `${object.kind} "${object.name}" cannot be read from`);
    }
  }

  describeKind(object: CatalogObject): string {
    return object.kind.replace('-', ' ');
  }
}

/** `code: message` of a pipeline's failure, for a notice. */
function describeFailure(error: unknown): string {
  if (error instanceof EngineError || error instanceof SqlError) return `${error.code}: ${error.message}`;
  return error instanceof Error ? error.message : String(error);
}
