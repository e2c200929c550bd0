/**
 * CREATE TABLE ... WITH (connector = '...'): a table filled by a source connector rather than
 * by INSERT — change events (`FORMAT UPSERT | DEBEZIUM ENCODE JSON`) from a broker, or a
 * reference table refreshed from PostgreSQL. A pipeline with no operators reads the source
 * and applies each batch (inserts and deletions; with a primary key, upserts) to the table's
 * rows, which publish their changes like any table. With a data directory it checkpoints like
 * a materialized view: the rows and the source's offset are restored together.
 */
import type { CreateTableStatement, Schema } from '@sluice/sql';
import { getSourceConnector } from '../../connectors/registry.js';
import type { SourceContext } from '../../connectors/source.js';
import type { ChangeFeed } from '../change-feed.js';
import type { EngineContext } from '../engine-context.js';
import { OperatorTree } from '../operator-tree.js';
import { Pipeline } from '../pipeline.js';
import { SourceInput } from '../pipeline-input.js';
import type { RowStore } from '../row-store.js';
import { StoreWriter } from '../store-writer.js';

/** Whether a CREATE TABLE names a connector. */
export function hasConnector(stmt: CreateTableStatement): boolean {
  return stmt.options['connector'] !== undefined;
}

/**
 * Checks the connector's options (CREATE time; throws like CREATE SOURCE) and builds the
 * table's ingest pipeline, not started yet. `context` is the source context of the table
 * (its schema, options, format and problem reporting) without the key, which is added here.
 */
export function connectorTablePipeline(
  ctx: EngineContext, stmt: CreateTableStatement, context: SourceContext, primaryKey: readonly number[], target: { store: RowStore; feed: ChangeFeed },
): Pipeline {
  const withKey: SourceContext = { ...context, primaryKey, currentRows: () => target.store.snapshotRows() };
  const connector = getSourceConnector(stmt.options['connector']!);
  connector.validate(withKey);
  const schema: Schema = context.schema;
  const limit = stmt.options['max_rows_per_batch'];
  const input = new SourceInput(`table ${stmt.name}`, schema, connector.createReader(withKey), undefined, false, limit ? Number(limit) : Infinity);
  const tree = new OperatorTree([{ input: 0, columns: null, schema, parent: null, inputIndex: 0 }], [], schema);
  const pipeline = new Pipeline(stmt.name, tree, [input], {
    intervalMs: () => ctx.settings.batchIntervalMs,
    maxRowsPerBatch: ctx.settings.maxRowsPerBatch,
    stateMemoryLimitBytes: () => ctx.settings.stateMemoryLimitBytes,
    ...(ctx.onBatch ? { onBatch: ctx.onBatch } : {}),
  });
  pipeline.addOutput(new StoreWriter(target.store, target.feed));
  return pipeline;
}
