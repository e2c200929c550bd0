/**
 * The engine alone: a query's operator tree (bound, optimized and planned exactly as a
 * materialized view would be) fed pre-generated Arrow batches directly — no sources, no
 * micro-batch loop, no view store. What remains is the operators' own cost.
 */
import {
  bindQuery, bindWatermark, Catalog, optimize, parse, schemaFromColumns,
  type CreateMaterializedViewStatement, type CreateSourceStatement, type Statement,
} from '@sluice/sql';
import { planPhysical, registerDefinition, UserFunctionRegistry, withEngineFunctions, type Delta, type OperatorTree } from '@sluice/engine/internal';
import { NexmarkGenerator, NEXMARK_DEFAULT_CONFIG, NexmarkEventKind } from '@sluice/engine/internal';
import { NEXMARK_FUNCTIONS } from './nexmark-functions.js';
import { preludeSql, querySql } from './query-files.js';

const KIND_OF: Record<string, NexmarkEventKind> = { person: NexmarkEventKind.Person, auction: NexmarkEventKind.Auction, bid: NexmarkEventKind.Bid };
const WATERMARK_DELAY_US = 4_000_000;

/** A planned query: its tree and, per tree input, the source it reads. */
export interface PlannedQuery {
  readonly tree: OperatorTree;
  readonly inputSources: readonly string[];
}

/** Plans query `name`'s materialized view over the prelude's sources; null for a sink or setup-dependent query. */
export function planQuery(name: string): PlannedQuery | null {
  const catalog = new Catalog();
  // the binder finds the queries' user functions (q14's count_char) in the catalog, the planner in scope
  const functions = new UserFunctionRegistry();
  for (const definition of NEXMARK_FUNCTIONS) registerDefinition(functions, definition);
  catalog.functions = functions;
  for (const stmt of parse(preludeSql({ events: 1 }))) addSource(catalog, stmt);
  const statements = parse(querySql(name));
  const view = statements.find((s): s is CreateMaterializedViewStatement => s.kind === 'CreateMaterializedView');
  if (!view || statements.length > 1) return null;
  const plan = optimize(bindQuery(view.query, catalog, { emitOnWindowClose: view.emitOnWindowClose, materialized: true }).plan);
  const inputSources: string[] = [];
  const physical = withEngineFunctions(functions, () => planPhysical(plan, (scan) => {
    inputSources.push(scan.object.toLowerCase());
    return { description: scan.object, schema: scan.schema } as never;
  }));
  return { tree: physical.tree, inputSources };
}

function addSource(catalog: Catalog, stmt: Statement): void {
  if (stmt.kind !== 'CreateSource') return;
  const s = stmt as CreateSourceStatement;
  const schema = schemaFromColumns(s.columns);
  catalog.add({
    name: s.name, kind: 'source', schema, definition: s, primaryKey: [], appendOnly: true, bounded: true,
    options: s.options, format: s.format, watermark: s.watermark ? bindWatermark(s.watermark, schema) : undefined,
  } as never);
}

/** Batches of each source for events [0, events), `batchEvents` events per batch. */
export function pregenerate(sources: readonly string[], events: number, batchEvents: number, eventRate = NEXMARK_DEFAULT_CONFIG.eventRate): Map<string, Delta[]> {
  const out = new Map<string, Delta[]>();
  const catalog = new Catalog();
  for (const stmt of parse(preludeSql({ events }))) addSource(catalog, stmt);
  for (const source of new Set(sources)) {
    const schema = catalog.get(source)!.schema;
    const generator = new NexmarkGenerator({ ...NEXMARK_DEFAULT_CONFIG, eventCount: events, eventRate }, KIND_OF[source]!, schema);
    const batches: Delta[] = [];
    for (let from = 0; from < events; from += batchEvents) batches.push(generator.generate(from, Math.min(events, from + batchEvents)));
    out.set(source, batches);
  }
  return out;
}

/**
 * Pushes every batch through a fresh plan of `name` (watermark advanced after each round, as
 * the pipeline does, then to infinity); returns the seconds spent and the rows that came out.
 */
export function runEngineAlone(name: string, batches: Map<string, Delta[]>): { seconds: number; rowsOut: number } | null {
  const planned = planQuery(name);
  if (!planned) return null;
  const { tree, inputSources } = planned;
  const rounds = Math.max(...inputSources.map((s) => batches.get(s)!.length));
  const timeColumn = new Map(inputSources.map((s) => [s, batches.get(s)![0]!.schema.fields.findIndex((f) => f.name === 'date_time')]));
  let rowsOut = 0;
  const started = performance.now();
  for (let round = 0; round < rounds; round++) {
    const out: Delta[] = [];
    let watermark = Infinity;
    inputSources.forEach((source, input) => {
      const delta = batches.get(source)![round];
      if (!delta || delta.length === 0) return;
      tree.pushInput(input, delta, out);
      const times = delta.columns[timeColumn.get(source)!]!.values as BigInt64Array;
      watermark = Math.min(watermark, Number(times[delta.length - 1]) - WATERMARK_DELAY_US);
    });
    if (watermark < Infinity) tree.advanceWatermark(watermark, out);
    for (const d of out) rowsOut += d.length;
  }
  const last: Delta[] = [];
  tree.advanceWatermark(Infinity, last);
  for (const d of last) rowsOut += d.length;
  return { seconds: (performance.now() - started) / 1000, rowsOut };
}
