/**
 * DELETE and UPDATE on a table.
 *
 * The bound plan runs as a snapshot over the table's current rows; the rows it yields become
 * one delta — deletions, and for UPDATE each old row's deletion followed by its new row's
 * insertion (every deletion before any insertion, so an UPDATE that swaps keys does not
 * collide with itself). That delta goes through the same path as an INSERT's rows: the ingest
 * log, the table's store, then its feed, so every view over the table receives the
 * retractions. The read and the write happen inside the table's ingest chain: no INSERT lands
 * between the rows read and the change applied.
 */
import {
  bindDelete, bindUpdate, optimize, SqlError,
  type BoundModify, type BoundQuery, type DeleteStatement, type SqlValue, type UpdateStatement,
} from '@sluice/sql';
import { deltaFromRows, type Op } from '../../delta.js';
import type { ResultColumn, StatementResult } from '../../results.js';
import type { EngineContext } from '../engine-context.js';
import { planPhysical } from '../physical-planner.js';
import { Pipeline } from '../pipeline.js';
import { StaticInput } from '../pipeline-input.js';
import { RowStore } from '../row-store.js';
import { applyTableChange } from '../table-changes.js';
import { runSnapshot } from './run-query.js';

/** `DELETE FROM t [WHERE ...] [RETURNING ...]`: tag `DELETE n`, or the RETURNING rows. */
export async function deleteRows(ctx: EngineContext, stmt: DeleteStatement): Promise<StatementResult> {
  return modifyTable(ctx, bindDelete(stmt, ctx.catalog), stmt.pos);
}

/** `UPDATE t SET ... [WHERE ...] [RETURNING ...]`: tag `UPDATE n`, or the RETURNING rows. */
export async function updateRows(ctx: EngineContext, stmt: UpdateStatement): Promise<StatementResult> {
  return modifyTable(ctx, bindUpdate(stmt, ctx.catalog), stmt.pos);
}

async function modifyTable(ctx: EngineContext, bound: BoundModify, pos: DeleteStatement['pos']): Promise<StatementResult> {
  const runtime = ctx.runtime(bound.table);
  if (!runtime || runtime.kind !== 'table') {
    throw new SqlError('not-insertable', `${bound.kind.toUpperCase()} needs a table; "${bound.table}" is not one`, pos);
  }
  const schema = runtime.store.schema;
  const width = schema.fields.length;
  let changed: SqlValue[][] = [];
  await ctx.ingest(bound.table, async () => {
    const rows = await runSnapshot(ctx, { plan: bound.plan, orderBy: [], notices: [], visibleColumns: bound.plan.schema.fields.length });
    if (rows.length === 0) return;
    const olds = bound.kind === 'update' ? rows.map((r) => r.slice(0, width)) : rows;
    const news = bound.kind === 'update' ? rows.map((r) => r.slice(width)) : [];
    const ops: Op[] = [...olds.map((): Op => -1), ...news.map((): Op => 1)];
    const delta = deltaFromRows(schema, [...olds, ...news], ops);
    await applyTableChange(ctx, bound.table, runtime, delta);
    changed = bound.kind === 'update' ? news : olds;
  });
  if (ctx.settings.implicitFlush) for (const p of ctx.pipelines) await p.flush();
  if (bound.returning) return returningRows(ctx, bound.returning, changed, schema);
  return { kind: 'command', tag: `${bound.kind.toUpperCase()} ${changed.length}`, notices: [] };
}

/** Evaluates RETURNING over `rows` (in the table's schema) in place of the table's contents. */
async function returningRows(ctx: EngineContext, query: BoundQuery, rows: SqlValue[][], schema: RowStore['schema']): Promise<StatementResult> {
  const plan = optimize(query.plan);
  const physical = planPhysical(plan, (scan) => new StaticInput(`returning ${scan.object}`, deltaFromRows(schema, rows)));
  const pipeline = new Pipeline('returning', physical.tree, physical.inputs, { intervalMs: () => 0, maxRowsPerBatch: ctx.settings.maxRowsPerBatch });
  const result = new RowStore(plan.schema);
  pipeline.addOutput({ write: (batch) => void batch.deltas.forEach((d) => result.apply(d)), close: () => {} });
  await pipeline.start();
  await pipeline.whenFinished();
  const visible = query.visibleColumns;
  const columns: ResultColumn[] = plan.schema.fields.slice(0, visible).map((f) => ({ name: f.name, type: f.type }));
  const out = result.snapshotRows().map((r) => (visible < r.length ? r.slice(0, visible) : r));
  return { kind: 'rows', columns, rows: out, notices: [] };
}
