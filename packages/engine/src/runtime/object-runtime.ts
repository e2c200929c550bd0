/**
 * What the engine keeps alive for each catalog object, beside its catalog entry.
 */
import type { SinkWriter } from '../connectors/sink.js';
import type { SourceConnector, SourceContext } from '../connectors/source.js';
import type { ChangeFeed } from './change-feed.js';
import type { Pipeline } from './pipeline.js';
import type { RowStore } from './row-store.js';

export type ObjectRuntime =
  | { readonly kind: 'source'; readonly connector: SourceConnector; readonly context: SourceContext; readonly bounded: boolean }
  | { readonly kind: 'table'; readonly store: RowStore; readonly feed: ChangeFeed; readonly ingest?: Pipeline; nextBatchId: number }
  | { readonly kind: 'materialized-view'; readonly store: RowStore; readonly feed: ChangeFeed; readonly pipeline: Pipeline }
  | { readonly kind: 'view' }
  | { readonly kind: 'sink'; readonly writer: SinkWriter; readonly pipeline?: Pipeline; readonly detach?: () => void };

/** Objects that hold rows and publish their changes. */
export type StoredObjectRuntime = Extract<ObjectRuntime, { store: RowStore }>;
