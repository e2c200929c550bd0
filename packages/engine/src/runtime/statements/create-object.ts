/**
 * CREATE SOURCE / TABLE / MATERIALIZED VIEW / VIEW / SINK.
 */
import {
  bindQuery, bindWatermark, optimize, renameColumns, schemaFromColumns, SqlError,
  type CreateMaterializedViewStatement, type CreateSinkStatement, type CreateSourceStatement,
  type CreateTableStatement, type CreateViewStatement, type FormatDef, type LogicalPlan, type Options,
} from '@sluice/sql';
import { getSinkConnector, getSourceConnector } from '../../connectors/registry.js';
import type { SinkContext } from '../../connectors/sink.js';
import type { SourceContext } from '../../connectors/source.js';
import { EngineError } from '../../errors.js';
import type { StatementResult } from '../../results.js';
import { ChangeFeed } from '../change-feed.js';
import type { EngineContext } from '../engine-context.js';
import { RowStore } from '../row-store.js';
import { StoreWriter } from '../store-writer.js';
import type { StoredObjectRuntime } from '../object-runtime.js';
import { followIntoSink, SinkOutput } from '../sink-output.js';
import { recordDeadLetter } from '../dead-letters.js';
import { connectorTablePipeline, hasConnector } from './connector-table.js';

const command = (tag: string, notices: string[] = []): StatementResult => ({ kind: 'command', tag, notices });

function formatOf(format: FormatDef | undefined): SourceContext['format'] {
  return {
    format: (format?.format ?? 'plain').toLowerCase(),
    encode: (format?.encode ?? 'json').toLowerCase(),
    options: format?.options ?? {},
  };
}

function sourceContext(ctx: EngineContext, name: string, stmt: CreateSourceStatement | CreateTableStatement): SourceContext {
  const schema = schemaFromColumns(stmt.columns);
  // Every pipeline reading the source has its own reader: report each problem once, not per reader.
  const reported = new Set<string>();
  return {
    name,
    schema,
    options: stmt.options,
    format: formatOf(stmt.format),
    report: (problem) => {
      if (problem.deadLetter) recordDeadLetter(ctx, problem.deadLetter);
      const key = `${problem.code}@${problem.position}`;
      if (reported.has(key)) return;
      reported.add(key);
      ctx.notice(`${problem.code} in ${name} at ${problem.position}: ${problem.message}`);
    },
  };
}

export async function createSource(ctx: EngineContext, stmt: CreateSourceStatement): Promise<StatementResult> {
  if (ctx.checkNew(stmt.name, stmt.ifNotExists, stmt)) return command('CREATE_SOURCE');
  const context = sourceContext(ctx, stmt.name, stmt);
  const connector = getSourceConnector(requireOption(stmt.options, 'connector'));
  connector.validate(context);
  checkPositiveInteger(stmt.options, 'max_rows_per_batch');
  // a restore must not fail for a server that is down now: its reader waits for it
  if (!ctx.durability?.restoring) await connector.check?.(context);
  const bounded = connector.isBounded(stmt.options);
  const watermark = stmt.watermark ? bindWatermark(stmt.watermark, context.schema) : undefined;
  ctx.catalog.add({
    name: stmt.name, kind: 'source', schema: context.schema, definition: stmt, watermark,
    primaryKey: [], appendOnly: true, bounded, options: stmt.options, format: stmt.format,
  });
  ctx.runtimes.set(stmt.name.toLowerCase(), { kind: 'source', connector, context, bounded });
  await ctx.durability?.persist(stmt.name, 'source', stmt.sql);
  return command('CREATE_SOURCE');
}

export async function createTable(ctx: EngineContext, stmt: CreateTableStatement): Promise<StatementResult> {
  if (ctx.checkNew(stmt.name, stmt.ifNotExists, stmt)) return command('CREATE_TABLE');
  const schema = schemaFromColumns(stmt.columns);
  const primaryKey = stmt.primaryKey.map((name) => {
    const index = schema.fields.findIndex((f) => f.name === name.toLowerCase());
    if (index < 0) throw new SqlError('column-not-found', `primary key column "${name}" is not a column of "${stmt.name}"`, stmt.pos);
    return index;
  });
  const watermark = stmt.watermark ? bindWatermark(stmt.watermark, schema) : undefined;
  const store = new RowStore(schema, primaryKey);
  const feed = new ChangeFeed();
  // a table filled by a connector (change events, a refreshed reference table) has an ingest pipeline
  const context = hasConnector(stmt) ? sourceContext(ctx, stmt.name, stmt) : undefined;
  const ingest = context ? connectorTablePipeline(ctx, stmt, context, primaryKey, { store, feed }) : undefined;
  if (context && !ctx.durability?.restoring) await getSourceConnector(stmt.options['connector']!).check?.(context);
  await ctx.durability?.clearLeftovers(stmt.name);
  ctx.catalog.add({
    name: stmt.name, kind: 'table', schema, definition: stmt, watermark, primaryKey,
    appendOnly: stmt.appendOnly, bounded: false, options: stmt.options, format: stmt.format,
  });
  const runtime = { kind: 'table' as const, store, feed, nextBatchId: 1, ...(ingest ? { ingest } : {}) };
  ctx.runtimes.set(stmt.name.toLowerCase(), runtime);
  await ctx.durability?.persist(stmt.name, 'table', stmt.sql);
  if (ingest) {
    ctx.makeDurable(ingest, { store, feed });
    ctx.pipelines.push(ingest);
    await ctx.startPipeline(ingest);
    return command('CREATE_TABLE');
  }
  // a restore rebuilds the rows from the table's snapshot and the changes logged after it
  if (ctx.durability?.restoring) runtime.nextBatchId = (await ctx.durability.replayTable(stmt.name, schema, store, feed, watermark)) + 1;
  return command('CREATE_TABLE');
}

export async function createMaterializedView(ctx: EngineContext, stmt: CreateMaterializedViewStatement): Promise<StatementResult> {
  if (ctx.checkNew(stmt.name, stmt.ifNotExists, stmt)) return command('CREATE_MATERIALIZED_VIEW');
  const bound = bindQuery(stmt.query, ctx.catalog, { emitOnWindowClose: stmt.emitOnWindowClose, materialized: true });
  const plan = optimize(stmt.columns ? renameColumns(bound.plan, stmt.columns, stmt.pos) : bound.plan);
  const store = new RowStore(plan.schema);
  const feed = new ChangeFeed();
  const pipeline = ctx.buildPipeline(stmt.name, plan, false);
  pipeline.addOutput(new StoreWriter(store, feed));
  await ctx.durability?.clearLeftovers(stmt.name);
  ctx.makeDurable(pipeline, { store, feed });
  ctx.catalog.add({
    name: stmt.name, kind: 'materialized-view', schema: plan.schema, definition: stmt,
    primaryKey: [], appendOnly: plan.props.appendOnly, bounded: plan.props.bounded,
    options: {}, watermarkColumns: plan.props.watermarkColumns,
  });
  ctx.runtimes.set(stmt.name.toLowerCase(), { kind: 'materialized-view', store, feed, pipeline });
  ctx.dependencies.set(stmt.name.toLowerCase(), ctx.scannedObjects(plan));
  ctx.pipelines.push(pipeline);
  await ctx.durability?.persist(stmt.name, 'materialized-view', stmt.sql);
  await ctx.startPipeline(pipeline);
  // Backfill, as RisingWave does: CREATE returns once the view holds what its tables and views
  // hold already. A view reading a source does not wait (an unbounded source never catches up
  // for good, and a bounded one may be large), unless implicit flush is on.
  if (ctx.settings.implicitFlush || !ctx.readsSources(plan)) await pipeline.flush();
  return command('CREATE_MATERIALIZED_VIEW', bound.notices);
}

export async function createView(ctx: EngineContext, stmt: CreateViewStatement): Promise<StatementResult> {
  if (ctx.checkNew(stmt.name, stmt.ifNotExists, stmt)) return command('CREATE_VIEW');
  // Bind once now so that a broken view fails at CREATE, not at first use.
  const bound = bindQuery(stmt.query, ctx.catalog, { materialized: true });
  ctx.catalog.add({
    name: stmt.name, kind: 'view', schema: bound.plan.schema, definition: stmt, primaryKey: [],
    appendOnly: bound.plan.props.appendOnly, bounded: bound.plan.props.bounded, query: stmt.query, options: {},
  });
  ctx.runtimes.set(stmt.name.toLowerCase(), { kind: 'view' });
  ctx.dependencies.set(stmt.name.toLowerCase(), ctx.scannedObjects(bound.plan));
  await ctx.durability?.persist(stmt.name, 'view', stmt.sql);
  return command('CREATE_VIEW');
}

export async function createSink(ctx: EngineContext, stmt: CreateSinkStatement): Promise<StatementResult> {
  if (ctx.checkNew(stmt.name, stmt.ifNotExists, stmt)) return command('CREATE_SINK');
  const connector = getSinkConnector(requireOption(stmt.options, 'connector'));
  let plan: LogicalPlan | null = null;
  let schema;
  let notices: string[] = [];
  if (stmt.query) {
    const bound = bindQuery(stmt.query, ctx.catalog, { emitOnWindowClose: stmt.emitOnWindowClose, materialized: true });
    plan = optimize(bound.plan);
    schema = plan.schema;
    notices = bound.notices;
  } else {
    const from = ctx.catalog.get(stmt.from!);
    if (!from) throw new SqlError('table-not-found', `"${stmt.from}" does not exist`, stmt.pos);
    schema = from.schema;
  }
  const sinkContext: SinkContext = {
    name: stmt.name, schema, options: stmt.options, format: formatOf(stmt.format),
    restored: ctx.durability?.restoring ?? false, notice: ctx.notice, callback: (name) => ctx.functions.callback(name),
  };
  connector.validate(sinkContext);
  const writer = connector.createWriter(sinkContext);
  const fromRuntime = stmt.query ? null : ctx.runtime(stmt.from!);
  if (!plan && (!fromRuntime || !('feed' in fromRuntime))) {
    throw new EngineError('not-sinkable', `a sink FROM must name a table or materialized view, and "${stmt.from}" is not one`);
  }
  await writer.open();
  await ctx.durability?.clearLeftovers(stmt.name);
  if (plan) {
    const pipeline = ctx.buildPipeline(stmt.name, plan, false);
    pipeline.addOutput(new SinkOutput(writer));
    ctx.makeDurable(pipeline, null);
    ctx.runtimes.set(stmt.name.toLowerCase(), { kind: 'sink', writer, pipeline });
    ctx.dependencies.set(stmt.name.toLowerCase(), ctx.scannedObjects(plan));
    ctx.pipelines.push(pipeline);
    await ctx.durability?.persist(stmt.name, 'sink', stmt.sql);
    await ctx.startPipeline(pipeline);
  } else {
    await ctx.durability?.persist(stmt.name, 'sink', stmt.sql);
    const detach = await followIntoSink(ctx, stmt.name, stmt.from!, fromRuntime as StoredObjectRuntime, writer);
    ctx.runtimes.set(stmt.name.toLowerCase(), { kind: 'sink', writer, detach });
    ctx.dependencies.set(stmt.name.toLowerCase(), [stmt.from!.toLowerCase()]);
  }
  ctx.catalog.add({
    name: stmt.name, kind: 'sink', schema, definition: stmt, primaryKey: [], appendOnly: true,
    bounded: false, options: stmt.options, format: stmt.format,
  });
  return command('CREATE_SINK', notices);
}

function checkPositiveInteger(options: Options, name: string): void {
  const value = options[name];
  if (value !== undefined && !(Number.isInteger(Number(value)) && Number(value) > 0)) {
    throw new EngineError('invalid-option', `${name} must be a positive integer, not '${value}'`);
  }
}

function requireOption(options: Options, name: string): string {
  const value = options[name];
  if (!value) throw new EngineError('missing-option', `the WITH clause needs ${name} = '...'`);
  return value;
}
