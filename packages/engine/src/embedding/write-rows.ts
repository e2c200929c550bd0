/**
 * Rows written from code: `engine.insert(table, rows)` and `engine.push(source, rows)`.
 * Rows are checked against the schema first (row-objects.ts), so a bad row writes nothing.
 */
import { EngineError } from '../errors.js';
import type { Delta } from '../delta.js';
import type { EngineContext } from '../runtime/engine-context.js';
import { applyTableChange } from '../runtime/table-changes.js';
import { pushRows } from './push-source.js';
import { rowsToDelta, type RowsInput } from './row-objects.js';

/**
 * Inserts `rows` into the table `name` as an INSERT would (upserting under a primary key, in
 * the table's ingest log first with a data directory). Returns the number of rows.
 */
export async function insertRows(ctx: EngineContext, name: string, rows: RowsInput): Promise<number> {
  const runtime = ctx.runtime(name);
  const object = ctx.catalog.get(name);
  if (!runtime || !object) throw new EngineError('table-not-found', `table "${name}" does not exist`);
  if (runtime.kind !== 'table') throw new EngineError('not-insertable', `rows can be inserted into tables only; "${object.name}" is a ${ctx.describeKind(object)}`);
  const delta = rowsToDelta(runtime.store.schema, rows, `table ${object.name}`);
  await applyInsert(ctx, object.name, delta);
  if (ctx.settings.implicitFlush) for (const p of ctx.pipelines) await p.flush();
  return delta.length;
}

/** The same steps as the INSERT statement (run-query.ts): log, apply, publish, in order per table (table-changes.ts). */
async function applyInsert(ctx: EngineContext, table: string, delta: Delta): Promise<void> {
  const runtime = ctx.runtime(table);
  if (!runtime || runtime.kind !== 'table') return;
  await ctx.ingest(table, async () => {
    await applyTableChange(ctx, table, runtime, delta);
  });
}

/**
 * Pushes `rows` into `name`: a source with `connector = 'push'` (every pipeline reading it
 * gets them in its next batch), or a table (as `insertRows`). Returns the number of rows.
 */
export async function pushInto(ctx: EngineContext, name: string, rows: RowsInput): Promise<number> {
  const runtime = ctx.runtime(name);
  const object = ctx.catalog.get(name);
  if (!runtime || !object) throw new EngineError('table-not-found', `"${name}" does not exist`);
  if (runtime.kind === 'table') return insertRows(ctx, name, rows);
  if (runtime.kind !== 'source' || runtime.connector.name !== 'push') {
    throw new EngineError('not-pushable', `rows can be pushed into tables and sources with connector = 'push'; "${object.name}" is not one`);
  }
  const delta = rowsToDelta(object.schema, rows, `source ${object.name}`);
  pushRows(runtime.context, delta);
  // the readers' pipelines poll at their next batch; wake them so it comes now
  for (const pipeline of ctx.pipelines) pipeline.wake();
  return delta.length;
}
