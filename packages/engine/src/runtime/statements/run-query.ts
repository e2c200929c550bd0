/**
 * SELECT, SUBSCRIBE and INSERT.
 *
 * A SELECT that reads only tables and materialized views is a snapshot read: it runs once
 * over their current rows and returns rows. A SELECT that reads a source is a continuous
 * (push) query: it returns a stream of changes until its sources end or it is cancelled.
 */
import {
  bindInsert, bindQuery, optimize, SqlError,
  type BoundQuery, type InsertStatement, type QueryStatement, type SqlValue, type SubscribeStatement,
} from '@sluice/sql';
import { isJoinStateNotice, isStateNotice } from '@sluice/sql/internal';
import { deltaFromRows, deltaRows, type Delta } from '../../delta.js';
import type { ChangeBatch, ResultColumn, StatementResult } from '../../results.js';
import { QueuedChangeStream } from '../change-stream.js';
import type { EngineContext } from '../engine-context.js';
import { RowStore } from '../row-store.js';
import { sortRows } from '../sort-rows.js';
import { applyTableChange } from '../table-changes.js';
import { dropLateRows } from '../table-late-rows.js';

let nextQueryId = 1;

export async function runQuery(ctx: EngineContext, stmt: QueryStatement): Promise<StatementResult> {
  const bound = bindQuery(stmt.query, ctx.catalog, stmt.emitOnWindowClose ? { emitOnWindowClose: true } : {});
  const plan = optimize(bound.plan);
  const columns = columnsOf(bound);
  if (ctx.readsSources(plan)) {
    const pipeline = ctx.buildPipeline(`query-${nextQueryId++}`, plan, false);
    const stream = new QueuedChangeStream(plan.schema, () => void pipeline.stop());
    pipeline.addOutput({
      write: (batch) => {
        const changes = batch.deltas.flatMap(toChanges);
        if (changes.length > 0) stream.push({ batchId: batch.batchId, watermarkUs: finite(batch.watermarkUs), changes });
      },
      close: (error) => (error ? stream.fail(error) : stream.end()),
    });
    await pipeline.start();
    return { kind: 'stream', columns, stream, notices: bound.notices };
  }
  const rows = await runSnapshot(ctx, bound);
  // a snapshot read holds join and operator state only while it runs: the warnings are about continuous queries
  return { kind: 'rows', columns, rows, notices: bound.notices.filter((n) => !isJoinStateNotice(n) && !isStateNotice(n)) };
}

/** Runs a bounded plan to its end and returns its final rows, ordered and limited. */
export async function runSnapshot(ctx: EngineContext, bound: BoundQuery): Promise<SqlValue[][]> {
  const plan = optimize(bound.plan);
  const pipeline = ctx.buildPipeline(`snapshot-${nextQueryId++}`, plan, true);
  const result = new RowStore(plan.schema);
  pipeline.addOutput({ write: (batch) => void batch.deltas.forEach((d) => result.apply(d)), close: () => {} });
  await pipeline.start();
  await pipeline.whenFinished();
  let rows = result.snapshotRows();
  if (bound.orderBy.length > 0) rows = sortRows(rows, bound.orderBy);
  const offset = bound.offset ?? 0;
  if (bound.limit !== undefined || offset > 0) rows = rows.slice(offset, bound.limit === undefined ? undefined : offset + bound.limit);
  const visible = bound.visibleColumns;
  return visible < plan.schema.fields.length ? rows.map((r) => r.slice(0, visible)) : rows;
}

export async function subscribe(ctx: EngineContext, stmt: SubscribeStatement): Promise<StatementResult> {
  if (stmt.query) return runQuery(ctx, { ...stmt, kind: 'Query', query: stmt.query });
  const object = ctx.catalog.get(stmt.target!);
  const runtime = ctx.runtime(stmt.target!);
  if (!object || (!runtime && object.kind !== 'system-table')) throw new SqlError('table-not-found', `"${stmt.target}" does not exist`, stmt.pos);
  if (!runtime || !('feed' in runtime)) {
    throw new SqlError('not-subscribable', `only tables and materialized views can be subscribed to; "${object.name}" is a ${ctx.describeKind(object)}`, stmt.pos);
  }
  let detach = () => {};
  const stream = new QueuedChangeStream(object.schema, () => detach());
  const initial = runtime.store.snapshot();
  stream.push({ batchId: 0, watermarkUs: null, changes: toChanges(initial) });
  detach = runtime.feed.follow({
    onBatch: (batch) => {
      const changes = batch.deltas.flatMap(toChanges);
      if (changes.length > 0) stream.push({ batchId: batch.batchId, watermarkUs: finite(batch.watermarkUs), changes });
    },
    onClose: (error) => (error ? stream.fail(error) : stream.end()),
  });
  const columns = object.schema.fields.map((f) => ({ name: f.name, type: f.type }));
  return { kind: 'stream', columns, stream, notices: [] };
}

export async function insert(ctx: EngineContext, stmt: InsertStatement): Promise<StatementResult> {
  const { table, plan } = bindInsert(stmt, ctx.catalog);
  const runtime = ctx.runtime(table);
  if (!runtime || runtime.kind !== 'table') {
    throw new SqlError('not-insertable', `INSERT needs a table; "${table}" is not one`, stmt.pos);
  }
  const rows = await runSnapshot(ctx, { plan, orderBy: [], notices: [], visibleColumns: plan.schema.fields.length });
  let delta = deltaFromRows(runtime.store.schema, rows);
  const notices: string[] = [];
  await ctx.ingest(table, async () => {
    const watermark = ctx.catalog.get(table)?.watermark;
    if (watermark) {
      const late = dropLateRows(runtime.store, watermark, delta);
      delta = late.kept;
      if (late.dropped > 0) notices.push(`${late.dropped} row(s) behind the watermark of table "${table}" dropped`);
    }
    await applyTableChange(ctx, table, runtime, delta);
  });
  if (ctx.settings.implicitFlush) for (const p of ctx.pipelines) await p.flush();
  return { kind: 'command', tag: `INSERT 0 ${rows.length}`, notices };
}

function columnsOf(bound: BoundQuery): ResultColumn[] {
  const visible = bound.visibleColumns;
  return bound.plan.schema.fields.slice(0, visible).map((f) => ({ name: f.name, type: f.type }));
}

function toChanges(delta: Delta): ChangeBatch['changes'][number][] {
  return deltaRows(delta).map(({ op, values }) => ({ op: op === 1 ? '+' : '-', values }));
}

function finite(watermarkUs: number | null): number | null {
  return watermarkUs === null || !Number.isFinite(watermarkUs) ? null : watermarkUs;
}
